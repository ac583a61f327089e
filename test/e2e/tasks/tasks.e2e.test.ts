/**
 * MCP Tasks for CloudStack jobs, end to end: a tasks-capable SDK Client → the real server and pipeline → the real
 * CloudStack client → the simulator on 127.0.0.1, over the in-memory link and over Streamable HTTP. A "75 s"
 * migration against the "50 s" MAX_WAIT is a 2.5 s job against 1 s (support.ts): as a plain call it returns
 * still running; as a task it runs to completion in the background.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema, type CallToolResult, type Task } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryApprovalStore } from '../../../src/approvals/store.js';
import { createPolicyGateFromValue } from '../../../src/policy/index.js';
import { silentLogger } from '../../../src/logger.js';
import { toolFacts } from '../../../src/tools/index.js';
import { callAsTask, migration, pollTask, sent, startTaskWorld, taskResult, textOf, type TaskWorld } from './support.js';

let world: (TaskWorld & { recorded: import('../../helpers/allow-all-policy.js').RecordingPolicy }) | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const jobIdIn = (task: Task): string => new RegExp(`job (${UUID})`).exec(task.statusMessage ?? '')![1]!;

/** The full life of the task-run migration, asserted the same way over either transport. */
async function migrateAsTask(client: Client, w: TaskWorld & { recorded: { outcomes: unknown[] } }): Promise<void> {
  const { vmId, hostId } = await migration(client, w.simulator);
  const created = await callAsTask(client, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: hostId });
  // Answered right after CloudStack accepted the job: working, naming the job.
  expect(created.status).toBe('working');
  expect(created.statusMessage).toMatch(new RegExp(`^migrateVirtualMachine job ${UUID}: submitted to CloudStack`));
  const jobId = jobIdIn(created);
  expect(sent(w.simulator, 'migrateVirtualMachine')).toHaveLength(1);

  // Past the "50 s" a plain call may wait, the task is still working, with the job's progress.
  const working = await pollTask(client, created.taskId, (task) => /running in CloudStack after/.test(task.statusMessage ?? ''));
  expect(working.status).toBe('working');
  expect(working.statusMessage).toMatch(new RegExp(`^migrateVirtualMachine job ${jobId}( on VirtualMachine ${vmId})?: running in CloudStack after \\d+\\.\\d s \\(\\d+ checks?\\)`));
  const listed = await client.experimental.tasks.listTasks();
  expect(listed.tasks.map((task) => task.taskId)).toContain(created.taskId);

  // tasks/result blocks until the job ends, then answers what migrate_virtual_machine answers.
  const result = await taskResult(client, created.taskId);
  expect(result.isError).toBeFalsy();
  expect(result.structuredContent).toMatchObject({ virtualmachine: { id: vmId, hostid: hostId, name: 'web-02' } });
  expect(textOf(result)).toMatch(/^Virtual machine web-02/);
  expect(textOf(result)).toContain(`Job ${jobId} finished`);
  const done = await client.experimental.tasks.getTask(created.taskId);
  expect(done.status).toBe('completed');
  expect(sent(w.simulator, 'migrateVirtualMachine')).toHaveLength(1);
  expect(w.simulator.world.vms.find((vm) => vm.id === vmId)!.hostid).toBe(hostId);
  // Audited when the outcome was known, naming the job.
  expect(w.recorded.outcomes.at(-1)).toEqual({ ok: true, jobId });
}

describe('a task-run migration longer than MAX_WAIT', () => {
  it('in memory: created at submission, working with progress, listed, completed with the migrated VM', async () => {
    world = await startTaskWorld();
    const client = await world.connect('s1');
    const listing = (await client.listTools()).tools;
    expect(listing.find((tool) => tool.name === 'migrate_virtual_machine')?.execution).toEqual({ taskSupport: 'optional' });
    expect(listing.find((tool) => tool.name === 'list_zones')?.execution).toBeUndefined();
    await migrateAsTask(client, world);
  });

  it('over Streamable HTTP: the same, and another HTTP session finds the task by id but does not list it', async () => {
    world = await startTaskWorld();
    const http = await world.http();
    const client = await http.connect();
    await migrateAsTask(client, world);
    const other = await http.connect();
    const [mine] = (await client.experimental.tasks.listTasks()).tasks;
    expect((await other.experimental.tasks.getTask(mine!.taskId)).status).toBe('completed');
    expect((await other.experimental.tasks.listTasks()).tasks).toEqual([]);
  });

  it('callToolStream (the SDK client’s task API) ends with the tool’s result', async () => {
    world = await startTaskWorld();
    const client = await world.connect('s1');
    const { vmId, hostId } = await migration(client, world.simulator);
    const kinds: string[] = [];
    let result: CallToolResult | undefined;
    for await (const message of client.experimental.tasks.callToolStream({ name: 'migrate_virtual_machine', arguments: { virtualmachineid: vmId, hostid: hostId } }, CallToolResultSchema)) {
      kinds.push(message.type);
      if (message.type === 'result') result = message.result as CallToolResult;
      if (message.type === 'error') throw message.error;
    }
    expect(kinds[0]).toBe('taskCreated');
    expect(kinds).toContain('taskStatus');
    expect(result?.structuredContent).toMatchObject({ virtualmachine: { id: vmId, hostid: hostId } });
  });

  it('a plain call of the same tool is unchanged: it returns still running at MAX_WAIT with the job id', async () => {
    world = await startTaskWorld();
    const client = await world.connect('s1');
    const { vmId, hostId } = await migration(client, world.simulator);
    const plain = (await client.callTool({ name: 'migrate_virtual_machine', arguments: { virtualmachineid: vmId, hostid: hostId } })) as CallToolResult;
    expect(plain.structuredContent).toMatchObject({ job: { state: 'still_running', command: 'migrateVirtualMachine' }, next: { tool: 'wait_for_job' } });
    expect((await client.experimental.tasks.listTasks()).tasks).toEqual([]);
  });
});

describe('task records hold no secrets', () => {
  it('a task-run password reset completes without the password in its record; the text says how to get it', async () => {
    world = await startTaskWorld({ jobMs: 30 });
    const client = await world.connect('s1');
    const vm = world.simulator.world.vms.find((candidate) => candidate.name === 'dev-02')!;
    const created = await callAsTask(client, 'reset_password_virtual_machine', { id: vm.id });
    const result = await taskResult(client, created.taskId);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ virtualmachine: { id: vm.id, password: '[REDACTED]' } });
    expect(textOf(result)).toContain('password (shown once, store it now; it is never logged): [REDACTED]');
    expect(textOf(result)).toMatch(/Secrets in reset_password_virtual_machine's result are not kept in task records/);
    // What the store holds is what tasks/result gave: no password value anywhere.
    const stored = JSON.stringify([await world.store.getTask(created.taskId), await world.store.getTaskResult(created.taskId)]);
    expect(stored).not.toMatch(/"password":"(?!\[REDACTED\])/);
    expect(sent(world.simulator, 'resetPasswordForVirtualMachine')).toHaveLength(1);
  });
});

describe('tasks/cancel', () => {
  it('stops waiting, says the CloudStack job may go on (naming it and wait_for_job); the migration is not sent again', async () => {
    world = await startTaskWorld();
    const client = await world.connect('s1');
    const { vmId, hostId } = await migration(client, world.simulator);
    const created = await callAsTask(client, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: hostId });
    const jobId = jobIdIn(created);
    const cancelled = await client.experimental.tasks.cancelTask(created.taskId);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.statusMessage).toContain(`stopped waiting for migrateVirtualMachine job ${jobId}`);
    expect(cancelled.statusMessage).toMatch(/The CloudStack job itself was not cancelled and may still be running/);
    expect(cancelled.statusMessage).toContain(`wait_for_job or query_async_job (jobid ${jobId})`);
    // The wait stopped and was audited, naming the job; the task stays cancelled.
    await expect.poll(() => (world!.recorded.outcomes.at(-1) as { ok?: boolean }).ok).toBe(false);
    expect(world.recorded.outcomes.at(-1)).toMatchObject({ ok: false, jobId, error: expect.stringMatching(/^job_wait_stopped: Stopped waiting for migrateVirtualMachine job .* the task was cancelled/) });
    await expect(client.experimental.tasks.cancelTask(created.taskId)).rejects.toThrow(/already cancelled/);
    await expect(taskResult(client, created.taskId)).rejects.toThrow(new RegExp(`was cancelled, so it has no result\\. Cancelled: .*jobid ${jobId}`));
    // The job itself goes on in CloudStack and ends; nothing sent it twice.
    let finished = await client.callTool({ name: 'wait_for_job', arguments: { jobid: jobId } });
    for (let round = 0; (finished.structuredContent as { job?: { state?: string } }).job?.state === 'still_running' && round < 10; round++) {
      finished = await client.callTool({ name: 'wait_for_job', arguments: { jobid: jobId } });
    }
    expect(finished.structuredContent).toMatchObject({ virtualmachine: { hostid: hostId } });
    expect(sent(world.simulator, 'migrateVirtualMachine')).toHaveLength(1);
    expect((await client.experimental.tasks.getTask(created.taskId)).status).toBe('cancelled');
  });

  it('from another process sharing the store: that process’s cancel is seen between polls and stops this one’s wait', async () => {
    world = await startTaskWorld();
    const client = await world.connect('s1');
    const { createTaskWaits } = await import('../../../src/tasks/task-waits.js');
    const elsewhere = await world.connect('s2', { waits: createTaskWaits() });
    const { vmId, hostId } = await migration(client, world.simulator);
    const created = await callAsTask(client, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: hostId });
    expect(world.waits.active).toBe(1);
    const cancelled = await elsewhere.experimental.tasks.cancelTask(created.taskId);
    expect(cancelled.statusMessage).toContain(`jobid ${jobIdIn(created)}`);
    await expect.poll(() => world!.waits.active).toBe(0);
    expect(world.recorded.outcomes.at(-1)).toMatchObject({ ok: false, jobId: jobIdIn(created), error: expect.stringMatching(/the task was cancelled/) });
    expect(sent(world.simulator, 'migrateVirtualMachine')).toHaveLength(1);
  });
});

describe('outcomes that are not a success', () => {
  it('a failing job: the task fails with CloudStack’s error result (code and text)', async () => {
    world = await startTaskWorld();
    const client = await world.connect('s1');
    const { vmId, hostId } = await migration(client, world.simulator);
    world.simulator.setFaults({ failNextJobs: 1 });
    const created = await callAsTask(client, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: hostId });
    const jobId = jobIdIn(created);
    const result = await taskResult(client, created.taskId);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ error: { code: 'job_failed', jobId, errorCode: 530 } });
    const errorText = (result.structuredContent as { error: { errorText: string } }).error.errorText;
    expect(textOf(result)).toBe(`migrate_virtual_machine failed [job_failed]: migrateVirtualMachine job ${jobId} failed with CloudStack error 530: ${errorText}`);
    const failed = await client.experimental.tasks.getTask(created.taskId);
    expect(failed.status).toBe('failed');
    expect(failed.statusMessage).toContain(errorText);
    expect(world.recorded.outcomes.at(-1)).toMatchObject({ ok: false, jobId });
  });

  it('a policy-denied task-augmented call is a failed task with the refusal; the simulator never sees it', async () => {
    const gate = createPolicyGateFromValue(
      { version: '1', default: 'allow', tools: { migrate_virtual_machine: { action: 'deny', on_deny: 'Migrations are frozen this week' } } },
      { tools: toolFacts(), logger: silentLogger, audit: { write: () => {} } },
    );
    world = await startTaskWorld({ policy: gate });
    const client = await world.connect('s1');
    const { vmId, hostId } = await migration(client, world.simulator);
    world.simulator.clearRequests();
    const created = await callAsTask(client, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: hostId });
    expect(created.status).toBe('failed');
    const result = await taskResult(client, created.taskId);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^\[POLICY DENIED\] .*Migrations are frozen this week/);
    expect(world.simulator.requests).toEqual([]);
    await gate.close();
  });

  it('an operator approval pending: a completed task whose result is the pending answer; approved, the repeated task call runs the job once', async () => {
    const gate = createPolicyGateFromValue(
      { version: '1', default: 'allow', tools: { migrate_virtual_machine: { action: 'require_approval' } } },
      { tools: toolFacts(), logger: silentLogger, audit: { write: () => {} } },
    );
    const store = createMemoryApprovalStore();
    world = await startTaskWorld({ policy: gate, approvals: { store, pageUrl: 'http://127.0.0.1:1/approvals' } });
    const client = await world.connect('s1');
    const { vmId, hostId } = await migration(client, world.simulator);
    const args = { virtualmachineid: vmId, hostid: hostId };
    const pending = await callAsTask(client, 'migrate_virtual_machine', args);
    expect(pending.status).toBe('completed');
    const answer = await taskResult(client, pending.taskId);
    expect(answer.isError).toBeFalsy();
    const approval = (answer.structuredContent as { policy: { approval: { id: string } } }).policy.approval;
    expect(textOf(answer)).toMatch(/pending/i);
    expect(sent(world.simulator, 'migrateVirtualMachine')).toHaveLength(0);

    await store.approve(approval.id, 'alice (test)');
    const approved = await callAsTask(client, 'migrate_virtual_machine', args);
    expect(approved.status).toBe('working');
    expect((await taskResult(client, approved.taskId)).structuredContent).toMatchObject({ virtualmachine: { id: vmId, hostid: hostId } });
    expect(sent(world.simulator, 'migrateVirtualMachine')).toHaveLength(1);
    await gate.close();
  });

  it('a validation error is a failed task naming the field; nothing is sent', async () => {
    world = await startTaskWorld();
    const client = await world.connect('s1');
    world.simulator.clearRequests();
    const created = await callAsTask(client, 'migrate_virtual_machine', { virtualmachineid: 'not-a-uuid' });
    expect(created.status).toBe('failed');
    expect(textOf(await taskResult(client, created.taskId))).toMatch(/virtualmachineid/);
    expect(world.simulator.requests).toEqual([]);
  });

  it('a tool that runs no job refuses a task-augmented call (-32601), as the tools spec says', async () => {
    world = await startTaskWorld();
    const client = await world.connect('s1');
    await expect(callAsTask(client, 'list_zones', {})).rejects.toThrow(/does not support task-augmented calls/);
  });

  it('shutdown while a task waits: the task fails naming the job, saying it may still run and how to check; audited', async () => {
    world = await startTaskWorld();
    const client = await world.connect('s1');
    const { vmId, hostId } = await migration(client, world.simulator);
    const created = await callAsTask(client, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: hostId });
    const jobId = jobIdIn(created);
    await world.waits.abortAll('the MCP server shut down', 5_000);
    const failed = await client.experimental.tasks.getTask(created.taskId);
    expect(failed.status).toBe('failed');
    expect(failed.statusMessage).toContain(`Stopped waiting for migrateVirtualMachine job ${jobId}`);
    expect(failed.statusMessage).toMatch(/the MCP server shut down\. The job was submitted and may still be running in CloudStack/);
    expect(failed.statusMessage).toContain(`wait_for_job or query_async_job (jobid ${jobId})`);
    expect(world.recorded.outcomes.at(-1)).toMatchObject({ ok: false, jobId, error: expect.stringMatching(/^job_wait_stopped: .*shut down/) });
  });

  it('CloudStack lost while a task waits: the task fails naming the job, saying it may still be running; audited', async () => {
    world = await startTaskWorld();
    const client = await world.connect('s1');
    const { vmId, hostId } = await migration(client, world.simulator);
    const created = await callAsTask(client, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: hostId });
    const jobId = jobIdIn(created);
    await pollTask(client, created.taskId, (task) => /running in CloudStack after/.test(task.statusMessage ?? ''));
    const simulator = world.simulator;
    await simulator.close();
    // The world closes its simulator at the end: already stopped here.
    Object.assign(simulator, { close: async () => undefined });
    const failed = await pollTask(client, created.taskId, (task) => task.status === 'failed');
    expect(failed.statusMessage).toContain(`Lost contact with CloudStack while waiting for migrateVirtualMachine job ${jobId}`);
    expect(failed.statusMessage).toMatch(/may still be running in CloudStack/);
    const result = await taskResult(client, created.taskId);
    expect(result.structuredContent).toMatchObject({ error: { code: 'job_aborted', jobId, causeCode: 'network' } });
    expect(textOf(result)).toContain(`wait_for_job or query_async_job (jobid ${jobId})`);
    expect(world.recorded.outcomes.at(-1)).toMatchObject({ ok: false, jobId, error: expect.stringMatching(/^job_aborted: .*may still be running/) });
  });

  it('a job that outlives CLOUDSTACK_ASYNC_TIMEOUT: the task fails naming the job and how to follow it', async () => {
    world = await startTaskWorld({ asyncTimeoutMs: 1_200 });
    const client = await world.connect('s1');
    const { vmId, hostId } = await migration(client, world.simulator);
    const created = await callAsTask(client, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: hostId });
    const result = await taskResult(client, created.taskId);
    expect(result.structuredContent).toMatchObject({ error: { code: 'job_wait_limit', jobId: jobIdIn(created) } });
    expect(textOf(result)).toMatch(/is still running in CloudStack after .* may still be running in CloudStack: check it with wait_for_job/);
  });
});

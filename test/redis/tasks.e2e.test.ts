/**
 * MCP task records shared through Redis by two server processes — the built CLI over stdio and over Streamable
 * HTTP — against one simulator: a task created on one process is read (`tasks/get`), awaited (`tasks/result`)
 * and cancelled on the other; `tasks/list` stays per session. With Redis gone, task operations are refused with
 * the clear error and nothing is sent; when it returns they work again without a restart. A status notice goes
 * only to the session of the process that wrote the status (a cancel's to the canceller, not the task's owner).
 * This file owns its Redis (it stops it). A migration job lasts 2.5 s here, so a task is seen working first.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { TaskStatusNotificationSchema, type Task } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { connectStdio, startHttpCli, type HttpChild, type StdioSession } from '../helpers/cli.js';
import { callAsTask, migration, pollTask, sent, taskResult, textOf } from '../e2e/tasks/support.js';
import type { RedisServer } from './redis-server.js';
import { connectHttpClient, startSharedWorld, type SharedWorld } from './shared-world.js';

const MCP_TOKEN = 'redis-tasks-mcp-token-0123456789';
const UNAVAILABLE = /policy state unavailable: .+; nothing was sent/;

let world: SharedWorld;
let redis: RedisServer;
let simulator: RunningSimulator;
let stdio: StdioSession;
/** A second agent client's stdio process on the same Redis: its own session. */
let otherStdio: StdioSession;
let http: HttpChild;
let httpClient: Client;
/** The HTTP process's own audit log: what its job waits recorded. */
let httpAudit: string;

beforeAll(async () => {
  world = await startSharedWorld({ token: MCP_TOKEN, jobMs: 2_500, policy: { version: '1', default: 'allow' } });
  ({ redis, simulator } = world);
  httpAudit = join(world.dir, 'http-audit.log');
  const { env } = world;
  const policyArgs = [...world.policyArgs];
  [stdio, otherStdio, http] = await Promise.all([connectStdio(policyArgs, env), connectStdio(policyArgs, env), startHttpCli(policyArgs, { ...env, CLOUDSTACK_MCP_AUDIT_LOG: httpAudit })]);
  httpClient = await connectHttpClient(http.url, MCP_TOKEN, 'e2e-redis-tasks');
  // Listing tells each client which tools take tasks (and their output schemas).
  await Promise.all([stdio.client.listTools(), otherStdio.client.listTools(), httpClient.listTools()]);
});

afterAll(async () => {
  await httpClient?.close();
  await stdio?.close();
  await otherStdio?.close();
  await http?.stop();
  await world?.stop();
});

describe('MCP tasks shared by two servers through Redis', () => {
  it('a task created on the stdio process is read, awaited and finished on the HTTP process; listed only by its session', async () => {
    const { vmId, hostId } = await migration(stdio.client, simulator);
    simulator.clearRequests();
    const created = await callAsTask(stdio.client, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: hostId });
    expect(created.status).toBe('working');

    const seen = await httpClient.experimental.tasks.getTask(created.taskId);
    expect(seen).toMatchObject({ taskId: created.taskId, status: 'working', statusMessage: expect.stringMatching(/^migrateVirtualMachine job [0-9a-f-]{36}/) });
    expect((await httpClient.experimental.tasks.listTasks()).tasks).toEqual([]);
    expect((await stdio.client.experimental.tasks.listTasks()).tasks.map((task) => task.taskId)).toEqual([created.taskId]);
    // Another stdio process is another session (not one shared "stdio" session): found by id, not listed.
    expect((await otherStdio.client.experimental.tasks.listTasks()).tasks).toEqual([]);
    expect((await otherStdio.client.experimental.tasks.getTask(created.taskId)).taskId).toBe(created.taskId);

    // tasks/result on the other process blocks until the stdio process's job wait stores the outcome.
    const result = await taskResult(httpClient, created.taskId);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ virtualmachine: { id: vmId, hostid: hostId, name: 'web-02' } });
    expect(textOf(result)).toMatch(/^Virtual machine web-02/);
    expect((await stdio.client.experimental.tasks.getTask(created.taskId)).status).toBe('completed');
    expect(sent(simulator, 'migrateVirtualMachine')).toHaveLength(1);
  });

  it('cancelled on the stdio process, the HTTP process that waits on the job stops; the migration is not sent again', async () => {
    const { vmId, hostId } = await migration(httpClient, simulator);
    simulator.clearRequests();
    // Status notices come from the process and session that write: the cancel's to the stdio client only.
    const told = { http: [] as Task[], stdio: [] as Task[] };
    httpClient.setNotificationHandler(TaskStatusNotificationSchema, (notice) => void told.http.push(notice.params));
    stdio.client.setNotificationHandler(TaskStatusNotificationSchema, (notice) => void told.stdio.push(notice.params));
    const created = await callAsTask(httpClient, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: hostId });
    await pollTask(httpClient, created.taskId, (task) => /running in CloudStack after/.test(task.statusMessage ?? ''));
    const cancelled = await stdio.client.experimental.tasks.cancelTask(created.taskId);
    expect(cancelled.status).toBe('cancelled');
    await expect.poll(() => told.stdio.filter((task) => task.taskId === created.taskId)).toEqual([cancelled]);
    const after = await pollTask(httpClient, created.taskId, (task) => task.status === 'cancelled');
    expect(after.status).toBe('cancelled');
    // The HTTP process saw the cancel in Redis between its polls and stopped waiting (else it would record the
    // 2.5 s job as done): its audit names the job and why the wait stopped.
    const jobOf = /job ([0-9a-f-]{36})/.exec(created.statusMessage ?? '')?.[1];
    const stoppedWait = (): { ok: boolean; jobId?: string; error?: string } | undefined =>
      readFileSync(httpAudit, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { event: string; tool: string; outcome?: { ok: boolean; jobId?: string; error?: string } })
        .find((record) => record.event === 'executed' && record.tool === 'migrate_virtual_machine' && record.outcome?.jobId === jobOf)?.outcome;
    await expect.poll(stoppedWait, { timeout: 10_000 }).toBeDefined();
    expect(stoppedWait()).toMatchObject({ ok: false, error: expect.stringMatching(/^job_wait_stopped: .*the task was cancelled \(tasks\/cancel\)/) });
    await expect(httpClient.experimental.tasks.cancelTask(created.taskId)).rejects.toThrow(/cancelled/);
    const toOwner = told.http.filter((task) => task.taskId === created.taskId);
    expect(toOwner.length).toBeGreaterThan(0);
    expect(new Set(toOwner.map((task) => task.status))).toEqual(new Set(['working']));
    expect(sent(simulator, 'migrateVirtualMachine')).toHaveLength(1);
    // The CloudStack job itself went on: followed to its end as the task's message says (wait_for_job).
    const jobId = /job ([0-9a-f-]{36})/.exec(created.statusMessage ?? '')?.[1];
    expect(jobId).toBeDefined();
    const followed = await stdio.client.callTool({ name: 'wait_for_job', arguments: { jobid: jobId } });
    expect(followed.isError).toBeFalsy();
    expect(sent(simulator, 'migrateVirtualMachine')).toHaveLength(1);
  });

  it('with Redis down, task operations are refused with the clear error and nothing is sent; they work again when it is back', async () => {
    const { vmId, hostId } = await migration(stdio.client, simulator);
    const before = await callAsTask(stdio.client, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: hostId }, 60_000);
    await taskResult(stdio.client, before.taskId);
    const target = await migration(stdio.client, simulator);
    await redis.stop();
    try {
      await expect(httpClient.experimental.tasks.getTask(before.taskId)).rejects.toThrow(UNAVAILABLE);
      await expect(stdio.client.experimental.tasks.listTasks()).rejects.toThrow(UNAVAILABLE);
      simulator.clearRequests();
      const refused = await callAsTask(stdio.client, 'migrate_virtual_machine', { virtualmachineid: target.vmId, hostid: target.hostId }).then(
        (task) => `created ${task.taskId}`,
        (error: unknown) => String(error),
      );
      expect(refused).toMatch(UNAVAILABLE);
      expect(sent(simulator, 'migrateVirtualMachine')).toHaveLength(0);
    } finally {
      await redis.start();
    }

    // Redis came back empty: the old record is gone, new tasks work on both processes without a restart.
    const deadline = Date.now() + 15_000;
    let listed: unknown;
    while (Date.now() < deadline) {
      listed = await httpClient.experimental.tasks.listTasks().catch((error: unknown) => error);
      if (!(listed instanceof Error)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(listed).toEqual(expect.objectContaining({ tasks: [] }));
    const next = await migration(stdio.client, simulator);
    const created = await callAsTask(stdio.client, 'migrate_virtual_machine', { virtualmachineid: next.vmId, hostid: next.hostId });
    expect((await httpClient.experimental.tasks.getTask(created.taskId)).taskId).toBe(created.taskId);
    expect((await taskResult(httpClient, created.taskId)).isError).toBeFalsy();
    expect(http.child.exitCode).toBeNull();
  });
});

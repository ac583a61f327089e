/**
 * Calls that fit inside the client's timeout, and jobs that are never lost, end to end: SDK client → server →
 * CloudStack client → simulator on 127.0.0.1. A "75 s migration" against a 50 s limit is the same as a 1 s job
 * against a 300 ms limit (the wait a call may spend on a job is min(CLOUDSTACK_ASYNC_TIMEOUT, MAX_WAIT), so the
 * harness's job timeout plays MAX_WAIT here); only the clock differs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { allowAllPolicy, type RecordingPolicy } from '../../helpers/allow-all-policy.js';
import { startHarness, type Harness } from '../../helpers/harness.js';
import { callFails, callOk, named } from '../tools/support.js';

const LIMIT_MS = 300;
const JOB_MS = 1_000;

let h: Harness | undefined;
let policy: RecordingPolicy;
let restarted: RunningSimulator | undefined;

afterEach(async () => {
  await restarted?.close();
  restarted = undefined;
  await h?.close();
  h = undefined;
});

async function start(options: { asyncTimeoutMs: number; jobMs: number }): Promise<Harness> {
  policy = allowAllPolicy();
  h = await startHarness({ policy, asyncTimeoutMs: options.asyncTimeoutMs, simulator: { jobMs: options.jobMs } });
  return h;
}

/** web-02 and a host it can move to, found with the tools. */
async function migration(harness: Harness): Promise<{ vmId: string; hostId: string }> {
  const vm = named(harness.simulator.world.vms, 'web-02');
  const { data } = await callOk(harness.client, 'find_hosts_for_migration', { virtualmachineid: vm.id });
  const host = data.items.find((item: { suitableformigration?: boolean; id: string }) => item.suitableformigration && item.id !== vm.hostid);
  expect(host, 'a suitable host').toBeDefined();
  return { vmId: vm.id, hostId: host.id };
}

const commandsSent = (harness: Harness, command: string) => harness.simulator.requests.filter((request) => request.command === command);

describe('a job longer than the call may wait', () => {
  it('returns within the limit as a normal result with the job id; wait_for_job returns the migrated VM as migrate_virtual_machine shapes it', async () => {
    const harness = await start({ asyncTimeoutMs: LIMIT_MS, jobMs: JOB_MS });
    const { vmId, hostId } = await migration(harness);

    const first = await callOk(harness.client, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: hostId });
    const jobId: string = first.data.job.jobid;
    expect(first.data.job).toMatchObject({ state: 'still_running', jobstatus: 0, command: 'migrateVirtualMachine', jobinstancetype: 'VirtualMachine', jobinstanceid: vmId });
    expect(first.data.next).toEqual({ tool: 'wait_for_job', arguments: { jobid: jobId } });
    expect(first.text).toContain(`migrateVirtualMachine job ${jobId} on VirtualMachine ${vmId} is still running in CloudStack`);
    expect(first.text).toMatch(/Do not call migrate_virtual_machine again for it: call wait_for_job with jobid/);
    // The audit names the job and says it was still running, not that it failed.
    expect(policy.outcomes.at(-1)).toMatchObject({ jobId, error: expect.stringMatching(/^still_running: .* still running in CloudStack/) });
    expect(named(harness.simulator.world.vms, 'web-02').hostid).not.toBe(hostId);

    // Each wait_for_job waits at most the limit again; the job ends within a few.
    let result = await callOk(harness.client, 'wait_for_job', { jobid: jobId });
    for (let round = 0; result.data.job?.state === 'still_running' && round < 10; round++) {
      expect(result.text).toMatch(/Call wait_for_job again with jobid/);
      result = await callOk(harness.client, 'wait_for_job', { jobid: jobId });
    }
    expect(result.data.virtualmachine).toMatchObject({ id: vmId, hostid: hostId, name: 'web-02' });
    expect(result.text).toMatch(/^Virtual machine web-02/);
    expect(result.text).toContain(`Job ${jobId} finished`);
    expect(result.text).toContain('Result as migrate_virtual_machine returns it (job of migrateVirtualMachine).');
    // The migration was sent once; wait_for_job only read the job.
    expect(commandsSent(harness, 'migrateVirtualMachine')).toHaveLength(1);
    expect(named(harness.simulator.world.vms, 'web-02').hostid).toBe(hostId);
  });

  it('wait_for_job reports a failed job as the original tool’s failure, with CloudStack’s code', async () => {
    const harness = await start({ asyncTimeoutMs: LIMIT_MS, jobMs: JOB_MS });
    const { vmId, hostId } = await migration(harness);
    harness.simulator.setFaults({ failNextJobs: 1 });
    const first = await callOk(harness.client, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: hostId });
    const jobId: string = first.data.job.jobid;
    let failed: Record<string, unknown> = {};
    for (let round = 0; round < 10; round++) {
      failed = (await harness.client.callTool({ name: 'wait_for_job', arguments: { jobid: jobId } })) as Record<string, unknown>;
      if (failed.isError) break;
    }
    expect(failed.isError).toBe(true);
    expect(failed.structuredContent).toMatchObject({ error: { code: 'job_failed', jobId, errorCode: 530 } });
  });
});

describe('CloudStack lost while a job is being followed', () => {
  it('names the job and says it may still run (not "never sent"); the audit has the job id; the next call after CloudStack returns works', async () => {
    const harness = await start({ asyncTimeoutMs: 10_000, jobMs: JOB_MS });
    const { vmId, hostId } = await migration(harness);
    const port = Number(new URL(harness.simulator.url).port);

    const pending = harness.client.callTool({ name: 'migrate_virtual_machine', arguments: { virtualmachineid: vmId, hostid: hostId } });
    // Kill the management server once the job is submitted and being polled.
    while (commandsSent(harness, 'queryAsyncJobResult').length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const jobId = String(harness.simulator.world.jobs.at(-1)?.jobid);
    await harness.simulator.close();

    const result = await pending;
    const text = (result.content as Array<{ text: string }>).map((part) => part.text).join('\n');
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ error: { code: 'job_aborted', jobId, causeCode: 'network', causeSystemCode: 'ECONNREFUSED' } });
    expect(text).toContain(`Lost contact with CloudStack while waiting for migrateVirtualMachine job ${jobId}`);
    expect(text).toMatch(/may still be running in CloudStack/);
    expect(text).toMatch(new RegExp(`wait_for_job or query_async_job \\(jobid ${jobId}\\)`));
    expect(text).not.toMatch(/management server running/);
    expect(policy.outcomes.at(-1)).toMatchObject({ ok: false, jobId, error: expect.stringMatching(/^job_aborted: .*may still be running/) });

    // CloudStack comes back on the same address: the next call goes through.
    restarted = await startSimulator({ port, jobMs: 30 });
    const zones = await callOk(harness.client, 'list_zones');
    expect(zones.data.count).toBeGreaterThan(0);
    // The harness closes its own simulator, already stopped here.
    const closeOriginal = harness.simulator.close;
    Object.assign(harness.simulator, { close: () => closeOriginal().catch(() => undefined) });
  });
});

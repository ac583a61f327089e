/**
 * The task API (what a task-run tool's code talks to): the task is created before the job is sent, the job is
 * sent once, and its wait goes on past MAX_WAIT in successive waits until the job ends, the async timeout or the
 * ttl is reached, or the wait is stopped — each ending naming the job.
 */
import { describe, expect, it } from 'vitest';
import type { AsyncCallOptions, CloudStackApi, JsonObject } from '../../../src/cloudstack/api.js';
import { CloudStackJobError } from '../../../src/cloudstack/errors.js';
import { JobAbortedError } from '../../../src/cloudstack/errors.js';
import { JobStillRunningError } from '../../../src/cloudstack/job-errors.js';
import { taskApi, type TaskJobHooks } from '../../../src/tasks/task-api.js';

const JOB = '0f9d2c7e-1111-4222-8333-944445555666';

/** A CloudStack whose job stays running for `chunks` waits of `chunkMs` each, then ends as `end` says. */
function cloud(options: { chunks: number; chunkMs?: number; end?: 'done' | 'failed'; clock: { now: number } }) {
  const sent: string[] = [];
  const waits: AsyncCallOptions[] = [];
  let left = options.chunks;
  const api: CloudStackApi = {
    async call(command) {
      sent.push(command);
      return { jobid: JOB, id: 'vm-1' };
    },
    list: async () => ({ count: 0, items: [] }),
    listAll: async () => ({ count: 0, items: [] }),
    callAsync: async () => {
      throw new Error('the task API must not use callAsync (it would stop at MAX_WAIT)');
    },
    async waitForJob(jobId, waitOptions = {}) {
      waits.push(waitOptions);
      if (waitOptions.signal?.aborted) throw new JobAbortedError(jobId, '', 0);
      const spent = Math.min(options.chunkMs ?? 50_000, waitOptions.timeoutMs ?? Infinity);
      options.clock.now += spent;
      waitOptions.onProgress?.({ jobId, elapsedMs: spent, polls: 3 });
      if (left-- > 0) throw new JobStillRunningError(jobId, '', 50_000, 3, spent, { instanceType: 'VirtualMachine', instanceId: 'vm-1' });
      if (options.end === 'failed') throw new CloudStackJobError(jobId, '', 530, 'host is in maintenance');
      return { jobId, result: { virtualmachine: { id: 'vm-1', hostid: 'h-2' } } as JsonObject, polls: 3, elapsedMs: spent };
    },
  };
  return { api, sent, waits };
}

function hooks(controller = new AbortController()) {
  const seen = { created: 0, submitted: [] as string[], progress: [] as number[] };
  const value: TaskJobHooks = {
    signal: controller.signal,
    beforeSubmit: async () => void (seen.created += 1),
    submitted: (job) => void seen.submitted.push(job.jobId),
    progress: (job) => void seen.progress.push(job.polls),
  };
  return { value, seen, controller };
}

describe('task API', () => {
  it('creates the task, sends the job once, and waits past MAX_WAIT (three 50 s waits) until the job ends', async () => {
    const clock = { now: 0 };
    const { api, sent, waits } = cloud({ chunks: 2, clock });
    const { value, seen } = hooks();
    const tasks = taskApi(api, value, { asyncTimeoutMs: 600_000, until: () => Infinity, now: () => clock.now });
    const outcome = await tasks.callAsync('migrateVirtualMachine', { virtualmachineid: 'vm-1' });
    expect(outcome).toMatchObject({ jobId: JOB, accepted: { jobid: JOB }, result: { virtualmachine: { hostid: 'h-2' } }, elapsedMs: 150_000 });
    expect(sent).toEqual(['migrateVirtualMachine']);
    expect(seen).toEqual({ created: 1, submitted: [JOB], progress: [3, 6, 9] });
    // Each wait gets what is left of CLOUDSTACK_ASYNC_TIMEOUT (the client caps each at MAX_WAIT).
    expect(waits.map((wait) => wait.timeoutMs)).toEqual([600_000, 550_000, 500_000]);
  });

  it('stops at CLOUDSTACK_ASYNC_TIMEOUT, or at the task’s ttl, naming the job and how to follow it', async () => {
    const clock = { now: 0 };
    const { api } = cloud({ chunks: 100, clock });
    const limited = taskApi(api, hooks().value, { asyncTimeoutMs: 120_000, until: () => Infinity, now: () => clock.now });
    await expect(limited.callAsync('migrateVirtualMachine', {})).rejects.toMatchObject({
      code: 'job_wait_limit',
      details: { jobId: JOB, elapsedMs: 120_000, polls: 9 },
      message: expect.stringMatching(new RegExp(`^migrateVirtualMachine job ${JOB} on VirtualMachine vm-1 is still running in CloudStack after 120\\.0 s .*check it with wait_for_job or query_async_job \\(jobid ${JOB}\\)`)),
    });
    const ttlClock = { now: 0 };
    const short = taskApi(cloud({ chunks: 100, clock: ttlClock }).api, hooks().value, { asyncTimeoutMs: 600_000, until: () => 60_000, now: () => ttlClock.now });
    await expect(short.callAsync('migrateVirtualMachine', {})).rejects.toMatchObject({ code: 'job_wait_limit', details: { elapsedMs: 60_000 } });
  });

  it('a job failure names the command (not only the job), as a plain call’s does', async () => {
    const clock = { now: 0 };
    const { api } = cloud({ chunks: 1, end: 'failed', clock });
    const tasks = taskApi(api, hooks().value, { asyncTimeoutMs: 600_000, until: () => Infinity, now: () => clock.now });
    const error = await tasks.callAsync('migrateVirtualMachine', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CloudStackJobError);
    expect((error as Error).message).toBe(`migrateVirtualMachine job ${JOB} failed with CloudStack error 530: host is in maintenance`);
  });

  it('a stopped wait (cancel, shutdown) says why, and that the job may still run', async () => {
    const clock = { now: 0 };
    const { api } = cloud({ chunks: 5, clock });
    const { value, controller } = hooks();
    // Stopped once the job was sent (before, nothing would be sent: submit-window.test.ts).
    const stopping: TaskJobHooks = { ...value, submitted: () => controller.abort('the MCP server shut down') };
    const tasks = taskApi(api, stopping, { asyncTimeoutMs: 600_000, until: () => Infinity, now: () => clock.now });
    await expect(tasks.callAsync('migrateVirtualMachine', {})).rejects.toMatchObject({
      code: 'job_wait_stopped',
      message: expect.stringMatching(new RegExp(`^Stopped waiting for migrateVirtualMachine job ${JOB} after .*: the MCP server shut down\\. The job was submitted and may still be running in CloudStack`)),
    });
  });

  it('sends nothing when the task cannot be created', async () => {
    const clock = { now: 0 };
    const { api, sent } = cloud({ chunks: 0, clock });
    const { value } = hooks();
    const refusing = { ...value, beforeSubmit: async () => Promise.reject(new Error('store full')) };
    await expect(taskApi(api, refusing, { asyncTimeoutMs: 1, until: () => Infinity }).callAsync('migrateVirtualMachine', {})).rejects.toThrow('store full');
    expect(sent).toEqual([]);
  });
});

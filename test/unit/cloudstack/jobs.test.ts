import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withDeadline, type JobProgress, type JsonObject } from '../../../src/cloudstack/api.js';
import {
  CloudStackApiError,
  CloudStackJobError,
  CloudStackTransportError,
  JobAbortedError,
  JobCancelledError,
  JobTimeoutError,
} from '../../../src/cloudstack/errors.js';
import { JobStillRunningError, JobUnreachableError } from '../../../src/cloudstack/job-errors.js';
import { DEFAULT_POLL, FINAL_CHECK_MS, pollDelayMs, waitForJob, type WaitOptions } from '../../../src/cloudstack/jobs.js';

const JOB = 'f1e2d3c4-0000-4000-8000-000000000001';
const MIGRATE_CMD = 'org.apache.cloudstack.api.command.admin.vm.MigrateVMCmd';
const pending = (jobprocstatus = 0): JsonObject => ({ jobid: JOB, jobstatus: 0, jobprocstatus });

beforeEach(() => vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') }));
afterEach(() => vi.useRealTimers());

/** A queryAsyncJobResult that answers the scripted states in turn (the last one forever), recording when. */
function scripted(states: JsonObject[]) {
  const times: number[] = [];
  const signals: AbortSignal[] = [];
  const query = vi.fn(async (_jobId: string, signal: AbortSignal, _budgetMs?: number) => {
    times.push(Date.now());
    signals.push(signal);
    return states[Math.min(times.length - 1, states.length - 1)] as JsonObject;
  });
  return { query, times, signals };
}

function options(query: WaitOptions['query'], overrides: Partial<WaitOptions> = {}): WaitOptions {
  return { jobId: JOB, command: 'migrateVirtualMachine', query, timeoutMs: 60_000, schedule: DEFAULT_POLL, now: () => Date.now(), ...overrides };
}

/** Settles the promise's outcome so fake-timer advances never leave an unhandled rejection. */
function settle<T>(promise: Promise<T>) {
  return promise.then((value) => ({ value }), (error: unknown) => ({ error }));
}

describe('waitForJob', () => {
  it('returns jobresult when the job succeeds, reporting progress on every poll', async () => {
    const { query } = scripted([pending(10), pending(50), { jobid: JOB, jobstatus: 1, jobresult: { virtualmachine: { id: 'vm1', hostid: 'h2' } } }]);
    const progress: JobProgress[] = [];
    const outcome = settle(waitForJob(options(query, { onProgress: (p) => progress.push(p) })));
    await vi.advanceTimersByTimeAsync(400 + 600 + 900);
    expect(await outcome).toEqual({ value: { jobId: JOB, result: { virtualmachine: { id: 'vm1', hostid: 'h2' } }, polls: 3, elapsedMs: 1900 } });
    expect(progress).toEqual([
      { jobId: JOB, elapsedMs: 400, polls: 1, jobProcStatus: 10 },
      { jobId: JOB, elapsedMs: 1000, polls: 2, jobProcStatus: 50 },
      { jobId: JOB, elapsedMs: 1900, polls: 3, jobProcStatus: undefined },
    ]);
  });

  it('throws CloudStackJobError with the code and text from jobresult (jobstatus 2)', async () => {
    const text = 'VM is not Running, unable to migrate the vm with specified id';
    const { query } = scripted([{ jobid: JOB, jobstatus: 2, jobresultcode: 530, jobresult: { errorcode: 431, errortext: text } }]);
    const outcome = settle(waitForJob(options(query)));
    await vi.advanceTimersByTimeAsync(400);
    const { error } = (await outcome) as { error: CloudStackJobError };
    expect(error).toBeInstanceOf(CloudStackJobError);
    expect(error).toMatchObject({ code: 'job_failed', jobId: JOB, command: 'migrateVirtualMachine', errorCode: 431, errorText: text });
    expect(error.message).toBe(`migrateVirtualMachine job ${JOB} failed with CloudStack error 431: ${text}`);
  });

  it('falls back to jobresultcode when jobresult has no errorcode', async () => {
    const { query } = scripted([{ jobid: JOB, jobstatus: 2, jobresultcode: 530, jobresult: {} }]);
    const outcome = settle(waitForJob(options(query)));
    await vi.advanceTimersByTimeAsync(400);
    expect(await outcome).toMatchObject({ error: { errorCode: 530, errorText: 'CloudStack gave no error text' } });
  });

  it('throws JobCancelledError for jobstatus 3', async () => {
    const { query } = scripted([pending(), { jobid: JOB, jobstatus: 3 }]);
    const outcome = settle(waitForJob(options(query)));
    await vi.advanceTimersByTimeAsync(1000);
    const { error } = (await outcome) as { error: Error };
    expect(error).toBeInstanceOf(JobCancelledError);
    expect(error.message).toContain(JOB);
  });

  it('rejects an unknown jobstatus instead of polling forever', async () => {
    const { query } = scripted([{ jobid: JOB, jobstatus: 7 }]);
    const outcome = settle(waitForJob(options(query)));
    await vi.advanceTimersByTimeAsync(400);
    expect(await outcome).toMatchObject({ error: { code: 'bad_response' } });
  });

  it('times out naming the job id and how to follow it up; it polls once more at the deadline', async () => {
    const { query, times } = scripted([pending()]);
    const outcome = settle(waitForJob(options(query, { timeoutMs: 5000 })));
    await vi.advanceTimersByTimeAsync(5000);
    const { error } = (await outcome) as { error: JobTimeoutError };
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect(error).toMatchObject({ code: 'job_timeout', jobId: JOB, timeoutMs: 5000, polls: 5 });
    expect(error.message).toContain(`jobid ${JOB}`);
    expect(error.message).toMatch(/keeps running in CloudStack.*query_async_job/);
    const start = Date.parse('2026-01-01T00:00:00Z');
    expect(times.map((time) => time - start)).toEqual([400, 1000, 1900, 3250, 5000]);
  });

  it('stops at once when aborted between polls, naming the job id', async () => {
    const { query } = scripted([pending()]);
    const controller = new AbortController();
    const outcome = settle(waitForJob(options(query, { signal: controller.signal })));
    await vi.advanceTimersByTimeAsync(1500); // two polls done, sleeping before the third
    controller.abort();
    const { error } = (await outcome) as { error: JobAbortedError };
    expect(error).toBeInstanceOf(JobAbortedError);
    expect(error).toMatchObject({ code: 'job_aborted', jobId: JOB, polls: 2 });
    expect(error.message).toMatch(/keeps running in CloudStack.*query_async_job/);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('aborts the poll in flight', async () => {
    let inflight: AbortSignal | undefined;
    const query = vi.fn(
      (_jobId: string, signal: AbortSignal) =>
        new Promise<JsonObject>((_resolve, reject) => {
          inflight = signal;
          signal.addEventListener('abort', () => reject(new Error('request aborted')));
        }),
    );
    const controller = new AbortController();
    const outcome = settle(waitForJob(options(query, { signal: controller.signal })));
    await vi.advanceTimersByTimeAsync(400);
    expect(inflight?.aborted).toBe(false);
    controller.abort();
    expect(await outcome).toMatchObject({ error: { code: 'job_aborted', jobId: JOB } });
    expect(inflight?.aborted).toBe(true);
  });

  it('does not poll at all with an already aborted signal', async () => {
    const { query } = scripted([pending()]);
    expect(await settle(waitForJob(options(query, { signal: AbortSignal.abort() })))).toMatchObject({ error: { code: 'job_aborted' } });
    expect(query).not.toHaveBeenCalled();
  });

  it('spaces polls further apart up to the cap', async () => {
    const { query, times } = scripted([pending()]);
    const outcome = settle(waitForJob(options(query, { timeoutMs: 20_000 })));
    await vi.advanceTimersByTimeAsync(20_000);
    await outcome;
    const gaps = times.slice(1).map((time, index) => time - (times[index] as number));
    expect(gaps.slice(0, 7)).toEqual([600, 900, 1350, 2025, 3000, 3000, 3000]);
    const beforeDeadline = gaps.slice(0, -1); // the last gap is cut short by the deadline
    expect(beforeDeadline).toEqual([...beforeDeadline].sort((a, b) => a - b));
    expect(Math.max(...gaps)).toBe(3000);
  });

  it('a poll failure after the job was submitted names the job and says it may still run, not "never sent"', async () => {
    const refused = new CloudStackTransportError(
      'network',
      'queryAsyncJobResult',
      'Could not connect to CloudStack at h:1 for queryAsyncJobResult: connection refused (ECONNREFUSED). Is the management server running, and is CLOUDSTACK_API_URL right?',
      'ECONNREFUSED',
    );
    const { query: answering } = scripted([{ ...pending(), cmd: MIGRATE_CMD, jobinstancetype: 'VirtualMachine', jobinstanceid: 'vm1' }]);
    let calls = 0;
    const query = vi.fn(async (jobId: string, signal: AbortSignal, budgetMs: number) => {
      calls++;
      if (calls > 1) throw refused;
      return answering(jobId, signal, budgetMs);
    });
    const outcome = settle(waitForJob(options(query)));
    await vi.advanceTimersByTimeAsync(1000);
    const { error } = (await outcome) as { error: JobUnreachableError };
    expect(error).toBeInstanceOf(JobUnreachableError);
    expect(error).toMatchObject({
      code: 'job_aborted',
      jobId: JOB,
      polls: 1,
      elapsedMs: 1000,
      causeCode: 'network',
      causeSystemCode: 'ECONNREFUSED',
      target: { cmd: MIGRATE_CMD, instanceType: 'VirtualMachine', instanceId: 'vm1' },
    });
    expect(error.message).toBe(
      `Lost contact with CloudStack while waiting for migrateVirtualMachine job ${JOB} on VirtualMachine vm1 after 1.0 s ` +
        '(1 check answered; then network ECONNREFUSED). The job was submitted and may still be running in CloudStack. ' +
        `When CloudStack answers again, check it with wait_for_job or query_async_job (jobid ${JOB}) before sending anything again.`,
    );
    expect(error.message).not.toMatch(/management server running/);
  });

  it('quotes CloudStack’s own refusal of a poll (a 401), still naming the job', async () => {
    const query = vi.fn(async () => {
      throw new CloudStackApiError('queryAsyncJobResult', 401, 401, 9999, 'unable to verify user credentials and/or request signature');
    });
    const outcome = settle(waitForJob(options(query)));
    await vi.advanceTimersByTimeAsync(400);
    const { error } = (await outcome) as { error: JobUnreachableError };
    expect(error).toMatchObject({ code: 'job_aborted', jobId: JOB, causeCode: 'api_error' });
    expect(error.message).toMatch(new RegExp(`^Could not follow migrateVirtualMachine job ${JOB} after 0.4 s \\(0 checks answered; queryAsyncJobResult failed: .*CloudStack error 401`));
    expect(error.message).toMatch(/may still be running in CloudStack/);
  });

  it('at its limit reports the job still running with what it acts on and how long it was watched', async () => {
    const { query } = scripted([{ ...pending(), cmd: MIGRATE_CMD, jobinstancetype: 'VirtualMachine', jobinstanceid: 'vm1' }]);
    const outcome = settle(waitForJob(options(query, { timeoutMs: 1000 })));
    await vi.advanceTimersByTimeAsync(1000);
    const { error } = (await outcome) as { error: JobStillRunningError };
    expect(error).toBeInstanceOf(JobStillRunningError);
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect(error).toMatchObject({
      code: 'job_timeout',
      jobId: JOB,
      polls: 2,
      elapsedMs: 1000,
      target: { cmd: MIGRATE_CMD, instanceType: 'VirtualMachine', instanceId: 'vm1' },
    });
    expect(error.message).toMatch(/wait_for_job/);
  });

  it('gives each check only the time left before the deadline (the one at the deadline gets a moment)', async () => {
    const { query } = scripted([pending()]);
    const budgets: number[] = [];
    const outcome = settle(waitForJob(options(async (jobId, signal, budgetMs) => {
      budgets.push(budgetMs);
      return query(jobId, signal, budgetMs);
    }, { timeoutMs: 2000 })));
    await vi.advanceTimersByTimeAsync(2000);
    await outcome;
    // Checks at 0.4 s and 1.0 s get what is left (1.6 s, 1.0 s); at 1.9 s and at the 2 s deadline, FINAL_CHECK_MS.
    expect(budgets).toEqual([1600, 1000, 1000, 1000]);
    expect(FINAL_CHECK_MS).toBe(1000);
  });

  it('a check cut short by the deadline is "still running", not "unreachable"', async () => {
    const { query: first } = scripted([pending()]);
    let calls = 0;
    const query = vi.fn(async (jobId: string, signal: AbortSignal, budgetMs: number) => {
      calls++;
      if (calls === 1) return first(jobId, signal, budgetMs);
      await new Promise((resolve) => setTimeout(resolve, budgetMs));
      throw new CloudStackTransportError('timeout', 'queryAsyncJobResult', 'CloudStack did not answer queryAsyncJobResult within this call\'s limit');
    });
    const outcome = settle(waitForJob(options(query, { timeoutMs: 1000 })));
    await vi.advanceTimersByTimeAsync(2000);
    expect(await outcome).toMatchObject({ error: { name: 'JobStillRunningError', jobId: JOB, polls: 1 } });
  });
});

describe('the default poll schedule', () => {
  /** Poll instants (ms) of a schedule until one falls at or after `doneAt`. */
  function pollsUntil(doneAt: number, delay: (poll: number) => number) {
    let at = 0;
    let polls = 0;
    while (at < doneAt) at += delay(++polls);
    return { polls, seenAt: at };
  }
  const ours = (doneAt: number) => pollsUntil(doneAt, (poll) => pollDelayMs(poll, DEFAULT_POLL));
  const cloudmonkey = (doneAt: number) => pollsUntil(doneAt, () => 2000);

  it('grows ×1.5 from 400 ms to a 3 s cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((poll) => pollDelayMs(poll, DEFAULT_POLL))).toEqual([400, 600, 900, 1350, 2025, 3000, 3000, 3000]);
  });

  it('notices quick jobs sooner than cloudmonkey’s fixed 2 s, and long ones with fewer polls', () => {
    for (const quick of [300, 900, 1800]) expect(ours(quick).seenAt).toBeLessThan(cloudmonkey(quick).seenAt);
    expect(ours(60_000).polls).toBeLessThan(cloudmonkey(60_000).polls);
    expect(ours(60_000).seenAt - 60_000).toBeLessThanOrEqual(3000);
  });
});

describe('withDeadline: one tool call, one budget', () => {
  it('bounds every call by the deadline, keeping an earlier one the caller gave', async () => {
    const seen: Array<[string, number | undefined]> = [];
    const record = (name: string) => async (...args: unknown[]) => {
      const options = args.at(-1) as { deadline?: number } | undefined;
      seen.push([name, options?.deadline]);
      return {} as never;
    };
    const api = withDeadline(
      { call: record('call'), list: record('list'), listAll: record('listAll'), callAsync: record('callAsync'), waitForJob: record('waitForJob') },
      5_000,
    );
    await api.call('listZones', {}, {});
    await api.list('listZones', {}, { deadline: 3_000 });
    await api.listAll('listZones', {}, { maxItems: 1 });
    await api.callAsync('startVirtualMachine', { id: 'x' }, {});
    await api.waitForJob(JOB, undefined);
    expect(seen).toEqual([['call', 5_000], ['list', 3_000], ['listAll', 5_000], ['callAsync', 5_000], ['waitForJob', 5_000]]);
  });
});

/**
 * The contract between the CloudStack client and everything above it (tools, server, benchmarks).
 * Tools depend on this interface, never on HTTP.
 */
import type { JobTarget } from './job-errors.js';
import type { CloudStackParams } from './params.js';

export type JsonObject = Record<string, unknown>;

export interface CallOptions {
  /** Aborts the HTTP request (and, for async calls, the wait for the job). */
  readonly signal?: AbortSignal;
  /**
   * When the whole tool call must be answered (epoch ms): a workflow's reads and its job wait then share one
   * CLOUDSTACK_MCP_MAX_WAIT instead of each having its own (see `withDeadline`).
   */
  readonly deadline?: number;
}

export interface JobProgress {
  readonly jobId: string;
  readonly elapsedMs: number;
  /** How many times queryAsyncJobResult has been asked so far. */
  readonly polls: number;
  /** CloudStack's `jobprocstatus`, when it reports one. */
  readonly jobProcStatus?: number;
}

export interface AsyncCallOptions extends CallOptions {
  readonly onProgress?: (progress: JobProgress) => void;
  /** Overrides the configured overall wait (CLOUDSTACK_ASYNC_TIMEOUT); never more than CLOUDSTACK_MCP_MAX_WAIT. */
  readonly timeoutMs?: number;
}

export interface JobOutcome {
  readonly jobId: string;
  /** The immediate answer of the async command, e.g. `{id, jobid}` for deployVirtualMachine. */
  readonly accepted: JsonObject;
  /** The job's `jobresult` on success, e.g. `{virtualmachine: {...}}`. */
  readonly result: JsonObject;
  readonly polls: number;
  readonly elapsedMs: number;
  /** The job record's `cmd` and the resource it acts on, when CloudStack reports them. */
  readonly target?: JobTarget;
}

export interface ListPage {
  /** CloudStack's `count`: the total number of matches, not the length of this page. */
  readonly count: number;
  readonly items: readonly JsonObject[];
}

export interface CloudStackApi {
  /** One synchronous command; returns the unwrapped `<command>response` object. */
  call(command: string, params?: CloudStackParams, options?: CallOptions): Promise<JsonObject>;
  /** One list command; returns `{count, items}` using the catalog's list key (`{}` → count 0). */
  list(command: string, params?: CloudStackParams, options?: CallOptions): Promise<ListPage>;
  /** Every page of a list command, up to `maxItems`; `count` stays CloudStack's total. */
  listAll(command: string, params?: CloudStackParams, options?: CallOptions & { maxItems?: number }): Promise<ListPage>;
  /**
   * An async command: send it, then wait for its job, at most CLOUDSTACK_MCP_MAX_WAIT in all. Throws on job
   * failure; JobStillRunningError when the job outlives the wait; JobUnreachableError when polling fails after
   * the job was submitted; JobAbortedError on abort — each naming the job.
   */
  callAsync(command: string, params?: CloudStackParams, options?: AsyncCallOptions): Promise<JobOutcome>;
  /** Wait for a job started earlier (by another call, or one whose wait was interrupted). */
  waitForJob(jobId: string, options?: AsyncCallOptions): Promise<Omit<JobOutcome, 'accepted'>>;
}

/**
 * The same API with every call bounded by one deadline (epoch ms), for one tool call: whatever a workflow reads
 * before its job, the job wait gets only what is left, so the call as a whole stays inside MAX_WAIT.
 */
export function withDeadline(api: CloudStackApi, deadline: number): CloudStackApi {
  const bound = <T extends CallOptions>(options: T | undefined): T => ({ ...options, deadline: Math.min(deadline, options?.deadline ?? deadline) }) as T;
  return {
    call: (command, params, options) => api.call(command, params, bound(options)),
    list: (command, params, options) => api.list(command, params, bound(options)),
    listAll: (command, params, options) => api.listAll(command, params, bound(options)),
    callAsync: (command, params, options) => api.callAsync(command, params, bound(options)),
    waitForJob: (jobId, options) => api.waitForJob(jobId, bound(options)),
  };
}

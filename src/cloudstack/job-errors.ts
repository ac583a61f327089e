/**
 * How a wait for a submitted job ends without the job's outcome: still running at the wait's limit, or contact
 * with CloudStack lost while polling. Either way the job was submitted and may still run, so each error names
 * the job, what it acts on, how long we watched it, and how to follow it — never the words used for a request
 * that was never sent ("connection refused … is the management server running").
 *
 * They extend the timeout and abort errors (same stable codes, `job_timeout` and `job_aborted`), so everything
 * that knows those keeps working; the tools turn a still-running job into a normal result (tools/jobs/).
 */
import type { JsonObject } from './api.js';
import { CloudStackApiError, isCloudStackError, JobAbortedError, JobTimeoutError } from './errors.js';

/** What a job record says about itself (queryAsyncJobResult's `cmd`, `jobinstancetype`, `jobinstanceid`). */
export interface JobTarget {
  /** CloudStack's Java class of the command, e.g. org.apache.cloudstack.api.command.admin.vm.MigrateVMCmd. */
  readonly cmd?: string;
  readonly instanceType?: string;
  readonly instanceId?: string;
}

export function jobTarget(job: JsonObject): JobTarget | undefined {
  const cmd = typeof job.cmd === 'string' && job.cmd !== '' ? job.cmd : undefined;
  const instanceType = typeof job.jobinstancetype === 'string' && job.jobinstancetype !== '' ? job.jobinstancetype : undefined;
  const instanceId = typeof job.jobinstanceid === 'string' && job.jobinstanceid !== '' ? job.jobinstanceid : undefined;
  if (!cmd && !instanceType && !instanceId) return undefined;
  return { ...(cmd ? { cmd } : {}), ...(instanceType ? { instanceType } : {}), ...(instanceId ? { instanceId } : {}) };
}

/** `migrateVirtualMachine job 42… on VirtualMachine 7f…`; the Java class name when the command is not known. */
export function describeJobLabel(jobId: string, command: string, target: JobTarget | undefined): string {
  const name = command || target?.cmd?.split('.').at(-1) || '';
  const on = target?.instanceType ? ` on ${target.instanceType}${target.instanceId ? ` ${target.instanceId}` : ''}` : '';
  return `${name ? `${name} job` : 'job'} ${jobId}${on}`;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const checks = (polls: number): string => (polls === 1 ? '1 check' : `${polls} checks`);

/** The wait reached its limit (CLOUDSTACK_MCP_MAX_WAIT) with the job still running: not a failure. */
export class JobStillRunningError extends JobTimeoutError {
  constructor(
    jobId: string,
    command: string,
    timeoutMs: number,
    polls: number,
    readonly elapsedMs: number,
    readonly target?: JobTarget,
  ) {
    super(jobId, command, timeoutMs, polls);
    this.name = 'JobStillRunningError';
    this.message += ' Or wait for it with wait_for_job, which returns the final result; do not send the command again.';
  }
}

/** Polling failed after the job was submitted: its outcome is unknown, and it may well still be running. */
export class JobUnreachableError extends JobAbortedError {
  /** The failure's code (`network`, `timeout`, `api_error` …) and system code: never its text, which may say "never sent". */
  readonly causeCode: string;
  readonly causeSystemCode?: string;

  constructor(
    jobId: string,
    command: string,
    polls: number,
    readonly elapsedMs: number,
    cause: unknown,
    readonly target?: JobTarget,
  ) {
    super(jobId, command, polls);
    this.name = 'JobUnreachableError';
    this.causeCode = isCloudStackError(cause) ? cause.code : 'unknown';
    const systemCode = isCloudStackError(cause) ? (cause.toJSON().causeCode as string | undefined) : undefined;
    if (systemCode) this.causeSystemCode = systemCode;
    // CloudStack's own refusal (a 401, a 530) is worth quoting; a transport failure's text is about requests
    // never sent ("is the management server running"), which this job was not: only its codes are kept.
    const why = cause instanceof CloudStackApiError ? `queryAsyncJobResult failed: ${cause.message}` : `then ${this.causeCode}${systemCode ? ` ${systemCode}` : ''}`;
    const what = cause instanceof CloudStackApiError ? 'Could not follow' : 'Lost contact with CloudStack while waiting for';
    this.message =
      `${what} ${describeJobLabel(jobId, command, target)} after ${seconds(elapsedMs)} (${checks(polls)} answered; ${why}). ` +
      'The job was submitted and may still be running in CloudStack. When CloudStack answers again, check it with ' +
      `wait_for_job or query_async_job (jobid ${jobId}) before sending anything again.`;
  }
}

export function isJobStillRunning(error: unknown): error is JobStillRunningError {
  return error instanceof JobStillRunningError;
}

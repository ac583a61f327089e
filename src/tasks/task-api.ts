/**
 * The CloudStack API as a task-run tool sees it. The tool's code is the same as for a plain call (a workflow, the
 * generic path); only its job is handled differently:
 * - before the job is sent the task is created (a store that cannot take it refuses the call with nothing sent)
 *   and checked (a task cancelled before its job was sent never sends it), and once CloudStack accepted it the tools/call answer goes out (the CreateTaskResult) while the tool's code
 *   goes on in the background;
 * - the job is then waited for beyond CLOUDSTACK_MCP_MAX_WAIT (that limit exists for a client holding a request
 *   open; a task's client polls instead): until it ends, CLOUDSTACK_ASYNC_TIMEOUT passes or the task's ttl
 *   runs out, in waits of at most MAX_WAIT each (the client's own bound), checking between polls whether the
 *   task was cancelled (possibly by another process sharing the store).
 * Reads before the job keep the call's MAX_WAIT deadline: the tools/call request is still open then.
 */
import type { AsyncCallOptions, CloudStackApi, JobOutcome, JobProgress } from '../cloudstack/api.js';
import { withDeadline } from '../cloudstack/api.js';
import { CloudStackJobError, CloudStackTransportError, JobCancelledError, type TransportFailure } from '../cloudstack/errors.js';
import { describeJobLabel, isJobStillRunning, JobUnreachableError, type JobTarget } from '../cloudstack/job-errors.js';
import { ToolError } from '../tools/tool-error.js';

export interface SubmittedJob {
  readonly jobId: string;
  readonly command: string;
}

export interface TaskJobHooks {
  /**
   * Before each job is sent: creates the task the first time (throws when it cannot: then nothing is sent), and
   * aborts `signal` when the task has ended meanwhile (cancelled before its job was sent: then nothing is sent).
   */
  beforeSubmit(): Promise<void>;
  /** CloudStack accepted the job. */
  submitted(job: SubmittedJob): void;
  /** After every poll: the job is still running (elapsed and checks since submission). */
  progress(job: SubmittedJob & { readonly elapsedMs: number; readonly polls: number; readonly target?: JobTarget }): void;
  /** Aborted when the task is cancelled or the server shuts down; its reason (a string) says which. */
  readonly signal: AbortSignal;
}

export interface TaskWaitLimits {
  /** CLOUDSTACK_ASYNC_TIMEOUT: the longest a job is waited for. */
  readonly asyncTimeoutMs: number;
  /** When the task's record expires (epoch ms): nobody could read the result after that. */
  readonly until: () => number;
  /** The tools/call's MAX_WAIT deadline (epoch ms), for what is read before the job is sent. */
  readonly readDeadline?: number;
  readonly now?: () => number;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function taskApi(api: CloudStackApi, hooks: TaskJobHooks, limits: TaskWaitLimits): CloudStackApi {
  const now = limits.now ?? Date.now;
  let submittedOnce = false;
  const beforeJob = limits.readDeadline ? withDeadline(api, limits.readDeadline) : api;
  // Reads before the first job answer inside the open request's deadline; later ones run in the background.
  const reads = (): CloudStackApi => (submittedOnce ? api : beforeJob);

  async function waitLong(job: SubmittedJob, options: AsyncCallOptions, submittedAt: number) {
    let polls = 0;
    let target: JobTarget | undefined;
    for (;;) {
      const left = Math.min(limits.asyncTimeoutMs - (now() - submittedAt), limits.until() - now());
      if (left <= 0) throw waitLimitReached(job, now() - submittedAt, polls, target);
      const before = polls;
      const onProgress = (progress: JobProgress): void => {
        polls = before + progress.polls;
        hooks.progress({ ...job, elapsedMs: now() - submittedAt, polls, ...(target ? { target } : {}) });
        options.onProgress?.({ ...progress, elapsedMs: now() - submittedAt, polls });
      };
      try {
        return await api.waitForJob(job.jobId, { signal: hooks.signal, timeoutMs: left, onProgress });
      } catch (error) {
        if (hooks.signal.aborted) throw waitStopped(job, String(hooks.signal.reason), now() - submittedAt, polls, target);
        if (!isJobStillRunning(error)) throw asCallAsyncWould(error, job.command, polls, now() - submittedAt);
        target = error.target ?? target;
      }
    }
  }

  return {
    call: (command, params, options) => reads().call(command, params, options),
    list: (command, params, options) => reads().list(command, params, options),
    listAll: (command, params, options) => reads().listAll(command, params, options),
    async callAsync(command, params, options = {}): Promise<JobOutcome> {
      await hooks.beforeSubmit();
      // The last check, with nothing awaited between it and the send: a cancel (or the shutdown) that reached this
      // wait or the store in time (run-task's stopIfEnded) sends nothing. The window left: a cancel on this process
      // after this line, while the request is signed and written; one on another process sharing the store, from
      // beforeSubmit's read on. It finds the job sent (its message says one may have been: list_async_jobs) and
      // this wait stops at once, or at its first poll, naming the job. Closing it would take a conditional submit,
      // which CloudStack does not have.
      if (hooks.signal.aborted) throw notSubmitted(command, String(hooks.signal.reason));
      const submittedAt = now();
      // Sent once, like every state change (the client never retries one), and not cut short by the task's signal:
      // past the check the request may already be at CloudStack, and aborting it would lose the id of a job it may
      // have created. A cancel meanwhile stops the wait below instead, which names the job.
      const accepted = await reads().call(command, params);
      const jobId = accepted.jobid;
      if (typeof jobId !== 'string' || jobId === '') throw new CloudStackTransportError('bad_response', command, `${command} returned no jobid.`);
      submittedOnce = true;
      const job = { jobId, command };
      hooks.submitted(job);
      const outcome = await waitLong(job, options, submittedAt);
      return { ...outcome, accepted, elapsedMs: now() - submittedAt };
    },
    waitForJob: (jobId, options = {}) => waitLong({ jobId, command: '' }, options, now()),
  };
}

/**
 * waitForJob knows only the job id and its own part of the wait; the errors a tool's result shows name the command
 * and count from the submission, as callAsync's do. A lost connection is rebuilt from its codes (a transport
 * failure's text is about requests never sent and is not kept); CloudStack's own refusal is kept as it is.
 */
function asCallAsyncWould(error: unknown, command: string, polls: number, elapsedMs: number): unknown {
  if (error instanceof CloudStackJobError && !error.command) return new CloudStackJobError(error.jobId, command, error.errorCode, error.errorText);
  if (error instanceof JobCancelledError && !error.command) return new JobCancelledError(error.jobId, command, error.errorText);
  if (error instanceof JobUnreachableError && !error.command && error.causeCode !== 'api_error') {
    const cause = new CloudStackTransportError(error.causeCode as TransportFailure, 'queryAsyncJobResult', '', error.causeSystemCode);
    return new JobUnreachableError(error.jobId, command, polls, elapsedMs, cause, error.target);
  }
  return error;
}

const followUp = (jobId: string): string =>
  `The job was submitted and may still be running in CloudStack: check it with wait_for_job or query_async_job (jobid ${jobId}) before sending anything again.`;

function waitLimitReached(job: SubmittedJob, elapsedMs: number, polls: number, target: JobTarget | undefined): ToolError {
  const label = describeJobLabel(job.jobId, job.command, target);
  return new ToolError(
    'job_wait_limit',
    `${label} is still running in CloudStack after ${seconds(elapsedMs)} (${polls} checks): the task stopped waiting at its limit ` +
      `(CLOUDSTACK_ASYNC_TIMEOUT, or the task's ttl). ${followUp(job.jobId)}`,
    { jobId: job.jobId, elapsedMs, polls },
  );
}

/** Stopped before the job was sent (the task cancelled, the server shutting down): nothing reached CloudStack. */
function notSubmitted(command: string, why: string): ToolError {
  return new ToolError('not_submitted', `${command} was not sent to CloudStack: ${why} before it was submitted. No job was created.`, { command });
}

/** The wait was stopped on our side (the task cancelled, the server shutting down): the job itself was not. */
export function waitStopped(job: SubmittedJob, why: string, elapsedMs: number, polls: number, target: JobTarget | undefined): ToolError {
  const label = describeJobLabel(job.jobId, job.command, target);
  return new ToolError('job_wait_stopped', `Stopped waiting for ${label} after ${seconds(elapsedMs)} (${polls} checks): ${why}. ${followUp(job.jobId)}`, {
    jobId: job.jobId,
    elapsedMs,
    polls,
  });
}

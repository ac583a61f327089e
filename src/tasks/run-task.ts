/**
 * A task-augmented tools/call (MCP 2025-11-25 Tasks). The call has already been validated, canonicalized and
 * admitted by the policy (the same steps as any call); here the tool runs with a task API (task-api.ts):
 * - the task is created just before its job is sent, and the tools/call is answered with it (CreateTaskResult)
 *   as soon as CloudStack accepted the job; the tool's code, its job wait and its audit go on in the background;
 * - while the job runs the task is `working`, its statusMessage naming the job and its progress; then
 *   `completed` with the tool's normal result, or `failed` with its error result (CloudStack's code and text).
 * A call that ends without a job (a VM already destroyed, a failure before the job) still answers with a task,
 * already finished: the SDK's server only accepts a CreateTaskResult for a task-augmented request.
 */
import type { CreateTaskResult } from '@modelcontextprotocol/sdk/experimental/tasks/types.js';
import type { CreateTaskOptions, TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import type { CallToolResult, Request, RequestId, Task } from '@modelcontextprotocol/sdk/types.js';
import type { CloudStackApi } from '../cloudstack/api.js';
import type { Logger } from '../logger.js';
import { finishTask, isTerminalStatus } from './task-records.js';
import { finishedText, progressText, submittedText } from './status-text.js';
import { ToolError } from '../tools/tool-error.js';
import { taskApi, type TaskJobHooks } from './task-api.js';
import type { TaskWaits } from './task-waits.js';

export interface TaskRunContext {
  /** This session's view of the store (session-store.ts). */
  readonly store: TaskStore;
  readonly waits: TaskWaits;
  readonly logger: Logger;
  readonly api: CloudStackApi;
  readonly asyncTimeoutMs: number;
}

export interface TaskRequest {
  readonly params: CreateTaskOptions;
  readonly requestId: RequestId;
  /** The tools/call as stored with the task: its arguments already redacted. */
  readonly stored: Request;
  /** The open request's MAX_WAIT deadline (epoch ms), for reads before the job. */
  readonly readDeadline?: number;
}

/** The tool's run: executes with the given API and signal, audits, and returns the tool's result. */
export type TaskWork = (api: CloudStackApi, signal: AbortSignal) => Promise<CallToolResult>;

/**
 * At most this many task job waits run in one process (each polls CloudStack until its job ends). The memory store
 * also caps its records, but a shared store (Redis) is bounded only by ttl: this bound holds whatever the store.
 */
export const MAX_TASK_WAITS = 1000;

export async function runAsTask(context: TaskRunContext, request: TaskRequest, work: TaskWork): Promise<CreateTaskResult> {
  const { store, logger } = context;
  const controller = new AbortController();
  let settle: () => void = () => {};
  const settled = new Promise<void>((resolve) => (settle = resolve));
  /** When the task's record expires (its createdAt + ttl), once it exists. */
  let expiresAt = Number.POSITIVE_INFINITY;
  let creating: Promise<Task> | undefined;
  const createBounded = (): Promise<Task> =>
    context.waits.active >= MAX_TASK_WAITS
      ? Promise.reject(new Error(`this server already follows ${MAX_TASK_WAITS} task jobs; wait for some to finish, or call without a task`))
      : store.createTask(request.params, request.requestId, request.stored);
  const ensureTask = (): Promise<Task> =>
    (creating ??= createBounded().then(
      (task) => {
        if (typeof task.ttl === 'number') expiresAt = Date.parse(task.createdAt) + task.ttl;
        // From now on a local cancel or the shutdown can stop this task's wait.
        context.waits.add(task.taskId, controller, settled);
        return task;
      },
      (error: unknown) => {
        throw new ToolError('task_not_created', `The task could not be created, so nothing was sent to CloudStack: ${error instanceof Error ? error.message : String(error)}`);
      },
    ));
  let announce: (task: Task) => void = () => {};
  const announced = new Promise<Task>((resolve) => (announce = resolve));
  // The progress write in flight, if any: the outcome is recorded after it, so it cannot overwrite the outcome's message.
  let checking: Promise<void> | undefined;
  // Set once the tool's result is known: a progress write not yet made would only be stale ("running") and hold
  // the outcome's write back, leaving a cancel more time to land after the job has ended.
  let outcomeKnown = false;

  /**
   * Before each job is sent: a cancel given while the task was being created found no wait to stop here (it is
   * registered in ensureTask, once the store answered), and one given on another process never reaches this one's
   * wait; both are in the store. Read after the registration, the record shows any cancel written before the read,
   * and a later local one aborts the registered wait: task-api checks the signal right before the send.
   */
  const stopIfEnded = async (taskId: string): Promise<void> => {
    const current = await store.getTask(taskId).catch((error: unknown) => {
      throw new ToolError('task_state_unavailable', `The task could not be read before its job was sent, so nothing was sent to CloudStack: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (!current || isTerminalStatus(current.status)) controller.abort(endedReason(current));
  };

  const hooks: TaskJobHooks = {
    signal: controller.signal,
    async beforeSubmit() {
      const { taskId } = await ensureTask();
      await stopIfEnded(taskId);
    },
    submitted(job) {
      void (async () => {
        const task = await ensureTask();
        await store
          .updateTaskStatus(task.taskId, 'working', submittedText(job.jobId, job.command))
          .catch((error: unknown) => logger.warn('task status not stored', { taskId: task.taskId, error: String(error) }));
        announce((await store.getTask(task.taskId).catch(() => null)) ?? task);
      })();
    },
    progress(job) {
      // One store round trip at a time: a cancel written by any process stops the wait at the next poll.
      if (checking || !creating) return;
      checking = (async () => {
        const { taskId } = await ensureTask();
        const current = await store.getTask(taskId);
        if (!current || isTerminalStatus(current.status)) {
          controller.abort(endedReason(current));
          return;
        }
        if (outcomeKnown) return;
        await store.updateTaskStatus(taskId, 'working', progressText(job.jobId, job.command, job.target, job.elapsedMs, job.polls));
      })()
        .catch((error: unknown) => logger.debug('task progress not stored', { error: String(error) }))
        .finally(() => (checking = undefined));
    },
  };

  const api = taskApi(context.api, hooks, {
    asyncTimeoutMs: context.asyncTimeoutMs,
    // A record cannot outlive its ttl, so neither does the wait for its result.
    until: () => expiresAt,
    ...(request.readDeadline ? { readDeadline: request.readDeadline } : {}),
  });

  const finished = work(api, controller.signal)
    .then(async (result) => {
      outcomeKnown = true;
      const task = await ensureTask();
      await checking;
      await recordOutcome(store, task.taskId, result, logger);
      return task;
    })
    .finally(settle);
  const first = await Promise.race([announced.then((task) => ({ task, done: false })), finished.then((task) => ({ task, done: true }))]);
  // Finished before any job was accepted: the task is already terminal; answer with its final state.
  if (first.done) return { task: (await store.getTask(first.task.taskId)) ?? first.task };
  finished.catch((error: unknown) => logger.error('task run failed', { taskId: first.task.taskId, error: String(error) }));
  return { task: first.task };
}

/** Why a task's wait stops when its record says it ended (or is gone); cancel.ts stops a local wait in the same words. */
const endedReason = (task: Task | null): string => (task ? `the task was ${task.status} (tasks/cancel)` : 'the task record is gone (expired after its ttl)');

/** Pauses between attempts to store an outcome: a shared store's blip should not leave the task `working`. */
const OUTCOME_RETRY_MS = [250, 1_000, 4_000];

/**
 * completed / failed as the spec says for tools (isError → failed), in one write with its message and result
 * (finishTask, task-records.ts): the store orders it against any cancel, so the task ends finished with this
 * result or cancelled, never cancelled between a message and its result. Writing our own record again is safe
 * (unlike a CloudStack write): a failed attempt is retried a few times.
 */
async function recordOutcome(store: TaskStore, taskId: string, result: CallToolResult, logger: Logger, pauses = OUTCOME_RETRY_MS): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await finishTask(store, taskId, result.isError ? 'failed' : 'completed', result, finishedText(result));
      return;
    } catch (error) {
      // Refused because it ended first (cancelled by any process, or expired): it stays so (the spec); the audit
      // already has the outcome.
      if (await hasEnded(store, taskId)) return;
      const pause = pauses[attempt];
      logger.warn(pause === undefined ? 'task outcome not stored' : 'task outcome not stored yet, retrying', { taskId, attempt: attempt + 1, error: String(error) });
      if (pause === undefined) return;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** True when the record is terminal or gone; false when it is working, or cannot be read now. */
async function hasEnded(store: TaskStore, taskId: string): Promise<boolean> {
  const current = await store.getTask(taskId).catch(() => undefined);
  return current === null || (current !== undefined && isTerminalStatus(current.status));
}

/**
 * The rules every task store follows, whatever holds the records (memory-store.ts in the process, redis-store.ts
 * shared by processes): which statuses are final, the ttl a task gets, the page size of `tasks/list`, the words a
 * refusal uses, and the one write both add to the SDK's interface (finishTask). One place, so a client sees the
 * same task life and the same errors on either backend (test/redis/task-store.test.ts runs one contract against both). Redis's scripts repeat only the terminal check,
 * which must run inside the script to be atomic.
 */
import type { TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import type { Result, Task } from '@modelcontextprotocol/sdk/types.js';

/** `tasks/list` answers this many tasks a page, with a cursor for the rest. */
export const TASK_PAGE_SIZE = 50;

/** What `pollInterval` a client is told (ms) when the task was created without one. */
export const DEFAULT_TASK_POLL_INTERVAL_MS = 1_000;

export const isTerminalStatus = (status: Task['status']): boolean => status === 'completed' || status === 'failed' || status === 'cancelled';

/**
 * The ttl a task gets: what the client asked, never more than the store's limit (none asked: the limit). Whole
 * milliseconds, because Redis expires keys in whole milliseconds and both stores must report the same ttl.
 */
export function grantedTtl(requested: number | null | undefined, maxTtlMs: number): number {
  return typeof requested === 'number' && requested > 0 ? Math.min(Math.ceil(requested), maxTtlMs) : maxTtlMs;
}

export const taskNotFound = (taskId: string): Error => new Error(`Task ${taskId} not found (unknown, or expired after its ttl)`);

export const taskIsFinal = (taskId: string, current: string, wanted: string): Error =>
  new Error(`Task ${taskId} is already ${current}; it cannot become ${wanted}`);

export const noTaskResult = (taskId: string, status: string, statusMessage: string | undefined): Error =>
  new Error(`Task ${taskId} has no result (${status})${statusMessage ? `: ${statusMessage}` : ''}`);

export const invalidTaskCursor = (): Error => new Error('Invalid cursor (unknown, or its task expired)');

/**
 * Ending a task: its final status, its message and its result in one write. The SDK's TaskStore has no such write
 * (storeTaskResult sets the status and the result but takes no message), so ending a task through it with a message
 * took two writes, and a cancel landing between them left the task cancelled without the result of a job that had
 * finished, and with a message saying no job was sent. Our stores add finishTask (memory-store.ts: one synchronous
 * step; redis-store.ts: one script), refused like every write once the task is terminal: whichever of the finish
 * and a cancel the store orders first wins, so a task ends finished with its result or cancelled, never between.
 */
export interface FinishingTaskStore extends TaskStore {
  finishTask(taskId: string, status: 'completed' | 'failed', result: Result, statusMessage: string, sessionId?: string): Promise<void>;
}

/**
 * Ends a task through whatever store holds it. A store with only the SDK's interface gets storeTaskResult: still
 * one write with the status and the result, so no cancel lands between them; only the message is not written (the
 * task keeps its last progress message, which names the job).
 */
export function finishTask(store: TaskStore, taskId: string, status: 'completed' | 'failed', result: Result, statusMessage: string, sessionId?: string): Promise<void> {
  const finishing = store as Partial<FinishingTaskStore>;
  return typeof finishing.finishTask === 'function'
    ? finishing.finishTask(taskId, status, result, statusMessage, sessionId)
    : store.storeTaskResult(taskId, status, result, sessionId);
}

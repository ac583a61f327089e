/**
 * notifications/tasks/status: MCP 2025-11-25 lets a receiver send it when a task's status changes, its params the
 * Task as tasks/get answers it. The SDK sends it only for writes through a handler's `extra.taskStore`; ours go
 * through the session's own store (session-store.ts), so this decorator sends it: after a write that succeeded,
 * the task is read back and handed to `notify` (server.ts: this session's client). Rules it keeps:
 * - The write comes first and its outcome is the caller's: a notice that cannot go out (transport closed, an HTTP
 *   session without its standalone SSE stream, a store read that fails) is logged at debug and dropped.
 * - Only the session that writes is told: a cancel through another session's store tells that session, not the
 *   task's owner, who sees it at its next tasks/get (README "Tasks"); the same across processes sharing Redis.
 * - No repeats: a notice goes out only when (status, statusMessage) differs from the last one sent for that task;
 *   a write that changes neither (the same message written again) sends nothing. A write already overtaken when it is read back (a cancel landing between a progress write and its
 *   read) is not announced: the later write announces the state both reads see.
 * - Nothing secret: the Task has no result and no arguments, and its statusMessage is a job label or the first line
 *   of a result already made secret-free (secret-free.ts); the schema's parse keeps only the Task's fields.
 */
import type { TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import { TaskStatusNotificationSchema, type Task, type TaskStatusNotification } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../logger.js';
import { MAX_TASK_WAITS } from './run-task.js';
import { finishTask, isTerminalStatus, type FinishingTaskStore } from './task-records.js';

export interface StatusNoticeOptions {
  /** Sends one notification to this session's client (server.notification). */
  readonly notify: (notification: TaskStatusNotification) => Promise<void>;
  readonly logger: Logger;
}

/**
 * How many tasks' last notices are remembered. A task's entry goes when it ends through this store; one that ends
 * elsewhere (cancelled from another session) would stay, so the oldest make room: forgetting one costs at most
 * one repeated notice. A session follows at most MAX_TASK_WAITS running tasks, so none still running is forgotten.
 */
const REMEMBERED = MAX_TASK_WAITS;

const noticeKey = (task: Task): string => JSON.stringify([task.status, task.statusMessage ?? null]);

export function statusNotices(store: TaskStore, options: StatusNoticeOptions): FinishingTaskStore {
  const lastSent = new Map<string, string>();

  const remember = (taskId: string, key: string): void => {
    lastSent.delete(taskId);
    if (lastSent.size >= REMEMBERED) lastSent.delete(lastSent.keys().next().value!);
    lastSent.set(taskId, key);
  };

  /** After a write of `wrote`: sends the task as it is now, unless already sent or overtaken by a later write. */
  const announce = async (taskId: string, wrote: { status: Task['status']; statusMessage?: string | undefined }, sessionId?: string): Promise<void> => {
    try {
      const task = await store.getTask(taskId, sessionId);
      if (!task || task.status !== wrote.status || (wrote.statusMessage !== undefined && task.statusMessage !== wrote.statusMessage)) return;
      const key = noticeKey(task);
      if (lastSent.get(taskId) === key) return;
      const notification = TaskStatusNotificationSchema.parse({ method: 'notifications/tasks/status', params: task });
      // Remembered before sending: a notice that failed is not retried by a repeated write either.
      if (isTerminalStatus(task.status)) lastSent.delete(taskId);
      else remember(taskId, key);
      await options.notify(notification);
    } catch (error) {
      options.logger.debug('task status notification not sent', { taskId, status: wrote.status, error: String(error) });
    }
  };

  return {
    createTask: (params, requestId, request, sessionId) => store.createTask(params, requestId, request, sessionId),
    getTask: (taskId, sessionId) => store.getTask(taskId, sessionId),
    getTaskResult: (taskId, sessionId) => store.getTaskResult(taskId, sessionId),
    listTasks: (cursor, sessionId) => store.listTasks(cursor, sessionId),
    async updateTaskStatus(taskId, status, statusMessage, sessionId) {
      await store.updateTaskStatus(taskId, status, statusMessage, sessionId);
      await announce(taskId, { status, statusMessage }, sessionId);
    },
    async storeTaskResult(taskId, status, result, sessionId) {
      await store.storeTaskResult(taskId, status, result, sessionId);
      await announce(taskId, { status }, sessionId);
    },
    // Announced by its status alone: a terminal status is final, so reading it back means this write holds (a store
    // with only the SDK's interface ends the task without the message, task-records.ts).
    async finishTask(taskId, status, result, statusMessage, sessionId) {
      await finishTask(store, taskId, status, result, statusMessage, sessionId);
      await announce(taskId, { status }, sessionId);
    },
  };
}

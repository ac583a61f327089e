/**
 * One session's view of the process's task store. The SDK passes the transport's session id to the store, which is
 * undefined on stdio and in memory; the binding is to our session (ServerDeps.sessionId, the same id the policy's
 * `session` limits use), so every store call gets that one instead. A shared store records it on createTask and
 * filters listTasks by it; get / result / status look a task up by id alone (the binding contract, README "Tasks").
 * It also ends a task in one write (finishTask, task-records.ts), whatever the store behind it offers.
 */
import type { TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import { finishTask, type FinishingTaskStore } from './task-records.js';

export function sessionTaskStore(store: TaskStore, sessionId: string): FinishingTaskStore {
  return {
    createTask: (params, requestId, request) => store.createTask(params, requestId, request, sessionId),
    getTask: (taskId) => store.getTask(taskId, sessionId),
    storeTaskResult: (taskId, status, result) => store.storeTaskResult(taskId, status, result, sessionId),
    finishTask: (taskId, status, result, statusMessage) => finishTask(store, taskId, status, result, statusMessage, sessionId),
    getTaskResult: (taskId) => store.getTaskResult(taskId, sessionId),
    updateTaskStatus: (taskId, status, statusMessage) => store.updateTaskStatus(taskId, status, statusMessage, sessionId),
    listTasks: (cursor) => store.listTasks(cursor, sessionId),
  };
}

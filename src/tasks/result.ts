/**
 * tasks/result, replacing the SDK's handler: the same answer (the stored result with the related-task `_meta`,
 * blocking while the task is not terminal, as the spec requires), but its wait between store checks removes its
 * abort listener each time; the SDK's adds one per check and keeps them until the request ends (a 10-minute job
 * polled every second is 600 listeners). The store is read at the task's pollInterval, so a task finished by
 * another process sharing the store is seen too. A cancelled task has no result: the error says why.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import { ErrorCode, GetTaskPayloadRequestSchema, McpError, RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import { abortableSleep } from '../cloudstack/retry.js';
import { DEFAULT_TASK_POLL_INTERVAL_MS, isTerminalStatus } from './task-records.js';

export function handleTaskResult(server: Server, store: TaskStore): void {
  server.setRequestHandler(GetTaskPayloadRequestSchema, async (request, extra) => {
    const { taskId } = request.params;
    for (;;) {
      const task = await store.getTask(taskId);
      if (!task) throw new McpError(ErrorCode.InvalidParams, `Task not found: ${taskId}`);
      if (task.status === 'cancelled') throw new McpError(ErrorCode.InvalidRequest, `Task ${taskId} was cancelled, so it has no result. ${task.statusMessage ?? ''}`.trim());
      if (isTerminalStatus(task.status)) {
        const result = await store.getTaskResult(taskId);
        return { ...result, _meta: { ...result._meta, [RELATED_TASK_META_KEY]: { taskId } } };
      }
      try {
        await abortableSleep(task.pollInterval ?? DEFAULT_TASK_POLL_INTERVAL_MS, extra.signal);
      } catch {
        throw new McpError(ErrorCode.InvalidRequest, 'Request cancelled');
      }
    }
  });
}

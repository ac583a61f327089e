/**
 * tasks/cancel, replacing the SDK's handler (which records "Client cancelled task execution." and nothing else):
 * cancelling a task stops this server's wait for its CloudStack job, never the job, so the answer names the job
 * and how to follow it. The status is written to the store (a wait running on another process sharing it sees
 * the cancel at its next poll) and this process's own wait, if it runs one, is stopped at once.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import { CancelTaskRequestSchema, ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { isTerminalStatus } from './task-records.js';
import { cancelledText } from './status-text.js';
import type { TaskWaits } from './task-waits.js';

export function handleTaskCancel(server: Server, store: TaskStore, waits: TaskWaits): void {
  server.setRequestHandler(CancelTaskRequestSchema, async (request) => {
    const { taskId } = request.params;
    const task = await store.getTask(taskId);
    if (!task) throw new McpError(ErrorCode.InvalidParams, `Task not found: ${taskId}`);
    // The spec: cancelling a task in a terminal status is refused with -32602.
    if (isTerminalStatus(task.status)) throw new McpError(ErrorCode.InvalidParams, `Cannot cancel task ${taskId}: it is already ${task.status}`);
    try {
      await store.updateTaskStatus(taskId, 'cancelled', cancelledText(task.statusMessage));
    } catch (error) {
      // Finished between the read and the write (another process, or our own wait): report what it is now.
      const now = await store.getTask(taskId);
      if (now && isTerminalStatus(now.status)) throw new McpError(ErrorCode.InvalidParams, `Cannot cancel task ${taskId}: it is already ${now.status}`);
      throw new McpError(ErrorCode.InternalError, `Task ${taskId} not cancelled: ${String(error)}`);
    }
    waits.abort(taskId, 'the task was cancelled (tasks/cancel)');
    const cancelled = await store.getTask(taskId);
    if (!cancelled) throw new McpError(ErrorCode.InvalidParams, `Task not found after cancellation: ${taskId}`);
    return { ...cancelled };
  });
}

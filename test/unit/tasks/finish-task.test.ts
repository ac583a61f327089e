/**
 * Ending a task through a store that has only the SDK's TaskStore interface (its InMemoryTaskStore): finishTask
 * (task-records.ts) falls back to storeTaskResult, still one write with the status and the result, so the task
 * keeps its last progress message; the session's store and its status notices work the same over it.
 */
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import type { Request, TaskStatusNotification } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { sessionTaskStore } from '../../../src/tasks/session-store.js';
import { statusNotices } from '../../../src/tasks/status-notices.js';

const stop: Request = { method: 'tools/call', params: { name: 'stop_virtual_machine', arguments: { id: 'vm-1' } } };
const stopped = { content: [{ type: 'text' as const, text: 'Virtual machine web-01 (vm-1) is Stopped.' }] };

describe('finishTask over a store with only the SDK’s interface', () => {
  it('ends the task with its status and result in one write (the message stays), announced once', async () => {
    const sdkStore = new InMemoryTaskStore();
    const sent: TaskStatusNotification[] = [];
    const store = statusNotices(sessionTaskStore(sdkStore, 's1'), { logger: silentLogger, notify: async (notification) => void sent.push(notification) });
    const task = await store.createTask({ ttl: null }, 1, stop);
    await store.updateTaskStatus(task.taskId, 'working', 'stopVirtualMachine job 1: running in CloudStack after 1.0 s (3 checks).');
    await store.finishTask(task.taskId, 'completed', stopped, 'Virtual machine web-01 (vm-1) is Stopped.');
    const finished = await sdkStore.getTask(task.taskId);
    expect(finished).toMatchObject({ status: 'completed', statusMessage: 'stopVirtualMachine job 1: running in CloudStack after 1.0 s (3 checks).' });
    expect(await sdkStore.getTaskResult(task.taskId)).toEqual(stopped);
    expect(sent.map((notification) => notification.params.status)).toEqual(['working', 'completed']);
    expect(sent.at(-1)!.params).toEqual(finished);
    sdkStore.cleanup();
  });
});

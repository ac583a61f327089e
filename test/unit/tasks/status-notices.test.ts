/**
 * The status-notice decorator over the real memory store and session binding: a notice follows each write that
 * changed (status, statusMessage), is the Task as the store then holds it, never fails or replaces the write, and
 * is not repeated for an unchanged message or announced for a write a later one overtook.
 */
import { describe, expect, it } from 'vitest';
import { TaskStatusNotificationSchema, type Request, type TaskStatusNotification } from '@modelcontextprotocol/sdk/types.js';
import { createLogger } from '../../../src/logger.js';
import { createMemoryTaskStore } from '../../../src/tasks/memory-store.js';
import { sessionTaskStore } from '../../../src/tasks/session-store.js';
import { statusNotices } from '../../../src/tasks/status-notices.js';

const request: Request = { method: 'tools/call', params: { name: 'stop_virtual_machine', arguments: { id: 'x' } } };

function setup(notify?: (notification: TaskStatusNotification) => Promise<void>) {
  const shared = createMemoryTaskStore({ maxTtlMs: 3_600_000 });
  const sent: TaskStatusNotification[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  const store = statusNotices(sessionTaskStore(shared, 's1'), { logger, notify: notify ?? (async (notification) => void sent.push(notification)) });
  return { shared, store, sent, logs };
}

describe('task status notices', () => {
  it('sends the task as the store holds it after each changed write, and nothing for an unchanged one', async () => {
    const { shared, store, sent } = setup();
    const { taskId } = await store.createTask({ ttl: 60_000 }, 1, request);
    expect(sent).toEqual([]);
    await store.updateTaskStatus(taskId, 'working', 'job 1: submitted');
    expect(sent.at(-1)).toEqual({ method: 'notifications/tasks/status', params: await shared.getTask(taskId) });
    await store.updateTaskStatus(taskId, 'working', 'job 1: submitted');
    await store.updateTaskStatus(taskId, 'working', undefined);
    expect(sent).toHaveLength(1);
    await store.updateTaskStatus(taskId, 'working', 'job 1: running after 1.0 s');
    await store.storeTaskResult(taskId, 'completed', { content: [] });
    expect(sent.map((notification) => [notification.params.status, notification.params.statusMessage])).toEqual([
      ['working', 'job 1: submitted'],
      ['working', 'job 1: running after 1.0 s'],
      ['completed', 'job 1: running after 1.0 s'],
    ]);
    expect(sent.at(-1)!.params).toEqual(await shared.getTask(taskId));
    for (const notification of sent) expect(TaskStatusNotificationSchema.parse(notification)).toEqual(notification);
  });

  it('a notice that cannot be sent fails neither the write nor the next notice; it is logged at debug', async () => {
    let fail = true;
    const sent: string[] = [];
    const { shared, store, logs } = setup(async (notification) => {
      if (fail) throw new Error('Not connected');
      sent.push(notification.params.status);
    });
    const { taskId } = await store.createTask({}, 1, request);
    await expect(store.updateTaskStatus(taskId, 'working', 'job 1: submitted')).resolves.toBeUndefined();
    expect((await shared.getTask(taskId))?.statusMessage).toBe('job 1: submitted');
    expect(logs).toContainEqual(expect.objectContaining({ level: 'debug', msg: 'task status notification not sent', taskId, error: 'Error: Not connected' }));
    fail = false;
    await store.storeTaskResult(taskId, 'failed', { content: [], isError: true });
    expect(await shared.getTaskResult(taskId)).toEqual({ content: [], isError: true });
    expect(sent).toEqual(['failed']);
  });

  it('a failed write is the caller’s error and sends nothing', async () => {
    const { store, sent } = setup();
    const { taskId } = await store.createTask({}, 1, request);
    await store.updateTaskStatus(taskId, 'cancelled', 'Cancelled: stopped waiting');
    await expect(store.updateTaskStatus(taskId, 'working', 'job 1: running')).rejects.toThrow(/already cancelled/);
    await expect(store.updateTaskStatus('unknown', 'working', 'x')).rejects.toThrow(/not found/);
    expect(sent.map((notification) => notification.params.status)).toEqual(['cancelled']);
  });

  it('a write overtaken before its read-back is not announced: the later one is, once', async () => {
    const { shared, store, sent } = setup();
    const { taskId } = await store.createTask({}, 1, request);
    // The progress write lands, then a cancel, then the progress write's read-back (which sees the cancel).
    const progress = store.updateTaskStatus(taskId, 'working', 'job 1: running');
    const cancel = store.updateTaskStatus(taskId, 'cancelled', 'Cancelled: stopped waiting');
    await Promise.all([progress, cancel]);
    expect(sent.map((notification) => notification.params)).toEqual([await shared.getTask(taskId)]);
    expect(sent[0]!.params.status).toBe('cancelled');
  });
});

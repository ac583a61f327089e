/**
 * The in-memory task store: the binding (listing per session, lookup by id from any session), ttl capped and
 * enforced, bounded size, terminal states final, and no request kept.
 */
import { describe, expect, it } from 'vitest';
import type { Request } from '@modelcontextprotocol/sdk/types.js';
import { createMemoryTaskStore } from '../../../src/tasks/memory-store.js';
import { grantedTtl } from '../../../src/tasks/task-records.js';

const HOUR = 3_600_000;
const request: Request = { method: 'tools/call', params: { name: 'migrate_virtual_machine', arguments: { virtualmachineid: 'x' } } };

function clock(start = Date.parse('2026-12-02T01:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('memory task store', () => {
  it('creates working tasks with 128-bit ids, the store poll interval unless given one, and a capped ttl', async () => {
    const store = createMemoryTaskStore({ maxTtlMs: HOUR, pollIntervalMs: 250 });
    const tasks = await Promise.all(Array.from({ length: 20 }, () => store.createTask({}, 1, request, 's1')));
    expect(new Set(tasks.map((task) => task.taskId)).size).toBe(20);
    for (const task of tasks) expect(task).toMatchObject({ taskId: expect.stringMatching(/^[0-9a-f]{32}$/), status: 'working', ttl: HOUR, pollInterval: 250 });
    expect((await store.createTask({ ttl: 10 * HOUR }, 2, request, 's1')).ttl).toBe(HOUR);
    expect((await store.createTask({ ttl: 60_000, pollInterval: 40 }, 3, request, 's1'))).toMatchObject({ ttl: 60_000, pollInterval: 40 });
    expect(grantedTtl(null, HOUR)).toBe(HOUR);
    expect(grantedTtl(0, HOUR)).toBe(HOUR);
  });

  it('lists only the asking session’s tasks, and finds any task by id from any session', async () => {
    const store = createMemoryTaskStore({ maxTtlMs: HOUR });
    const mine = await store.createTask({}, 1, request, 's1');
    const theirs = await store.createTask({}, 2, request, 's2');
    expect((await store.listTasks(undefined, 's1')).tasks.map((task) => task.taskId)).toEqual([mine.taskId]);
    expect((await store.listTasks(undefined, 's2')).tasks.map((task) => task.taskId)).toEqual([theirs.taskId]);
    expect(await store.getTask(theirs.taskId, 's1')).toEqual(theirs);
    await store.updateTaskStatus(theirs.taskId, 'cancelled', 'stopped', 's1');
    expect((await store.getTask(theirs.taskId, 's2'))?.status).toBe('cancelled');
  });

  it('pages a long listing with an opaque cursor; an unknown cursor is refused', async () => {
    const store = createMemoryTaskStore({ maxTtlMs: HOUR });
    const created = [];
    for (let index = 0; index < 120; index++) created.push((await store.createTask({}, index, request, 's1')).taskId);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listTasks(cursor, 's1');
      seen.push(...page.tasks.map((task) => task.taskId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(created);
    await expect(store.listTasks('nope', 's1')).rejects.toThrow(/Invalid cursor/);
  });

  it('keeps a result once, refuses any change after a terminal status, and says why a cancelled task has no result', async () => {
    const store = createMemoryTaskStore({ maxTtlMs: HOUR });
    const done = await store.createTask({}, 1, request, 's1');
    await store.updateTaskStatus(done.taskId, 'working', 'job 1 running');
    const result = { content: [{ type: 'text', text: 'ok' }] };
    await store.storeTaskResult(done.taskId, 'completed', result);
    expect(await store.getTaskResult(done.taskId)).toEqual(result);
    expect(await store.getTask(done.taskId)).toMatchObject({ status: 'completed', statusMessage: 'job 1 running' });
    await expect(store.storeTaskResult(done.taskId, 'failed', result)).rejects.toThrow(/already completed/);
    await expect(store.updateTaskStatus(done.taskId, 'cancelled')).rejects.toThrow(/already completed/);

    const cancelled = await store.createTask({}, 2, request, 's1');
    await store.updateTaskStatus(cancelled.taskId, 'cancelled', 'Cancelled: stopped waiting for job 7');
    await expect(store.getTaskResult(cancelled.taskId)).rejects.toThrow(/has no result \(cancelled\): Cancelled: stopped waiting for job 7/);
  });

  it('forgets a task when its ttl from creation has passed, whatever its status', async () => {
    const time = clock();
    const store = createMemoryTaskStore({ maxTtlMs: HOUR, now: time.now });
    const task = await store.createTask({ ttl: 60_000 }, 1, request, 's1');
    time.advance(59_999);
    expect(await store.getTask(task.taskId)).not.toBeNull();
    time.advance(1);
    expect(await store.getTask(task.taskId)).toBeNull();
    expect((await store.listTasks(undefined, 's1')).tasks).toEqual([]);
    await expect(store.updateTaskStatus(task.taskId, 'working', 'late')).rejects.toThrow(/not found/);
  });

  it('stays bounded: the oldest finished tasks make room; a store full of running tasks refuses a new one', async () => {
    const store = createMemoryTaskStore({ maxTtlMs: HOUR, maxTasks: 3 });
    const first = await store.createTask({}, 1, request, 's1');
    const second = await store.createTask({}, 2, request, 's1');
    await store.createTask({}, 3, request, 's1');
    await expect(store.createTask({}, 4, request, 's1')).rejects.toThrow(/Too many tasks in progress \(3\)/);
    await store.storeTaskResult(second.taskId, 'completed', { content: [] });
    const fourth = await store.createTask({}, 5, request, 's1');
    expect(await store.getTask(second.taskId)).toBeNull();
    expect(await store.getTask(first.taskId)).not.toBeNull();
    expect(await store.getTask(fourth.taskId)).not.toBeNull();
  });

  it('keeps nothing of the request (no arguments to leak)', async () => {
    const store = createMemoryTaskStore({ maxTtlMs: HOUR });
    const secret = { method: 'tools/call', params: { name: 'deploy_virtual_machine', arguments: { userdata: 'c2VjcmV0' } } };
    const task = await store.createTask({}, 1, secret, 's1');
    expect(JSON.stringify([await store.getTask(task.taskId), await store.listTasks(undefined, 's1')])).not.toContain('c2VjcmV0');
  });
});

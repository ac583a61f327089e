/**
 * notifications/tasks/status end to end: the SDK Client (its handler parses TaskStatusNotificationSchema) → real
 * servers on one process-wide store → the CloudStack client → the simulator. A task-run VM stop (its job delayed by
 * the simulator) is told working → completed, a failing job failed, a cancel cancelled — each notice the Task that
 * tasks/get answered at that moment, with no repeated (status, statusMessage). Kept apart from tasks.e2e.test.ts,
 * which covers what tasks/get and tasks/result show.
 *
 * "At that moment": over the in-memory link a notice reaches the handler in the microtask after the server sent it,
 * before the server's next write to that task, and the memory store's getTask copies the record when called, so
 * the handler's read of the process's store is what tasks/get (the SDK's handler returns store.getTask) answered then.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import { TaskStatusNotificationSchema, type Task } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createTaskWaits } from '../../../src/tasks/task-waits.js';
import { callAsTask, pollTask, startTaskWorld, taskResult, type TaskWorld } from './support.js';

let world: TaskWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

interface Seen {
  readonly notice: Task;
  /** The store's record when the handler ran (in memory: when the notice was sent). */
  readonly stored: Promise<Task | null>;
}

/** Every task status notice this client receives, by task. */
function watchNotices(client: Client, store: TaskStore) {
  const seen: Seen[] = [];
  client.setNotificationHandler(TaskStatusNotificationSchema, (notification) => {
    const { _meta: _ignored, ...notice } = notification.params;
    seen.push({ notice, stored: store.getTask(notice.taskId) });
  });
  const of = (taskId: string): Task[] => seen.filter((entry) => entry.notice.taskId === taskId).map((entry) => entry.notice);
  return {
    of,
    statuses: (taskId: string) => of(taskId).map((task) => task.status),
    /** Each notice equals the store's record at that moment. */
    async expectEachAsStored(taskId: string) {
      for (const entry of seen.filter((candidate) => candidate.notice.taskId === taskId)) expect(entry.notice).toEqual(await entry.stored);
    },
  };
}

const pairs = (tasks: Task[]) => tasks.map((task) => `${task.status}|${task.statusMessage ?? ''}`);

function expectNoRepeat(tasks: Task[]): void {
  const keys = pairs(tasks);
  expect(keys.filter((key, index) => index > 0 && key === keys[index - 1])).toEqual([]);
}

/** A running VM of the seeded world (web-01), to stop as a task. */
const runningVm = (w: TaskWorld): string => w.simulator.world.vms.find((vm) => vm.name === 'web-01' && vm.state === 'Running')!.id;

/** The world's notices settle: the task ended and its wait is done, plus a pause where a late notice would show. */
async function settled(w: TaskWorld): Promise<void> {
  await expect.poll(() => w.waits.active).toBe(0);
  await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('notifications/tasks/status', () => {
  it('in memory: a task-run VM stop is told working (submitted, progress) then completed, each as tasks/get had it', async () => {
    world = await startTaskWorld({ jobMs: 600 });
    const client = await world.connect('s1');
    const notices = watchNotices(client, world.store);
    const created = await callAsTask(client, 'stop_virtual_machine', { id: runningVm(world) });
    expect((await taskResult(client, created.taskId)).isError).toBeFalsy();
    await settled(world);

    const told = notices.of(created.taskId);
    expect(told[0]).toMatchObject({ status: 'working', statusMessage: expect.stringMatching(/^stopVirtualMachine job \S+: submitted to CloudStack/) });
    expect(told.some((task) => /running in CloudStack after/.test(task.statusMessage ?? ''))).toBe(true);
    expect(notices.statuses(created.taskId)).toEqual([...told.slice(0, -1).map(() => 'working'), 'completed']);
    await notices.expectEachAsStored(created.taskId);
    expectNoRepeat(told);
    expect(told.at(-1)).toEqual(await client.experimental.tasks.getTask(created.taskId));
  });

  it('a failing job: the last notice is failed, as tasks/get answers it', async () => {
    world = await startTaskWorld({ jobMs: 300 });
    const client = await world.connect('s1');
    const notices = watchNotices(client, world.store);
    world.simulator.setFaults({ failNextJobs: 1 });
    const created = await callAsTask(client, 'stop_virtual_machine', { id: runningVm(world) });
    expect((await taskResult(client, created.taskId)).isError).toBe(true);
    await settled(world);
    const told = notices.of(created.taskId);
    expect(notices.statuses(created.taskId).filter((status) => status !== 'working')).toEqual(['failed']);
    expect(told.at(-1)).toEqual(await client.experimental.tasks.getTask(created.taskId));
    await notices.expectEachAsStored(created.taskId);
    expectNoRepeat(told);
  });

  it('tasks/cancel: one cancelled notice, the last, with the cancel’s message', async () => {
    world = await startTaskWorld();
    const client = await world.connect('s1');
    const notices = watchNotices(client, world.store);
    const created = await callAsTask(client, 'stop_virtual_machine', { id: runningVm(world) });
    await pollTask(client, created.taskId, (task) => /running in CloudStack after/.test(task.statusMessage ?? ''));
    const cancelled = await client.experimental.tasks.cancelTask(created.taskId);
    await settled(world);
    const told = notices.of(created.taskId);
    expect(notices.statuses(created.taskId).filter((status) => status !== 'working')).toEqual(['cancelled']);
    expect(told.at(-1)).toEqual(cancelled);
    await notices.expectEachAsStored(created.taskId);
    expectNoRepeat(told);
  });

  it('a cancel from another session (another process’s waits) tells that session; the owner sees it by tasks/get', async () => {
    world = await startTaskWorld();
    const owner = await world.connect('s1');
    const other = await world.connect('s2', { waits: createTaskWaits() });
    const ownerNotices = watchNotices(owner, world.store);
    const otherNotices = watchNotices(other, world.store);
    const created = await callAsTask(owner, 'stop_virtual_machine', { id: runningVm(world) });
    const cancelled = await other.experimental.tasks.cancelTask(created.taskId);
    await settled(world);
    expect(otherNotices.of(created.taskId)).toEqual([cancelled]);
    expect(new Set(ownerNotices.statuses(created.taskId))).toEqual(new Set(['working']));
    expect(await owner.experimental.tasks.getTask(created.taskId)).toEqual(cancelled);
  });

  it('over Streamable HTTP (the standalone SSE stream): notices end with completed, as tasks/get answers it', async () => {
    world = await startTaskWorld({ jobMs: 600 });
    const client = await (await world.http()).connect();
    const notices = watchNotices(client, world.store);
    const created = await callAsTask(client, 'stop_virtual_machine', { id: runningVm(world) });
    expect((await taskResult(client, created.taskId)).isError).toBeFalsy();
    await settled(world);
    // The GET stream opens after initialize on its own: a notice sent before it is dropped, never an error.
    const told = notices.of(created.taskId);
    expect(notices.statuses(created.taskId).at(-1)).toBe('completed');
    expect(notices.statuses(created.taskId).filter((status) => status !== 'working')).toEqual(['completed']);
    expect(told.at(-1)).toEqual(await client.experimental.tasks.getTask(created.taskId));
    expectNoRepeat(told);
  });
});

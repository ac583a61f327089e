/**
 * tasks/cancel racing a task's own writes, in memory and on a real Redis shared by two processes (race-world.ts):
 * - a cancel that lands once the task exists but before its CloudStack job is sent: the job is never sent (the
 *   simulator's request log), the task stays cancelled, the audit says the call was cancelled before submission;
 * - a cancel that lands right after the first write made once the job's outcome is known (audited): finishing is
 *   one write, so the cancel finds the task finished with its result and is refused; before, it landed between the
 *   message and the result and left the task cancelled without the result of a job that had finished.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { simulatorPerTest } from '../../helpers/simulator.js';
import { sharedRedis, type SharedRedis } from '../../redis/redis-server.js';
import { callAsTask, sent, taskResult, textOf } from './support.js';
import { cancelAfter, holdCreate, startRaceWorld, type Backend, type RaceWorld } from './race-world.js';

let redis: SharedRedis | undefined;
beforeAll(async () => {
  redis = await sharedRedis();
});
afterAll(async () => {
  await redis?.close();
});

let world: RaceWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const BACKENDS: ReadonlyArray<{ name: string; backend: Backend }> = [
  { name: 'in memory', backend: { kind: 'memory' } },
  { name: 'on Redis shared by two processes', backend: { kind: 'redis', redis: () => redis! } },
];
const CANCELLERS: ReadonlyArray<{ from: string; client: (w: RaceWorld) => Client }> = [
  { from: 'its own session', client: (w) => w.owner },
  { from: 'the other process', client: (w) => w.other },
];

describe.each(BACKENDS)('tasks/cancel racing the task’s writes ($name)', ({ backend }) => {
  const simulator = simulatorPerTest({ jobMs: 100 });
  const runningVm = (): string => simulator.world.vms.find((vm) => vm.name === 'web-01' && vm.state === 'Running')!.id;

  it.each(CANCELLERS)('cancelled from $from before the job is sent: nothing reaches CloudStack, the task stays cancelled, audited so', async ({ client }) => {
    const held = holdCreate();
    world = await startRaceWorld(simulator, backend, held.wrap);
    const vmId = runningVm();
    simulator.clearRequests();
    const answer = callAsTask(world.owner, 'stop_virtual_machine', { id: vmId });
    // (A call refused before its task is created would answer first: say so instead of waiting for the hold.)
    const written = await Promise.race([held.written, answer.then((task) => Promise.reject(new Error(`answered before its record was written: ${JSON.stringify(task)}`)))]);
    // Visible before the tools/call is answered: listed for its session, cancellable by id.
    expect((await world.owner.experimental.tasks.listTasks()).tasks.map((task) => task.taskId)).toContain(written.taskId);
    const cancelled = await client(world).experimental.tasks.cancelTask(written.taskId);
    expect(cancelled).toMatchObject({ status: 'cancelled', statusMessage: expect.stringMatching(/^Cancelled before a CloudStack job was submitted/) });
    held.release();

    expect(await answer).toMatchObject({ taskId: written.taskId, status: 'cancelled' });
    await expect.poll(() => world!.waits.active).toBe(0);
    expect(sent(simulator, 'stopVirtualMachine')).toEqual([]);
    expect(simulator.world.vms.find((vm) => vm.id === vmId)!.state).toBe('Running');
    expect(await world.owner.experimental.tasks.getTask(written.taskId)).toEqual(cancelled);
    expect(world.policy.outcomes).toEqual([
      { ok: false, error: expect.stringMatching(/^not_submitted: stopVirtualMachine was not sent to CloudStack: the task was cancelled \(tasks\/cancel\) before it was submitted/) },
    ]);
    await expect(taskResult(world.owner, written.taskId)).rejects.toThrow(/was cancelled, so it has no result/);
  });

  it.each(CANCELLERS)('cancelled from $from right after the job’s outcome is known: the task is completed with its result', async ({ client }) => {
    // Armed by the audit of the outcome: the next write to start is the first of the task's finishing.
    const race = cancelAfter(
      () => world!.policy.outcomes.length > 0,
      (taskId) => client(world!).experimental.tasks.cancelTask(taskId),
    );
    world = await startRaceWorld(simulator, backend, race.wrap);
    const vmId = runningVm();
    const created = await callAsTask(world.owner, 'stop_virtual_machine', { id: vmId });
    await expect.poll(() => world!.waits.active).toBe(0);

    expect(world.policy.outcomes).toEqual([{ ok: true, jobId: expect.any(String) }]);
    expect(race.fired, 'a cancel was sent once the outcome was audited').toBeDefined();
    expect(await race.fired).toEqual({ refused: expect.stringMatching(/already completed/) });
    const result = await taskResult(world.owner, created.taskId);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ virtualmachine: { id: vmId, state: 'Stopped' } });
    // One write set status, message and result: the message is the result's first line.
    expect(await world.owner.experimental.tasks.getTask(created.taskId)).toMatchObject({ status: 'completed', statusMessage: textOf(result).split('\n')[0] });
    expect(sent(simulator, 'stopVirtualMachine')).toHaveLength(1);
  });
});

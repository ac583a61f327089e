/**
 * Redis lost, slow and back while the limiter runs: every decision is refused with the clear error (never a
 * crash, never an answer without Redis), and decisions work again by themselves when Redis returns.
 * This test owns its Redis (it stops and pauses it), so it never uses the suite's shared one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import type { CompiledLimit } from '../../src/policy/compile.js';
import type { LimitSlot, Limiter } from '../../src/policy/limiter.js';
import { createRedisApprovalStore } from '../../src/approvals/redis-store.js';
import { connectRedis, openRedisLimiter, PolicyStateError } from '../../src/policy/state/index.js';
import { createRedisTaskStore } from '../../src/tasks/redis-store.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

const compiled: CompiledLimit = {
  pointer: '/tools/t/limits/0',
  counter: 'faults',
  windowMs: 3_600_000,
  windowLabel: 'hour',
  max: 1_000,
  scope: { kind: 'grant' },
  scopeLabel: 'grant',
};
const slot: LimitSlot = { limit: compiled, key: JSON.stringify(['faults', 3_600_000, 'grant', null]) };
const UNAVAILABLE = /^policy state unavailable: .+; nothing was sent$/;

let server: RedisServer;
let limiter: Limiter;
const logs: string[] = [];

async function passesWithin(ms: number, slots = [slot]): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const reservation = await limiter.reserve(slots);
      if (reservation.ok) return void (await reservation.commit());
    } catch (error) {
      if (!(error instanceof PolicyStateError) || Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  server = await startRedisServer();
  const logger = createLogger({ write: (line) => logs.push(line) });
  limiter = await openRedisLimiter({ url: server.url, prefix: 'faults:', timeoutMs: 300, leaseMs: 60_000, logger });
});
afterAll(async () => {
  server?.resume();
  await limiter?.close?.();
  await server?.stop();
});

describe('Redis faults while running', () => {
  it('refuses every decision while Redis is down, and decides again once it is back (no restart)', async () => {
    await passesWithin(1_000);
    const waiting = await limiter.reserve([slot]);
    expect(waiting.ok).toBe(true);
    await server.stop();

    const attempts = await Promise.allSettled(Array.from({ length: 20 }, () => limiter.reserve([slot])));
    for (const attempt of attempts) {
      expect(attempt.status).toBe('rejected');
      if (attempt.status === 'rejected') {
        expect(attempt.reason).toBeInstanceOf(PolicyStateError);
        expect((attempt.reason as Error).message).toMatch(UNAVAILABLE);
      }
    }
    // The read-only probe cannot answer either: it throws the same error (the gate: not admitted), never "room".
    const probe = await Promise.resolve(limiter.hasRoom([slot])).catch((error: unknown) => error);
    expect(probe).toBeInstanceOf(PolicyStateError);
    expect((probe as Error).message).toMatch(UNAVAILABLE);
    // A call already held cannot go on without its commit being recorded; its release never throws.
    if (waiting.ok) {
      const pending = await Promise.resolve(limiter.reserve([slot])).catch((error: unknown) => error);
      expect(pending).toBeInstanceOf(PolicyStateError);
      await expect(Promise.resolve(waiting.release())).resolves.toBeUndefined();
    }
    expect(logs.some((line) => line.includes('Redis connection lost'))).toBe(true);

    await server.start();
    await passesWithin(15_000);
    expect(logs.some((line) => line.includes('Redis connection restored'))).toBe(true);
  });

  it('bounds a Redis that does not answer by the timeout, then resumes and undoes the late hold', async () => {
    await passesWithin(1_000);
    // max 1: if the hold Redis makes after we gave up stayed, the next call on this counter would be refused.
    const single: LimitSlot = { limit: { ...compiled, counter: 'single', max: 1 }, key: JSON.stringify(['single', 3_600_000, 'grant', null]) };
    server.pause();
    try {
      const error = await Promise.resolve(limiter.reserve([single])).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PolicyStateError);
      expect((error as Error).message).toBe('policy state unavailable: Redis did not answer within 300 ms; nothing was sent');
    } finally {
      server.resume();
    }
    await passesWithin(5_000, [single]);
  });

  it('closes (shutdown) even while Redis does not answer', async () => {
    const closing = await openRedisLimiter({ url: server.url, prefix: 'faults:', timeoutMs: 300, leaseMs: 60_000, logger: createLogger({ write: () => {} }) });
    server.pause();
    try {
      const pending = Promise.resolve(closing.reserve([slot])).catch((error: unknown) => error);
      await expect(closing.close!()).resolves.toBeUndefined();
      expect(await pending).toBeInstanceOf(Error);
    } finally {
      server.resume();
    }
    await passesWithin(5_000);
  });

  it('refuses a commit it cannot record (the call must not be sent)', async () => {
    await passesWithin(1_000);
    const reservation = await limiter.reserve([slot]);
    expect(reservation.ok).toBe(true);
    server.pause();
    try {
      if (reservation.ok) await expect(Promise.resolve(reservation.commit())).rejects.toThrow(UNAVAILABLE);
    } finally {
      server.resume();
    }
    await passesWithin(5_000);
  });
});

describe('approvals and task records while Redis is lost', () => {
  it('refuses every approval and task operation with the clear error while Redis is down, and works again when it is back', async () => {
    const connection = await connectRedis({ url: server.url, timeoutMs: 300, logger: createLogger({ write: () => {} }) });
    try {
      const approvals = await createRedisApprovalStore({ connection, prefix: 'faults-approvals:' });
      const tasks = createRedisTaskStore({ connection, prefix: 'faults-tasks:', maxTtlMs: 60_000 });
      const call = { tool: 'destroy_virtual_machine', command: 'destroyVirtualMachine', params: { id: 'vm-1' } };
      const ask = { call, session: 's1', rule: '/tools/destroy_virtual_machine', reason: 'operator' };
      const { approval } = await approvals.request(ask);
      const task = await tasks.createTask({}, 1, { method: 'tools/call', params: { name: 'migrate_virtual_machine' } }, 's1');
      await server.stop();
      try {
        const attempts = await Promise.allSettled([
          approvals.request({ ...ask, session: 's2' }),
          approvals.consume(call, 's1'),
          approvals.get(approval.id),
          approvals.list(),
          approvals.approve(approval.id, 'alice'),
          approvals.deny(approval.id, 'alice', 'no'),
          approvals.shown([approval.id], 'alice'),
          approvals.cancelForTool('destroy_virtual_machine', 'reload'),
          tasks.createTask({}, 2, { method: 'tools/call', params: {} }, 's1'),
          tasks.getTask(task.taskId),
          tasks.updateTaskStatus(task.taskId, 'cancelled'),
          tasks.storeTaskResult(task.taskId, 'completed', { content: [] }),
          tasks.getTaskResult(task.taskId),
          tasks.listTasks(undefined, 's1'),
        ]);
        for (const attempt of attempts) {
          expect(attempt.status).toBe('rejected');
          if (attempt.status === 'rejected') {
            expect(attempt.reason).toBeInstanceOf(PolicyStateError);
            expect((attempt.reason as Error).message).toMatch(UNAVAILABLE);
          }
        }
      } finally {
        await server.start();
      }
      // Redis came back empty (no persistence): the stores work again at once, on the same connection.
      const deadline = Date.now() + 15_000;
      for (;;) {
        try {
          expect((await approvals.request(ask)).created).toBe(true);
          break;
        } catch (error) {
          if (!(error instanceof PolicyStateError) || Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      expect(await tasks.getTask(task.taskId)).toBeNull();
      expect((await tasks.createTask({}, 3, { method: 'tools/call', params: {} }, 's1')).status).toBe('working');
    } finally {
      await connection.close();
    }
  });
});

/**
 * The Redis limiter against a real Redis: two limiters on one Redis are two server processes sharing the counts.
 * Its read-only probes (hasRoom, and room with the reason) answer as the in-memory store does and write no key.
 */
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import type { CompiledLimit } from '../../src/policy/compile.js';
import type { LimitSlot, Limiter, Reservation } from '../../src/policy/limiter.js';
import { createLimiter } from '../../src/policy/limits.js';
import { openRedisLimiter, redisCounterKey } from '../../src/policy/state/index.js';
import { sharedRedis, type SharedRedis } from './redis-server.js';

function limit(counter: string, max: number, windowMs = 3_600_000, scopeLabel = 'grant'): CompiledLimit {
  const scope = scopeLabel === 'grant' ? { kind: 'grant' as const } : { kind: 'arg' as const, param: scopeLabel.slice('args.'.length) };
  return { pointer: `/tools/t/limits/0`, counter, windowMs, windowLabel: 'hour', max, scope, scopeLabel };
}

/** The gate's key format (counter, window, scope, scope value). */
function slot(compiled: CompiledLimit, value: string | null = null): LimitSlot {
  return { limit: compiled, key: JSON.stringify([compiled.counter, compiled.windowMs, compiled.scopeLabel, value]) };
}

type Held = Extract<Reservation, { ok: true }>;
function held(reservation: Reservation): Held {
  if (!reservation.ok) throw new Error(`refused: ${JSON.stringify(reservation)}`);
  return reservation;
}

/** Reserve and, when held, commit at once (a call that goes straight to CloudStack). */
async function call(limiter: Limiter, slots: LimitSlot[]): Promise<boolean> {
  const reservation = await limiter.reserve(slots);
  if (reservation.ok) await reservation.commit();
  return reservation.ok;
}

let redis: SharedRedis;
const opened: Limiter[] = [];
async function open(leaseMs = 300_000, prefix = redis.prefix): Promise<Limiter> {
  const limiter = await openRedisLimiter({ url: redis.url, prefix, timeoutMs: 2_000, leaseMs, logger: silentLogger });
  opened.push(limiter);
  return limiter;
}

beforeAll(async () => {
  redis = await sharedRedis();
});
afterAll(async () => {
  for (const limiter of opened) await limiter.close?.();
  await redis?.close();
});

describe('Redis limiter, shared by processes', () => {
  it('lets exactly max of 200 concurrent calls through two limiters (two processes) on one Redis', async () => {
    const [a, b] = [await open(), await open()];
    const migrations = slot(limit('grant_200', 10));
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => call(i % 2 === 0 ? a : b, [migrations])));
    expect(outcomes.filter(Boolean)).toHaveLength(10);
    const refused = await a.reserve([migrations]);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.limit.counter).toBe('grant_200');
      expect(refused.retryAfterSeconds).toBeGreaterThan(3_500);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(3_600);
    }
  });

  it('counts an args. scope per value across both limiters', async () => {
    const [a, b] = [await open(), await open()];
    const perVm = limit('per_vm', 2, 3_600_000, 'args.virtualmachineid');
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) => call(i % 2 === 0 ? a : b, [slot(perVm, i % 4 < 2 ? 'vm-a' : 'vm-b')]).then((ok) => ({ ok, vm: i % 4 < 2 ? 'a' : 'b' }))),
    );
    expect(outcomes.filter((o) => o.ok && o.vm === 'a')).toHaveLength(2);
    expect(outcomes.filter((o) => o.ok && o.vm === 'b')).toHaveLength(2);
    expect(await call(b, [slot(perVm, 'vm-c')])).toBe(true);
  });

  it('keeps the counts when a limiter is re-created mid-window (a restarted process)', async () => {
    const first = await open();
    const restarts = slot(limit('restarted', 3));
    for (let i = 0; i < 3; i++) expect(await call(first, [restarts])).toBe(true);
    await first.close?.();
    const second = await open();
    expect(await call(second, [restarts])).toBe(false);
  });

  it('holds one slot in every limit or none', async () => {
    const limiter = await open();
    const wide = slot(limit('wide', 5));
    const narrow = slot(limit('narrow', 1));
    expect(await call(limiter, [narrow])).toBe(true);
    const refused = await limiter.reserve([wide, narrow]);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.limit.counter).toBe('narrow');
    // The refused reservation took nothing from `wide`: all five slots are still there.
    for (let i = 0; i < 5; i++) expect(await call(limiter, [wide])).toBe(true);
    expect(await call(limiter, [wide])).toBe(false);
  });

  it('counts a held slot on every process until it is released, then gives it back', async () => {
    const [a, b] = [await open(), await open()];
    const approvals = slot(limit('approvals', 1));
    const waiting = held(await a.reserve([approvals]));
    expect((await b.reserve([approvals])).ok).toBe(false);
    await waiting.release();
    expect(await call(b, [approvals])).toBe(true);
    expect(await call(a, [approvals])).toBe(false);
  });

  it('commits an immediate reservation in the same step; release still gives it back', async () => {
    const [a, b] = [await open(), await open()];
    const direct = slot(limit('immediate', 2));
    const first = held(await a.reserve([direct], { immediate: true }));
    const second = held(await a.reserve([direct], { immediate: true }));
    // Counted before any commit, on the other process too: no approval to wait for, so no held slot to age later.
    expect((await b.reserve([direct], { immediate: true })).ok).toBe(false);
    await first.commit();
    await second.release();
    expect(await call(b, [direct])).toBe(true);
    expect(await call(b, [direct])).toBe(false);
  });

  it('frees the slot of a process that never settled it once its lease ends', async () => {
    const dying = await open(200);
    const orphan = slot(limit('orphaned', 1));
    held(await dying.reserve([orphan]));
    const other = await open();
    expect((await other.reserve([orphan])).ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await call(other, [orphan])).toBe(true);
  });

  it('commits a call whose lease ran out only if its limit has room now', async () => {
    const slow = await open(100);
    const roomy = slot(limit('lease_room', 2));
    const tight = slot(limit('lease_full', 1));
    const late = held(await slow.reserve([roomy]));
    const lateTight = held(await slow.reserve([tight]));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await late.commit();
    const other = await open();
    expect(await call(other, [tight])).toBe(true);
    await expect(lateTight.commit()).rejects.toThrow(/^policy state unavailable: the slot held for this call on lease_full outlived its 1 s lease and the limit is full now; nothing was sent$/);
    expect(await call(other, [roomy])).toBe(true);
    expect(await call(other, [roomy])).toBe(false);
  });

  it('writes keys under the prefix that expire with the window (calls) and the lease (holds)', async () => {
    const limiter = await open(60_000);
    const hourly = limit('expiring', 5, 3_600_000, 'args.id');
    const base = redisCounterKey(redis.prefix, slot(hourly, 'vm-1'));
    expect(base.startsWith(`${redis.prefix}limit:expiring:`)).toBe(true);
    expect(await call(limiter, [slot(hourly, 'vm-1')])).toBe(true);
    const waiting = held(await limiter.reserve([slot(hourly, 'vm-1')]));
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const callsTtl = await client.pTTL(`${base}:calls`);
      const heldTtl = await client.pTTL(`${base}:held`);
      expect(callsTtl).toBeGreaterThan(3_500_000);
      expect(callsTtl).toBeLessThanOrEqual(3_600_000);
      expect(heldTtl).toBeGreaterThan(50_000);
      expect(heldTtl).toBeLessThanOrEqual(60_000);
      await waiting.release();
      expect(await client.exists(`${base}:held`)).toBe(0);
      const other = limit('expiring', 5, 60_000, 'args.id');
      expect(redisCounterKey(redis.prefix, slot(other, 'vm-1'))).not.toBe(base);
    } finally {
      await client.close();
    }
  });

  it('keeps two prefixes (two clouds on one Redis) apart', async () => {
    const zoneA = await open(300_000, `${redis.prefix}a:`);
    const zoneB = await open(300_000, `${redis.prefix}b:`);
    const once = slot(limit('once', 1));
    expect(await call(zoneA, [once])).toBe(true);
    expect(await call(zoneA, [once])).toBe(false);
    expect(await call(zoneB, [once])).toBe(true);
  });

  it('refuses to start against a Redis that cannot be reached', async () => {
    await expect(openRedisLimiter({ url: 'redis://127.0.0.1:1', prefix: 'x:', timeoutMs: 500, leaseMs: 1_000, logger: silentLogger })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('answers no limits without Redis', async () => {
    const limiter = await open();
    expect((await limiter.reserve([])).ok).toBe(true);
    expect(await limiter.hasRoom([])).toBe(true);
  });
});

describe('Redis limiter, the read-only probe (hasRoom)', () => {
  it('answers as the in-memory store does, step by step, and writes no key for the values it only probed', async () => {
    const redisLimiter = await open();
    const memory = createLimiter({ now: Date.now, maxKeys: 1_000 });
    const wide = limit('probe_wide', 3);
    const narrow = limit('probe_narrow', 1, 3_600_000, 'args.virtualmachineid');
    const brief = limit('probe_brief', 1, 300);
    // Each step acts on both stores alike; then both are probed and must give the expected answer.
    const holds: Held[][] = [];
    const steps: [string, (store: Limiter, index: number) => Promise<unknown>, LimitSlot[], boolean][] = [
      ['fresh keys', async () => {}, [slot(wide), slot(narrow, 'vm-1')], true],
      ['the same key twice is one slot', async () => {}, [slot(narrow, 'vm-1'), slot(narrow, 'vm-1')], true],
      ['two of three committed', async (store) => (await call(store, [slot(wide)]), await call(store, [slot(wide)])), [slot(wide)], true],
      ['the third held for an approval', async (store, index) => void (holds[index] = [held(await store.reserve([slot(wide)]))]), [slot(wide)], false],
      ['it is declined', async (_store, index) => await holds[index]![0]!.release(), [slot(wide)], true],
      ['the narrow one full', async (store) => await call(store, [slot(narrow, 'vm-1')]), [slot(wide), slot(narrow, 'vm-1')], false],
      ['another value of it', async () => {}, [slot(wide), slot(narrow, 'vm-2')], true],
      ['a short window full', async (store) => await call(store, [slot(brief)]), [slot(brief)], false],
      ['the window slid past', () => new Promise((resolve) => setTimeout(resolve, 400)), [slot(brief)], true],
    ];
    for (const [label, act, probed, expected] of steps) {
      await act(memory, 0);
      await act(redisLimiter, 1);
      expect({ label, memory: memory.hasRoom(probed), redis: await redisLimiter.hasRoom(probed) }).toEqual({ label, memory: expected, redis: expected });
    }
    // vm-2 was only ever probed: no key for it, in Redis as in memory (wide, vm-1 and brief have calls).
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      for (const suffix of ['calls', 'held']) expect(await client.exists(`${redisCounterKey(redis.prefix, slot(narrow, 'vm-2'))}:${suffix}`)).toBe(0);
      expect(memory.size()).toBe(3);
    } finally {
      await client.close();
    }
  });

  it('room names the limit reserve refuses on (the first full pair) and a wait inside its window', async () => {
    const limiter = await open();
    const memory = createLimiter({ now: Date.now, maxKeys: 1_000 });
    const wide = limit('room_wide', 5);
    const narrow = limit('room_narrow', 1, 60_000);
    for (const store of [limiter, memory]) await call(store, [slot(wide), slot(narrow)]);
    for (const store of [limiter, memory]) {
      const why = await store.room([slot(wide), slot(narrow)]);
      const refused = await store.reserve([slot(wide), slot(narrow)]);
      expect(why).toMatchObject({ ok: false, limit: narrow });
      expect(refused).toMatchObject({ ok: false, limit: narrow });
      // Redis's clock, not this process's: the wait is within the narrow limit's minute, not a second more.
      const wait = why.ok ? 0 : why.retryAfterSeconds;
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60);
      expect(await store.room([slot(wide)])).toEqual({ ok: true });
    }
    expect(await limiter.room([])).toEqual({ ok: true });
  });

  it('takes nothing: a reservation sent right behind probes, before any answer, finds the last slot', async () => {
    const limiter = await open();
    const last = slot(limit('probe_last', 1));
    // One connection runs its commands in the order they were sent: 20 probes, then the real call, then 20 more.
    const outcomes = await Promise.all([...Array.from({ length: 20 }, () => limiter.hasRoom([last])), call(limiter, [last]), ...Array.from({ length: 20 }, () => limiter.hasRoom([last]))]);
    expect(outcomes).toEqual([...Array<boolean>(21).fill(true), ...Array<boolean>(20).fill(false)]);
    expect(await limiter.hasRoom([last])).toBe(false);
  });
});

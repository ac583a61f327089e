/**
 * The gate's limits over time and at their bounds: the production clock (Date.now, driven here by vitest's fake
 * timers), approvals that take longer than a limit's window, and a full counter table.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { createPolicyGateFromValue } from '../../../src/policy/index.js';
import type { Limiter } from '../../../src/policy/limiter.js';
import type { AskApproval } from '../../../src/policy/types.js';
import { TOOLS, call, neverAsked, testGate } from './fixtures.js';

describe('limits on the real clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('refuses inside the window and admits again once it has slid past', async () => {
    const gate = createPolicyGateFromValue(
      { version: '1', default: 'deny', tools: { reboot_virtual_machine: { rate_limit: { max: 2, window: 'minute' } } } },
      { tools: TOOLS, logger: silentLogger, audit: { write: () => {} } },
    );
    const reboot = () => gate.admit(call('reboot_virtual_machine', { id: 'vm1' }), neverAsked);
    expect((await reboot()).allowed).toBe(true);
    vi.advanceTimersByTime(30_000);
    expect((await reboot()).allowed).toBe(true);
    vi.advanceTimersByTime(20_000);
    const refused = await reboot();
    expect(refused.allowed === false && refused.refusal).toMatchObject({
      reason: 'rate limit: 2 per minute on reboot_virtual_machine_rate_limit, retry in 10 s',
      retryAfterSeconds: 10,
    });
    vi.advanceTimersByTime(10_000);
    expect((await reboot()).allowed).toBe(true);
    expect((await reboot()).allowed).toBe(false);
  });
});

describe('an approval slower than the window', () => {
  it('keeps the slot while the human decides and counts the call from its approval', async () => {
    const { gate, clock } = testGate({
      version: '1',
      default: 'deny',
      tools: { destroy_virtual_machine: { action: 'require_approval', limits: [{ counter: 'destroys', window: 'minute', max: 1 }] } },
    });
    const slowYes: AskApproval = async () => (clock.advance(90_000), 'accept');
    const first = gate.admit(call('destroy_virtual_machine', { id: 'vm1' }), slowYes);
    // while the first waits, a second destroy is refused without asking anyone
    const second = await gate.admit(call('destroy_virtual_machine', { id: 'vm2' }), neverAsked);
    expect(second.allowed === false && second.refusal.decision).toBe('rate_limited');
    expect((await first).allowed).toBe(true); // approved at t = 90 s
    // 30 s later a fixed stamp at request time would have freed the slot; the approved destroy still counts
    clock.advance(30_000);
    const third = await gate.admit(call('destroy_virtual_machine', { id: 'vm3' }), neverAsked);
    expect(third.allowed === false && third.refusal).toMatchObject({ decision: 'rate_limited', retryAfterSeconds: 30 });
  });
});

describe('a full counter table', () => {
  it('refuses a call needing a new counter with words that say why, and reaches nothing', async () => {
    const { gate, records } = testGate(
      {
        version: '1',
        default: 'deny',
        tools: { stop_virtual_machine: { limits: [{ counter: 'stops_per_vm', window: 'hour', max: 3, scope: 'args.id' }] } },
      },
      { maxCounterKeys: 2 },
    );
    const stop = (id: string) => gate.admit(call('stop_virtual_machine', { id }), neverAsked);
    expect((await stop('vm1')).allowed).toBe(true);
    expect((await stop('vm2')).allowed).toBe(true);
    const refused = await stop('vm3');
    expect(refused.allowed === false && refused.refusal).toEqual({
      decision: 'rate_limited',
      rule: '/tools/stop_virtual_machine/limits/0',
      reason: 'rate limit: too many distinct counters are live to start a new count on stops_per_vm per id, retry in 3600 s',
      limit: 3,
      remaining: 0,
      retryAfterSeconds: 3600,
    });
    expect(records.at(-1)).toMatchObject({ event: 'deny', refusal: 'rate_limited' });
    expect((await stop('vm1')).allowed).toBe(true);
  });
});

describe('a limiter given to the gate (the Redis store is one)', () => {
  it('is asked for the slots the gate keyed, is awaited, and its commit and release are awaited too', async () => {
    const { createLimiter } = await import('../../../src/policy/limits.js');
    const memory = createLimiter({ now: () => 0, maxKeys: 100 });
    const asked: string[][] = [];
    const settled: string[] = [];
    const asyncLimiter: Limiter = {
      async reserve(slots) {
        asked.push(slots.map((slot) => slot.key));
        await new Promise((resolve) => setTimeout(resolve, 1));
        const reserved = memory.reserve(slots);
        if (!reserved.ok) return reserved;
        return {
          ok: true,
          commit: async () => void (reserved.commit(), settled.push('commit')),
          release: async () => void (reserved.release(), settled.push('release')),
        };
      },
      hasRoom: async (slots) => memory.hasRoom(slots),
      room: async (slots) => memory.room(slots),
      size: () => memory.size(),
    };
    const gate = createPolicyGateFromValue(
      {
        version: '1',
        default: 'deny',
        tools: {
          stop_virtual_machine: { limits: [{ counter: 'stops_per_vm', window: 'hour', max: 1, scope: 'args.id' }] },
          destroy_virtual_machine: { action: 'require_approval', limits: [{ counter: 'destroys', window: 'hour', max: 5 }] },
        },
      },
      { tools: TOOLS, logger: silentLogger, audit: { write: () => {} }, limiter: asyncLimiter },
    );
    expect((await gate.admit(call('stop_virtual_machine', { id: 'vm1' }), neverAsked)).allowed).toBe(true);
    const refused = await gate.admit(call('stop_virtual_machine', { id: 'vm1' }), neverAsked);
    expect(refused.allowed === false && refused.refusal.rule).toBe('/tools/stop_virtual_machine/limits/0');
    expect(asked[0]).toEqual([JSON.stringify(['stops_per_vm', 3_600_000, 'args.id', 'vm1'])]);
    expect((await gate.admit(call('destroy_virtual_machine', { id: 'vm1' }), async () => 'decline')).allowed).toBe(false);
    expect(settled).toEqual(['commit', 'release']);
  });
});

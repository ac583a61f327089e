/**
 * The limiter's two bounds: a slot held for a call waiting for approval, and the cap on counter keys.
 * Neither may let more than `max` calls reach CloudStack in a window.
 */
import { describe, expect, it } from 'vitest';
import { limitSlots } from '../../../src/policy/keys.js';
import { createLimiter } from '../../../src/policy/limits.js';
import { call, compiled, fakeClock } from './fixtures.js';

const limitsOf = (limits: unknown[]) => compiled({ version: '1', default: 'allow', all_tools: { limits } }).allToolsLimits;

describe('held slots (a call waiting for approval)', () => {
  it('count while held, and start their window when committed, not when reserved', () => {
    const clock = fakeClock(0);
    const limiter = createLimiter({ now: clock.now, maxKeys: 100 });
    const limits = limitsOf([{ counter: 'destroys', window: 'minute', max: 1 }]);
    const waiting = limiter.reserve(limitSlots(limits, call('destroy_virtual_machine')));
    if (!waiting.ok) throw new Error('expected a hold');
    clock.advance(90_000); // the human takes longer than a window: the held slot must not age out
    expect(limiter.reserve(limitSlots(limits, call('destroy_virtual_machine')))).toMatchObject({ ok: false, retryAfterSeconds: 60 });
    waiting.commit(); // approved at t = 90 s: its window runs to 150 s
    clock.advance(30_000);
    expect(limiter.reserve(limitSlots(limits, call('destroy_virtual_machine')))).toMatchObject({ ok: false, retryAfterSeconds: 30 });
    clock.advance(30_000);
    expect(limiter.reserve(limitSlots(limits, call('destroy_virtual_machine'))).ok).toBe(true);
  });

  it('a released hold gives the slot back; release after commit and a second commit change nothing', () => {
    const limiter = createLimiter({ now: fakeClock().now, maxKeys: 100 });
    const limits = limitsOf([{ counter: 'c', window: 'minute', max: 1 }]);
    const declined = limiter.reserve(limitSlots(limits, call('list_zones')));
    expect(limiter.reserve(limitSlots(limits, call('list_zones'))).ok).toBe(false);
    if (declined.ok) declined.release();
    const approved = limiter.reserve(limitSlots(limits, call('list_zones')));
    if (!approved.ok) throw new Error('expected the released slot');
    approved.commit();
    approved.release(); // it reached CloudStack: it counts whatever happens next
    approved.commit();
    expect(limiter.reserve(limitSlots(limits, call('list_zones'))).ok).toBe(false);
  });
});

describe('the counter key bound', () => {
  it('refused calls create no keys', () => {
    const limiter = createLimiter({ now: fakeClock().now, maxKeys: 100 });
    // a per-VM limit listed before a full grant-wide one: the refusal must not leave a per-VM key behind
    const limits = limitsOf([
      { counter: 'per_vm', window: 'hour', max: 5, scope: 'args.id' },
      { counter: 'all', window: 'hour', max: 1 },
    ]);
    expect(limiter.reserve(limitSlots(limits, call('list_zones', { id: 'vm-0' }))).ok).toBe(true);
    for (let index = 1; index < 500; index++) expect(limiter.reserve(limitSlots(limits, call('list_zones', { id: `vm-${index}` }))).ok).toBe(false);
    expect(limiter.size()).toBe(2);
  });

  it('never forgets a live count: with every key live, a call needing a new key is refused until one goes idle', () => {
    const clock = fakeClock(0);
    const maxKeys = 50;
    const limiter = createLimiter({ now: clock.now, maxKeys });
    const grant = limitsOf([{ counter: 'grant_wide', window: 'hour', max: 1 }]);
    const perVm = limitsOf([{ counter: 'per_vm', window: 'minute', max: 1, scope: 'args.id' }]);
    const commitOk = (limits: typeof grant, id?: string) => {
      const reservation = limiter.reserve(limitSlots(limits, call('list_zones', id === undefined ? {} : { id })));
      if (reservation.ok) reservation.commit();
      return reservation;
    };
    expect(commitOk(grant).ok).toBe(true);
    // a flood of distinct values fills the table...
    for (let index = 0; index < maxKeys - 1; index++) expect(commitOk(perVm, `vm-${index}`).ok).toBe(true);
    expect(limiter.size()).toBe(maxKeys);
    // ...and the next distinct value is refused instead of evicting a live count
    clock.advance(10_000);
    expect(commitOk(perVm, 'vm-new')).toMatchObject({ ok: false, tableFull: true, retryAfterSeconds: 50, limit: { counter: 'per_vm' } });
    expect(limiter.size()).toBe(maxKeys);
    // the grant-wide count survived the flood
    expect(commitOk(grant).ok).toBe(false);
    // keys already held keep working
    clock.advance(50_000);
    expect(commitOk(perVm, 'vm-0').ok).toBe(true);
    // once the per-VM minute has passed, idle keys are dropped and new values get a count
    expect(commitOk(perVm, 'vm-new').ok).toBe(true);
    expect(limiter.size()).toBeLessThanOrEqual(maxKeys);
    expect(commitOk(grant).ok).toBe(false);
  });

  it('a full table refuses without rescanning until a key can go idle, and a released hold frees its key at once', () => {
    const clock = fakeClock(0);
    const limiter = createLimiter({ now: clock.now, maxKeys: 3 });
    const perVm = limitsOf([{ counter: 'per_vm', window: 'minute', max: 1, scope: 'args.id' }]);
    const reserve = (id: string) => limiter.reserve(limitSlots(perVm, call('list_zones', { id })));
    const first = reserve('vm-a');
    if (first.ok) first.commit();
    const pending = reserve('vm-b'); // waiting for approval: held, not idle
    const third = reserve('vm-c');
    if (third.ok) third.commit();
    clock.advance(10_000);
    expect(reserve('vm-d')).toMatchObject({ ok: false, tableFull: true, retryAfterSeconds: 50 });
    clock.advance(10_000);
    expect(reserve('vm-e')).toMatchObject({ ok: false, tableFull: true, retryAfterSeconds: 40 });
    // the human declines vm-b: its key is idle now, and the next new value gets it without waiting 40 s
    if (pending.ok) pending.release();
    expect(reserve('vm-f').ok).toBe(true);
    expect(limiter.size()).toBe(3);
  });

  it('holds at most maxKeys keys whatever the traffic', () => {
    const clock = fakeClock(0);
    const limiter = createLimiter({ now: clock.now, maxKeys: 20 });
    const limits = limitsOf([{ counter: 'per_vm', window: 'second', max: 1, scope: 'args.id' }]);
    for (let index = 0; index < 2_000; index++) {
      clock.advance(37);
      const reservation = limiter.reserve(limitSlots(limits, call('list_zones', { id: `vm-${index}` })));
      if (reservation.ok) reservation.commit();
      expect(limiter.size()).toBeLessThanOrEqual(20);
    }
  });
});

/**
 * limiter.hasRoom, the in-memory store's read-only check (gate.wouldAdmit asks it for the listall hint), and
 * limiter.room, the same check with the reason (gate.refuseBeforeReads words its refusal from it): they answer
 * exactly what a reservation would, and hold, count and create nothing — neither a slot a real call could then
 * miss, nor a counter key that would fill the table.
 */
import { describe, expect, it } from 'vitest';
import type { CompiledLimit } from '../../../src/policy/compile.js';
import { limitSlots } from '../../../src/policy/keys.js';
import { createLimiter, type Reservation } from '../../../src/policy/limits.js';
import { call, compiled, fakeClock } from './fixtures.js';

const limitsOf = (limits: unknown[]) => compiled({ version: '1', default: 'allow', all_tools: { limits } }).allToolsLimits;
const slotsOf = (limits: readonly CompiledLimit[], id?: string) => limitSlots(limits, call('list_zones', id === undefined ? {} : { id }));

function held(reservation: Reservation): Extract<Reservation, { ok: true }> {
  if (!reservation.ok) throw new Error(`refused: ${JSON.stringify(reservation)}`);
  return reservation;
}

describe('hasRoom (in memory)', () => {
  it('says no when the limit is full, counting slots held for an approval, and yes once one goes back', () => {
    const limiter = createLimiter({ now: fakeClock(0).now, maxKeys: 100 });
    const limits = limitsOf([{ counter: 'c', window: 'minute', max: 2 }]);
    expect(limiter.hasRoom(slotsOf(limits))).toBe(true);
    held(limiter.reserve(slotsOf(limits))).commit();
    expect(limiter.hasRoom(slotsOf(limits))).toBe(true);
    const waiting = held(limiter.reserve(slotsOf(limits)));
    expect(limiter.hasRoom(slotsOf(limits))).toBe(false);
    waiting.release();
    expect(limiter.hasRoom(slotsOf(limits))).toBe(true);
  });

  it('says no when any one of the limits is full', () => {
    const limiter = createLimiter({ now: fakeClock(0).now, maxKeys: 100 });
    const limits = limitsOf([
      { counter: 'wide', window: 'hour', max: 5 },
      { counter: 'narrow', window: 'hour', max: 1, scope: 'args.id' },
    ]);
    held(limiter.reserve(slotsOf(limits, 'vm-1'))).commit();
    expect(limiter.hasRoom(slotsOf(limits, 'vm-1'))).toBe(false);
    expect(limiter.hasRoom(slotsOf(limits, 'vm-2'))).toBe(true);
  });

  it('room names the first full limit in the order reserve checks them, and when it has room again', () => {
    const clock = fakeClock(0);
    const limiter = createLimiter({ now: clock.now, maxKeys: 100 });
    const limits = limitsOf([
      { counter: 'wide', window: 'hour', max: 5 },
      { counter: 'narrow', window: 'minute', max: 1 },
    ]);
    held(limiter.reserve(slotsOf(limits))).commit();
    clock.advance(15_000);
    expect(limiter.room(slotsOf(limits))).toEqual({ ok: false, limit: limits[1], retryAfterSeconds: 45 });
    expect(limiter.room(slotsOf(limits.slice(0, 1)))).toEqual({ ok: true });
    expect(limiter.reserve(slotsOf(limits))).toEqual({ ok: false, limit: limits[1], retryAfterSeconds: 45 });
  });

  it('takes nothing: with one slot left, any number of probes leave it to the next reservation', () => {
    const limiter = createLimiter({ now: fakeClock(0).now, maxKeys: 100 });
    const limits = limitsOf([{ counter: 'c', window: 'minute', max: 1 }]);
    for (let probes = 0; probes < 100; probes++) expect(limiter.hasRoom(slotsOf(limits))).toBe(true);
    expect(limiter.reserve(slotsOf(limits)).ok).toBe(true);
    expect(limiter.hasRoom(slotsOf(limits))).toBe(false);
  });

  it('never creates a counter key, whatever the values probed', () => {
    const limiter = createLimiter({ now: fakeClock(0).now, maxKeys: 10 });
    const limits = limitsOf([
      { counter: 'grant_wide', window: 'hour', max: 3 },
      { counter: 'per_vm', window: 'hour', max: 1, scope: 'args.id' },
    ]);
    for (let index = 0; index < 100; index++) expect(limiter.hasRoom(slotsOf(limits, `vm-${index}`))).toBe(true);
    expect(limiter.size()).toBe(0);
  });

  it('says no for a new key while the table is full of live keys, yes for a key in it, and yes once one goes idle', () => {
    const clock = fakeClock(0);
    const limiter = createLimiter({ now: clock.now, maxKeys: 2 });
    const perVm = limitsOf([{ counter: 'per_vm', window: 'minute', max: 2, scope: 'args.id' }]);
    held(limiter.reserve(slotsOf(perVm, 'vm-a'))).commit();
    clock.advance(10_000);
    held(limiter.reserve(slotsOf(perVm, 'vm-b'))).commit();
    expect(limiter.hasRoom(slotsOf(perVm, 'vm-new'))).toBe(false);
    expect(limiter.reserve(slotsOf(perVm, 'vm-new'))).toMatchObject({ ok: false, tableFull: true });
    expect(limiter.hasRoom(slotsOf(perVm, 'vm-a'))).toBe(true);
    clock.advance(50_000); // vm-a's only call has left its window: its key is idle
    expect(limiter.hasRoom(slotsOf(perVm, 'vm-new'))).toBe(true);
    expect(limiter.size()).toBeLessThanOrEqual(2);
    expect(limiter.reserve(slotsOf(perVm, 'vm-new')).ok).toBe(true);
  });

  it('answers what reserve then does, over a long mixed run at the table bound (and never grows the table)', () => {
    const clock = fakeClock(0);
    const limiter = createLimiter({ now: clock.now, maxKeys: 4 });
    const grant = limitsOf([{ counter: 'grant_wide', window: 'minute', max: 3 }]);
    const perVm = limitsOf([{ counter: 'per_vm', window: 'minute', max: 1, scope: 'args.id' }]);
    const both = [...grant, ...perVm];
    // A fixed pseudo-random sequence (an LCG): the same run every time, across many interleavings.
    let seed = 42;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const pending: Extract<Reservation, { ok: true }>[] = [];
    // What the run met, so it is known to cover every answer: room, a full limit, a full table.
    const met = { room: 0, full: 0, tableFull: 0 };
    for (let step = 0; step < 3_000; step++) {
      clock.advance(Math.floor(random() * 8_000));
      if (pending.length > 0 && random() < 0.3) {
        const settling = pending.splice(Math.floor(random() * pending.length), 1)[0]!;
        if (random() < 0.5) settling.commit();
        else settling.release();
      }
      const slots = slotsOf(pick([grant, perVm, both]), `vm-${Math.floor(random() * 8)}`);
      const before = limiter.size();
      const room = limiter.hasRoom(slots);
      const why = limiter.room(slots);
      expect(limiter.size()).toBeLessThanOrEqual(before);
      const reservation = limiter.reserve(slots);
      expect(reservation.ok, `step ${step}`).toBe(room);
      // The refusal a probe words is the reservation's: the same limit, the same wait, the same table-full.
      if (!reservation.ok) expect(why, `step ${step}`).toEqual(reservation);
      else expect(why, `step ${step}`).toEqual({ ok: true });
      if (!reservation.ok) {
        met[reservation.tableFull ? 'tableFull' : 'full']++;
        continue;
      }
      met.room++;
      if (random() < 0.8) reservation.commit();
      else pending.push(reservation);
    }
    expect(Math.min(met.room, met.full, met.tableFull), JSON.stringify(met)).toBeGreaterThan(50);
  });
});

/**
 * Sliding-window counters. Each counter key keeps the times of the calls it let through inside its window, so in
 * no interval of the window's length do more than `max` calls pass — a fixed window would let 2×max through
 * across a boundary.
 *
 * A reservation first *holds* a slot; `commit` stamps it with the time the call goes on to CloudStack, `release`
 * gives it back. A held slot counts but does not age: a call waiting for a human's approval keeps its place, and
 * its window starts when it is approved, so a slow approval cannot let two calls run closer than the limit allows.
 *
 * Check and hold happen in one synchronous call: JS runs it to the end before any other admission can look at
 * the counters, so concurrent calls cannot all see the last free slot. `hasRoom` and `room` make the same check and
 * hold nothing, so a probe can never take the last slot from a real call.
 */
import type { CompiledLimit } from './compile.js';
import { HAS_ROOM, type Limiter, type LimitSlot, type Reservation, type Room } from './limiter.js';

export type { Limiter, LimitSlot, Reservation, Room } from './limiter.js';

export interface LimiterOptions {
  readonly now: () => number;
  /** Upper bound on counter keys (one per counter × scope value). */
  readonly maxKeys: number;
}

interface Counter {
  readonly windowMs: number;
  /** Commit times inside the window, oldest first. */
  readonly times: number[];
  /** Slots held by calls not yet committed (waiting for approval). */
  held: number;
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1_000));

function prune(counter: Counter, now: number): void {
  while (counter.times.length > 0 && counter.times[0]! <= now - counter.windowMs) counter.times.shift();
}

/** Keeps `times` ordered even if the wall clock steps back. */
function insertTime(times: number[], time: number): void {
  let index = times.length;
  while (index > 0 && times[index - 1]! > time) index--;
  times.splice(index, 0, time);
}

/** When the limit has room again: once enough committed calls leave the window (held ones never do by age). */
function retryAfter(counter: Counter, max: number, now: number): number {
  const mustLeave = counter.times.length + counter.held - max + 1;
  if (mustLeave > counter.times.length) return seconds(counter.windowMs);
  return seconds(counter.times[mustLeave - 1]! + counter.windowMs - now);
}

/** The in-memory store: one process, counts lost on restart (Redis keeps them: state/). Synchronous. */
export interface MemoryLimiter extends Limiter {
  reserve(slots: readonly LimitSlot[]): Reservation;
  hasRoom(slots: readonly LimitSlot[]): boolean;
  room(slots: readonly LimitSlot[]): Room;
}

/** What the check found: room, with each distinct key's counter (new ones not yet in the table), or why not. */
type Checked = { readonly ok: true; readonly keys: readonly string[]; readonly counters: readonly Counter[] } | Extract<Reservation, { ok: false }>;

export function createLimiter(options: LimiterOptions): MemoryLimiter {
  // Memory bound: at most maxKeys keys, each holding at most `max` times (more only briefly, after a reload
  // lowered max). A key is only created for a call that passes, so refused calls cannot fill the table.
  // A key whose calls have all left the window is idle and may be dropped. A key with calls in its window is
  // never evicted, because forgetting it would reset that count and let a flood of distinct `args.` values buy
  // extra calls: when every key is live, a call needing a new key is refused (fail closed) until one goes idle.
  // Size maxKeys above the number of keys live at once (e.g. VMs migrated per hour). The table is checked before
  // every insert, and nothing is ever evicted by age of use, so it is a plain Map: an LRU's recency bookkeeping on
  // every lookup was a fifth of a rate-limit decision's own cost, for an eviction that must never run.
  const counters = new Map<string, Counter>();

  const dropIdle = (now: number): void => {
    for (const key of [...counters.keys()]) {
      const counter = counters.get(key)!;
      prune(counter, now);
      if (counter.held === 0 && counter.times.length === 0) counters.delete(key);
    }
  };

  /** The instant some key goes idle at the earliest, for the refusal of a call that found the table full. */
  const firstIdle = (now: number, fallback: CompiledLimit): number => {
    let soonest = Infinity;
    for (const counter of counters.values()) {
      const newest = counter.times.at(-1);
      if (counter.held === 0 && newest !== undefined) soonest = Math.min(soonest, newest + counter.windowMs);
    }
    return Number.isFinite(soonest) ? soonest : now + fallback.windowMs;
  };

  // While the table is full of live keys, scanning it again before the earliest instant a key can go idle finds
  // nothing: a flood of new values is refused in O(1) instead of a scan of every key per call. New calls only push
  // a key's idle instant later; a released approval slot can free a key sooner, so it resets this.
  let fullUntil = 0;

  /**
   * The check reserve and hasRoom share, so a probe answers what a reservation would: each distinct key's count
   * (committed + held) against its max, then room in the table for the keys not in it yet. It prunes and may drop
   * idle keys (no count changes), but holds nothing and adds no key: a new key's counter enters the table in reserve.
   */
  const check = (wanted: readonly LimitSlot[], now: number): Checked => {
    // Entries naming the same counter (and scope value) share one count: one slot per distinct key. A call has
    // one or two limits, so arrays searched in place cost less here than Maps built per call.
    const keys: string[] = [];
    const found: Counter[] = [];
    const limitOf: CompiledLimit[] = [];
    let fresh = 0;
    for (const { limit, key } of wanted) {
      let counter = found[keys.indexOf(key)];
      if (counter === undefined) {
        const existing = counters.get(key);
        if (existing === undefined) fresh++;
        counter = existing ?? { windowMs: limit.windowMs, times: [], held: 0 };
        keys.push(key);
        found.push(counter);
        limitOf.push(limit);
      }
      prune(counter, now);
      if (counter.times.length + counter.held >= limit.max) return { ok: false, limit, retryAfterSeconds: retryAfter(counter, limit.max, now) };
    }
    const missing = (): number[] => keys.flatMap((key, index) => (counters.has(key) ? [] : [index]));
    if (fresh > 0 && counters.size + fresh > options.maxKeys) {
      if (now >= fullUntil) dropIdle(now);
      const stillMissing = missing();
      if (counters.size + stillMissing.length > options.maxKeys) {
        const limit = limitOf[stillMissing[0]!]!;
        // The earliest idle instant is the table's, whoever found it full: a probe may note it as a call would.
        if (now >= fullUntil) fullUntil = firstIdle(now, limit);
        return { ok: false, limit, retryAfterSeconds: seconds(fullUntil - now), tableFull: true };
      }
    }
    return { ok: true, keys, counters: found };
  };

  return {
    reserve(wanted) {
      const checked = check(wanted, options.now());
      if (!checked.ok) return checked;
      const { keys, counters: held } = checked;
      for (let index = 0; index < keys.length; index++) {
        if (!counters.has(keys[index]!)) counters.set(keys[index]!, held[index]!);
        held[index]!.held++;
      }
      let settled = false;
      const settle = (stamp: boolean): void => {
        if (settled) return;
        settled = true;
        const at = options.now();
        for (const counter of held) {
          counter.held--;
          if (stamp) insertTime(counter.times, at);
          else fullUntil = 0;
        }
      };
      return { ok: true, commit: () => settle(true), release: () => settle(false) };
    },
    hasRoom: (wanted) => check(wanted, options.now()).ok,
    room(wanted) {
      const checked = check(wanted, options.now());
      return checked.ok ? HAS_ROOM : checked;
    },
    size: () => counters.size,
  };
}

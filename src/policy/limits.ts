/**
 * Sliding-window counters. Each counter key keeps the times of the calls it admitted inside its window (at most
 * `max` of them), so in no interval of the window's length do more than `max` calls pass — a fixed window would
 * let 2×max through across a boundary.
 *
 * Check and reserve happen in one synchronous call: JS runs it to the end before any other admission can
 * look at the counters, so concurrent calls cannot all see the last free slot.
 */
import { LRUCache } from 'lru-cache';
import type { CompiledLimit } from './compile.js';
import { readArg } from './conditions.js';
import type { PolicyCall } from './types.js';

export type Reservation =
  | { readonly ok: true; release(): void }
  | { readonly ok: false; readonly limit: CompiledLimit; readonly retryAfterSeconds: number };

export interface Limiter {
  /** Reserves one slot in every limit, or none if any is full (then says which and when to retry). */
  reserve(limits: readonly CompiledLimit[], call: PolicyCall): Reservation;
  /** How many counter keys are held: bounded by `maxKeys`. */
  size(): number;
}

export interface LimiterOptions {
  readonly now: () => number;
  /** Upper bound on counter keys (one per counter × scope value). */
  readonly maxKeys: number;
}

/**
 * A counter's identity: name, window and scope (and the scope's value). A hot reload that keeps these keeps the
 * count, because the key is the same; a changed window or scope starts a fresh count.
 */
export function counterKey(limit: CompiledLimit, call: PolicyCall): string {
  let scopeValue: string | null = null;
  if (limit.scope.kind === 'session') scopeValue = call.sessionId;
  if (limit.scope.kind === 'arg') {
    const value = readArg(call.args, limit.scope.param);
    scopeValue = value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value);
  }
  return JSON.stringify([limit.counter, limit.windowMs, limit.scopeLabel, scopeValue]);
}

export function createLimiter(options: LimiterOptions): Limiter {
  // Memory: each key holds at most `max` call times (more only briefly, after a reload lowered max), so the
  // whole limiter holds at most maxKeys × the largest max timestamps.
  // Evicting a key (least recently used, once `maxKeys` are held) forgets its recent calls: that counter starts
  // again from zero. The bound is what keeps a flood of distinct `args.` values from eating memory; size it
  // above the number of keys that are live at once (e.g. VMs migrated per hour) so eviction only hits stale keys.
  const windows = new LRUCache<string, number[]>({ max: options.maxKeys });

  const liveTimes = (key: string, windowMs: number, now: number): number[] => {
    let times = windows.get(key);
    if (!times) {
      times = [];
      windows.set(key, times);
    }
    while (times.length > 0 && times[0]! <= now - windowMs) times.shift();
    return times;
  };

  return {
    reserve(limits, call) {
      const now = options.now();
      const slots = new Map<string, number[]>();
      for (const limit of limits) {
        const key = counterKey(limit, call);
        const times = slots.get(key) ?? liveTimes(key, limit.windowMs, now);
        slots.set(key, times);
        if (times.length >= limit.max) {
          // The slot frees when the call that pushed the count to max leaves the window (after a reload lowered
          // max, several must leave).
          const freesAt = times[times.length - limit.max]! + limit.windowMs;
          return { ok: false, limit, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1_000)) };
        }
      }
      // Entries naming the same counter (and scope value) share one count: one slot per distinct key.
      for (const times of slots.values()) times.push(now);
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          for (const times of slots.values()) {
            const index = times.lastIndexOf(now);
            if (index >= 0) times.splice(index, 1);
          }
        },
      };
    },
    size: () => windows.size,
  };
}

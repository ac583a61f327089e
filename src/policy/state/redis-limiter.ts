/**
 * The Limiter contract (limiter.ts) in Redis: every process that shares the Redis and the policy shares the
 * counts, and a restarted process finds them where it left them. Same semantics as the in-memory store
 * (limits.ts): an exact sliding window, a held slot counts without ageing, commit stamps the time, release gives
 * the slot back. One decision is one script, one round trip (limit-scripts.ts): a call with no approval to wait
 * for is reserved `immediate`ly, committed by the same script, and its commit() sends nothing.
 *
 * A held slot carries a lease (`leaseMs`): the slot of a process that died while its call waited for approval
 * comes back when the lease ends instead of being held forever. Size it above the longest approval wait.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '../../logger.js';
import type { CompiledLimit } from '../compile.js';
import { HAS_ROOM, NO_SLOTS, type LimitSlot, type Limiter, type Reservation, type ReserveOptions, type Room } from '../limiter.js';
import { PolicyStateError } from './errors.js';
import { COMMIT, RELEASE, RESERVE, ROOM } from './limit-scripts.js';
import type { RedisConnection } from './redis-connection.js';

export interface RedisLimiterOptions {
  readonly connection: RedisConnection;
  /** Namespace of every key, e.g. `cloudstack-mcp:` or one per cloud (`cloudstack-mcp:zone-a:`). */
  readonly prefix: string;
  /** How long a held slot that is neither committed nor released keeps its place, ms. */
  readonly leaseMs: number;
  readonly logger: Logger;
  /** Closed with the limiter (the connection belongs to it). */
  readonly ownsConnection?: boolean;
}

/**
 * The Redis key of a gate's counter key: the counter's name to be readable in `redis-cli --scan`, then a digest of
 * the whole key (counter, window, scope, scope value), so an argument's value of any length or content makes a
 * short key and a changed window or scope never shares the old count.
 */
export function redisCounterKey(prefix: string, slot: LimitSlot): string {
  const digest = createHash('sha256').update(slot.key).digest('base64url').slice(0, 22);
  return `${prefix}limit:${slot.limit.counter}:${digest}`;
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1_000));

type Reply = readonly number[];

function asReply(value: unknown): Reply {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'number')) {
    throw new PolicyStateError(`Redis answered the rate-limit script unexpectedly (${JSON.stringify(value)})`);
  }
  return value;
}

/** RESERVE's and ROOM's `{0, pair, retry-after ms}`: the limit of that pair (1-based) and when it has room. */
function fullLimit(limits: readonly CompiledLimit[], [, pair, waitMs]: Reply): Extract<Reservation, { ok: false }> {
  const limit = limits[pair! - 1];
  if (!limit || waitMs === undefined) throw new PolicyStateError(`Redis answered the rate-limit script unexpectedly (pair ${pair})`);
  return { ok: false, limit, retryAfterSeconds: seconds(waitMs) };
}

/** The scripts' KEYS and per-pair ARGV for a call's slots, or none when no limit applies. */
interface ScriptSlots {
  readonly limits: readonly CompiledLimit[];
  /** (calls, held) per distinct counter key. */
  readonly keys: readonly string[];
  /** max, window per pair. */
  readonly shape: readonly number[];
}

function scriptSlots(prefix: string, slots: readonly LimitSlot[]): ScriptSlots | undefined {
  // Entries naming the same counter key share one count: one slot per distinct key (as in memory).
  const distinct = new Map<string, LimitSlot>();
  for (const slot of slots) if (!distinct.has(slot.key)) distinct.set(slot.key, slot);
  if (distinct.size === 0) return undefined;
  const limits: CompiledLimit[] = [...distinct.values()].map((slot) => slot.limit);
  const keys = [...distinct.values()].flatMap((slot) => {
    const base = redisCounterKey(prefix, slot);
    return [`${base}:calls`, `${base}:held`];
  });
  return { limits, keys, shape: limits.flatMap((limit) => [limit.max, limit.windowMs]) };
}

export function createRedisLimiter(options: RedisLimiterOptions): Limiter {
  const { connection, prefix, leaseMs, logger } = options;

  // One script that reads the counts (and prunes, as every script does) and writes nothing: there is no hold
  // to give back, so neither a late answer nor a concurrent reservation can be affected by it.
  const room = async (slots: readonly LimitSlot[]): Promise<Room> => {
    const script = scriptSlots(prefix, slots);
    if (!script) return HAS_ROOM;
    const reply = asReply(await connection.run(ROOM, script.keys, script.shape));
    return reply[0] === 1 ? HAS_ROOM : fullLimit(script.limits, reply);
  };

  return {
    async reserve(slots: readonly LimitSlot[], reserveOptions: ReserveOptions = {}): Promise<Reservation> {
      const script = scriptSlots(prefix, slots);
      if (!script) return NO_SLOTS;
      const { limits, keys, shape } = script;
      const id = randomUUID();
      const immediate = reserveOptions.immediate === true;
      const giveBack = async (): Promise<void> => {
        try {
          await connection.run(RELEASE, keys, [id]);
        } catch (error) {
          logger.warn('held rate-limit slot not released in Redis; its lease frees it', {
            leaseSeconds: seconds(leaseMs),
            error: error instanceof Error ? error.message : String(error),
          });
        }
      };
      // A reservation or commit Redis carried out after we stopped waiting (and refused the call) is undone.
      const undoLate = (): void => void giveBack();

      const reply = asReply(await connection.run(RESERVE, keys, [id, leaseMs, immediate ? 1 : 0, ...shape], undoLate));
      if (reply[0] !== 1) return fullLimit(limits, reply);

      // Committed in the reserving script already: commit only confirms (release still takes it back).
      let settled = false;
      return {
        ok: true,
        async commit() {
          if (settled || immediate) return void (settled = true);
          settled = true;
          const [stamped, full] = asReply(await connection.run(COMMIT, keys, [id, ...shape], undoLate));
          if (stamped !== 1) {
            const limit = limits[full! - 1]!;
            throw new PolicyStateError(`the slot held for this call on ${limit.counter} outlived its ${seconds(leaseMs)} s lease and the limit is full now`);
          }
        },
        // Never rejects: a release that cannot reach Redis is logged, and the lease gives the slot back.
        async release() {
          if (settled) return;
          settled = true;
          await giveBack();
        },
      };
    },
    hasRoom: async (slots: readonly LimitSlot[]): Promise<boolean> => (await room(slots)).ok,
    room,
    // The counts live in Redis; this process cannot tell how many keys are live there without a round trip.
    size: () => 0,
    async close() {
      if (options.ownsConnection) await connection.close();
    },
  };
}

/**
 * The contract of a rate-limit store. The gate computes each counter key (counter, window, scope and the
 * scope's canonical value) and asks the store to hold one slot under every key at once, or none, or only whether
 * it could (`hasRoom`). Two stores implement it: in memory (limits.ts, one process) and Redis (state/, shared by
 * processes and restarts).
 */
import type { CompiledLimit } from './compile.js';

/** One limit to count against, under the key the gate computed for this call. */
export interface LimitSlot {
  readonly limit: CompiledLimit;
  /** e.g. `["migrations_per_vm",3600000,"args.virtualmachineid","<vm uuid>"]`: equal keys share one count. */
  readonly key: string;
}

export type Reservation =
  | {
      readonly ok: true;
      /** The call goes on to CloudStack: its slots count from now. */
      commit(): void | Promise<void>;
      /** The call was refused or abandoned before it was sent: its slots go back. */
      release(): void | Promise<void>;
    }
  | {
      readonly ok: false;
      readonly limit: CompiledLimit;
      readonly retryAfterSeconds: number;
      /** Refused because every counter key is in use, not because this limit is full. */
      readonly tableFull?: true;
    };

/** What `room` finds: room in every limit, or why `reserve` would refuse now. */
export type Room = { readonly ok: true } | Extract<Reservation, { ok: false }>;

/** Room in every limit: one answer shared by every probe that finds it. */
export const HAS_ROOM: Room = Object.freeze({ ok: true });

export interface ReserveOptions {
  /**
   * The call goes on at once (no approval to wait for): the store may count it from now in the same step, and
   * `commit()` then only confirms. Redis uses it to decide in one round trip instead of two.
   */
  readonly immediate?: boolean;
}

export interface Limiter {
  /**
   * Holds one slot in every limit, or none if any is full (then says which and when to retry). Check and hold
   * are one atomic step: in memory one synchronous call, in Redis one script.
   */
  reserve(slots: readonly LimitSlot[], options?: ReserveOptions): Reservation | Promise<Reservation>;
  /**
   * Whether `reserve` would hold these slots now, without holding, counting or creating anything: the judgement of
   * a query the server adds on its own (gate.wouldAdmit). A probe that held a slot, even for a moment, could make a
   * concurrent real call find its last slot taken. A store that cannot answer throws (the caller: not admitted).
   */
  hasRoom(slots: readonly LimitSlot[]): boolean | Promise<boolean>;
  /**
   * hasRoom with the reason: the limit `reserve` would refuse on now (the first full one, in the order it checks
   * them) and when to retry, so a refusal given from a probe (gate.refuseBeforeReads) says what the reservation's
   * would. Holds, counts and creates nothing, like hasRoom; a store that cannot answer throws.
   */
  room(slots: readonly LimitSlot[]): Room | Promise<Room>;
  /** Counter keys held, where the store can tell. */
  size(): number;
  close?(): Promise<void>;
}

/** A call no limit applies to: it holds and counts nothing, and no store is asked (nor by hasRoom). */
export const NO_SLOTS: Extract<Reservation, { ok: true }> = Object.freeze({ ok: true, commit() {}, release() {} });

/**
 * The in-memory ApprovalStore (one server process). Expiry is lazy: every operation first turns overdue
 * approvals into `expired`, against the injected clock, so tests need no timers and nothing runs in between.
 * Memory is bounded: at most `maxPending` undecided approvals, and the newest `recentLimit` decided ones.
 */
import { randomBytes } from 'node:crypto';
import { createCallKey, type CallKey } from './call-key.js';
import { approvalAuditor, newApprovalFields, type ApprovalStoreOptions } from './record.js';
import type {
  ApprovalCall,
  ApprovalRecord,
  ApprovalStatus,
  ApprovalStore,
  ConsumeResult,
  DecisionOutcome,
} from './types.js';

export type { ApprovalStore } from './types.js';

/** 15 minutes: long enough for a human to notice, short enough that a stale request does not linger. */
export const DEFAULT_APPROVAL_TTL_MS = 15 * 60_000;

export interface MemoryStoreOptions extends ApprovalStoreOptions {
  readonly callKey?: CallKey;
}

interface Entry {
  record: Mutable<ApprovalRecord>;
  readonly key: string;
  /** A terminal status is told to the next identical call once; after that the call may ask again. */
  reported: boolean;
  shown: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const LIVE: ReadonlySet<ApprovalStatus> = new Set(['pending', 'approved']);

export class ApprovalStoreFullError extends Error {
  constructor(limit: number) {
    super(`too many approvals are waiting for an operator (${limit}); ask the operator to decide or let them expire`);
  }
}

export function createMemoryApprovalStore(options: MemoryStoreOptions = {}): ApprovalStore {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? DEFAULT_APPROVAL_TTL_MS;
  const callKey = options.callKey ?? createCallKey();
  const maxPending = options.maxPending ?? 1000;
  const recentLimit = options.recentLimit ?? 200;
  const entries = new Map<string, Entry>();
  /** The latest approval for each call key (call + session). */
  const latest = new Map<string, string>();

  const emit = approvalAuditor(now, options.audit, options.logger);

  const snapshot = (entry: Entry): ApprovalRecord => Object.freeze({ ...entry.record });

  /**
   * The approval is for the resource the operator saw: when the same parameters now resolve to another resource
   * (a name reused, a volume in the same slot), it does not apply. A resource that is gone still matches.
   */
  const sameResource = (entry: Entry, call: ApprovalCall): boolean => {
    const seen = entry.record.resource;
    return !seen || !call.resource || (seen.kind === call.resource.kind && seen.id === call.resource.id);
  };

  /** Overdue approvals expire (audited once); the oldest decided ones beyond `recentLimit` are forgotten. */
  const sweep = (): void => {
    const at = now();
    const decided: Entry[] = [];
    for (const entry of entries.values()) {
      if (LIVE.has(entry.record.status) && entry.record.expiresAt <= at) {
        entry.record.status = 'expired';
        emit('approval_expired', entry.record);
      }
      if (!LIVE.has(entry.record.status)) decided.push(entry);
    }
    if (decided.length <= recentLimit) return;
    decided.sort((a, b) => finishedAt(a.record) - finishedAt(b.record));
    for (const old of decided.slice(0, decided.length - recentLimit)) {
      entries.delete(old.record.id);
      if (latest.get(old.key) === old.record.id) latest.delete(old.key);
    }
  };

  const newId = (): string => {
    for (;;) {
      const id = `apr_${randomBytes(6).toString('hex')}`;
      if (!entries.has(id)) return id;
    }
  };

  const decide = (id: string, status: 'approved' | 'denied', by: string, reason: string | undefined, from: readonly ApprovalStatus[]): DecisionOutcome => {
    sweep();
    const entry = entries.get(id);
    if (!entry) return { ok: false, error: 'not_found' };
    if (!from.includes(entry.record.status)) return { ok: false, error: 'not_pending', approval: snapshot(entry) };
    Object.assign(entry.record, { status, decidedBy: by, decidedAt: now(), ...(reason ? { decisionReason: reason } : {}) });
    emit(status === 'approved' ? 'approval_approved' : 'approval_denied', entry.record, { by, ...(reason ? { reason } : {}) });
    return { ok: true, approval: snapshot(entry) };
  };

  return {
    async request({ call, session, rule, reason }) {
      sweep();
      const key = callKey(call, session);
      const existing = entries.get(latest.get(key) ?? '');
      if (existing && LIVE.has(existing.record.status) && sameResource(existing, call)) return { approval: snapshot(existing), created: false };
      const live = [...entries.values()].filter((entry) => LIVE.has(entry.record.status)).length;
      if (live >= maxPending) throw new ApprovalStoreFullError(maxPending);
      const created = now();
      const record: Mutable<ApprovalRecord> = { id: newId(), status: 'pending', ...newApprovalFields({ call, session, rule, reason }, created, ttlMs) };
      entries.set(record.id, { record, key, reported: false, shown: false });
      latest.set(key, record.id);
      emit('approval_requested', record, { reason });
      return { approval: Object.freeze({ ...record }), created: true };
    },

    async get(id) {
      sweep();
      const entry = entries.get(id);
      return entry ? snapshot(entry) : undefined;
    },

    async list() {
      sweep();
      const all = [...entries.values()].map((entry) => entry.record);
      const live = all.filter((record) => LIVE.has(record.status)).sort((a, b) => a.createdAt - b.createdAt);
      const done = all.filter((record) => !LIVE.has(record.status)).sort((a, b) => finishedAt(b) - finishedAt(a));
      return [...live, ...done].map((record) => Object.freeze({ ...record }));
    },

    approve: async (id, by, reason) => decide(id, 'approved', by, reason, ['pending']),
    // An operator may still withdraw an approval the agent has not used yet.
    deny: async (id, by, reason) => decide(id, 'denied', by, reason, ['pending', 'approved']),

    async consume(call, session): Promise<ConsumeResult> {
      sweep();
      const entry = entries.get(latest.get(callKey(call, session)) ?? '');
      if (!entry || !sameResource(entry, call)) return { status: 'none' };
      const { record } = entry;
      if (record.status === 'pending') return { status: 'pending', approval: snapshot(entry) };
      if (record.status === 'approved') {
        // Checked and changed in one synchronous step: two identical calls racing cannot both find it approved.
        Object.assign(record, { status: 'used', usedAt: now() });
        emit('approval_used', record);
        return { status: 'approved', approval: snapshot(entry) };
      }
      if (entry.reported) return { status: 'none' };
      entry.reported = true;
      return { status: record.status, approval: snapshot(entry) };
    },

    async shown(ids, to) {
      for (const id of ids) {
        const entry = entries.get(id);
        if (!entry || entry.shown) continue;
        entry.shown = true;
        emit('approval_shown', entry.record, { by: to });
      }
    },

    async cancelForTool(tool, reason) {
      sweep();
      let cancelled = 0;
      for (const entry of entries.values()) {
        if (entry.record.tool !== tool || !LIVE.has(entry.record.status)) continue;
        Object.assign(entry.record, { status: 'cancelled', decidedBy: 'policy reload', decidedAt: now(), decisionReason: reason });
        emit('approval_cancelled', entry.record, { by: 'policy reload', reason });
        cancelled += 1;
      }
      return cancelled;
    },
  };
}

/** When a decided approval reached its final state, for ordering the recent list. */
function finishedAt(record: ApprovalRecord): number {
  return record.usedAt ?? record.decidedAt ?? record.expiresAt;
}

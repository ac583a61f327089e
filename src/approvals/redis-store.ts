/**
 * The ApprovalStore in Redis, shared by every server process on the same Redis and prefix, with exactly the
 * in-memory store's semantics (store.ts): bound to the call key, the session and the resolved resource; used
 * once; expired at `expiresAt` and audited once (by the process whose script turned it expired); denied, expired,
 * used and cancelled told once; bounded (at most `maxPending` live, the newest `recentLimit` ended, every key
 * expiring). Each operation is one Lua script (policy/state/approval-scripts.ts), so it is atomic across processes.
 *
 * Any Redis failure is a PolicyStateError ("policy state unavailable: …; nothing was sent"): the gate refuses the
 * call, the page and the API answer 503. Nothing is cached here, so when Redis returns every process sees the same
 * approvals again at once.
 */
import { randomBytes } from 'node:crypto';
import { CANCEL, CONSUME, DECIDE, GET, LIST, REQUEST, SECRET, SHOWN } from '../policy/state/approval-scripts.js';
import { PolicyStateError } from '../policy/state/errors.js';
import type { LuaScript, RedisConnection } from '../policy/state/redis-connection.js';
import { createCallKey } from './call-key.js';
import { approvalAuditor, newApprovalFields, type ApprovalStoreOptions } from './record.js';
import { ApprovalStoreFullError, DEFAULT_APPROVAL_TTL_MS } from './store.js';
import type { ApprovalCall, ApprovalRecord, ApprovalStatus, ApprovalStore, ConsumeResult, DecisionOutcome } from './types.js';

/** How long an ended (or overdue, unswept) approval's keys stay in Redis when no process looks at them any more. */
export const APPROVAL_KEEP_MS = 7 * 24 * 3_600_000;

export interface RedisApprovalStoreOptions extends ApprovalStoreOptions {
  readonly connection: RedisConnection;
  /** Namespace of every key (CLOUDSTACK_MCP_REDIS_PREFIX), e.g. `cloudstack-mcp:`. */
  readonly prefix: string;
}

type Fields = readonly string[];
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function unexpected(what: string, reply: unknown): PolicyStateError {
  return new PolicyStateError(`Redis answered the approvals ${what} script unexpectedly (${JSON.stringify(reply)?.slice(0, 200)})`);
}

/** An HGETALL array as the record it stores: the immutable JSON plus the mutable fields. */
function toRecord(fields: Fields): ApprovalRecord {
  const hash = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) hash.set(fields[i]!, fields[i + 1]!);
  const json = hash.get('record');
  if (!json) throw unexpected('record', fields);
  const record: Mutable<ApprovalRecord> = { ...(JSON.parse(json) as ApprovalRecord), status: hash.get('status') as ApprovalStatus };
  const decidedBy = hash.get('decidedBy');
  if (decidedBy !== undefined) record.decidedBy = decidedBy;
  if (hash.has('decidedAt')) record.decidedAt = Number(hash.get('decidedAt'));
  const decisionReason = hash.get('decisionReason');
  if (decisionReason !== undefined) record.decisionReason = decisionReason;
  if (hash.has('usedAt')) record.usedAt = Number(hash.get('usedAt'));
  return Object.freeze(record);
}

const isList = (value: unknown): value is unknown[] => Array.isArray(value);
const isFields = (value: unknown): value is Fields => isList(value) && value.every((item) => typeof item === 'string');

/** Creates the store; reads (or, first on this Redis and prefix, writes) the shared call-key secret. */
export async function createRedisApprovalStore(options: RedisApprovalStoreOptions): Promise<ApprovalStore> {
  const { connection, prefix } = options;
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? DEFAULT_APPROVAL_TTL_MS;
  const maxPending = options.maxPending ?? 1000;
  const recentLimit = options.recentLimit ?? 200;
  const keys = [`${prefix}approvals:live`, `${prefix}approvals:recent`];

  // Every process must compute the same key for the same call, so the HMAC secret lives in Redis. Never logged.
  const secret = await connection.run(SECRET, [`${prefix}approvals:call-key-secret`], [randomBytes(32).toString('hex')]);
  if (typeof secret !== 'string' || !/^[0-9a-f]{64}$/.test(secret)) throw new PolicyStateError('the shared approval call-key secret in Redis is not one this server wrote');
  const callKey = createCallKey(Buffer.from(secret, 'hex'));

  const emit = approvalAuditor(now, options.audit, options.logger);

  /** Runs a sweeping script: audits what it expired, returns the rest of its reply. */
  const sweeping = async (what: string, script: LuaScript, at: number, args: readonly (string | number)[]): Promise<unknown[]> => {
    const reply = await connection.run(script, keys, [prefix, at, APPROVAL_KEEP_MS, recentLimit, ...args]);
    if (!isList(reply) || !isList(reply[0]) || !reply[0].every(isFields)) throw unexpected(what, reply);
    for (const fields of reply[0]) emit('approval_expired', toRecord(fields));
    return reply.slice(1);
  };

  const resourceArgs = (call: ApprovalCall): [string, string] => (call.resource ? [call.resource.kind, call.resource.id] : ['', '']);

  const decide = async (id: string, status: 'approved' | 'denied', by: string, reason: string | undefined, from: readonly ApprovalStatus[]): Promise<DecisionOutcome> => {
    const [code, fields] = await sweeping('decision', DECIDE, now(), [id, status, by, reason ?? '', from.join(',')]);
    if (code === 0) return { ok: false, error: 'not_found' };
    if (!isFields(fields)) throw unexpected('decision', fields);
    const approval = toRecord(fields);
    if (code !== 1) return { ok: false, error: 'not_pending', approval };
    emit(status === 'approved' ? 'approval_approved' : 'approval_denied', approval, { by, ...(reason ? { reason } : {}) });
    return { ok: true, approval };
  };

  return {
    async request({ call, session, rule, reason }) {
      const key = callKey(call, session);
      const [kind, rid] = resourceArgs(call);
      for (;;) {
        const created = now();
        const record = { id: `apr_${randomBytes(6).toString('hex')}`, ...newApprovalFields({ call, session, rule, reason }, created, ttlMs) };
        const [code, fields] = await sweeping('request', REQUEST, created, [key, record.id, JSON.stringify(record), call.tool, record.expiresAt, kind, rid, maxPending]);
        if (code === -1) throw new ApprovalStoreFullError(maxPending);
        if (code === -2) continue; // 48 random bits taken already: draw another id.
        if (!isFields(fields)) throw unexpected('request', fields);
        const approval = toRecord(fields);
        if (code === 1) emit('approval_requested', approval, { reason });
        return { approval, created: code === 1 };
      }
    },

    async get(id) {
      const [fields] = await sweeping('get', GET, now(), [id]);
      if (!isFields(fields)) throw unexpected('get', fields);
      return fields.length > 0 ? toRecord(fields) : undefined;
    },

    async list() {
      const [live, ended] = await sweeping('list', LIST, now(), []);
      if (!isList(live) || !isList(ended) || ![...live, ...ended].every(isFields)) throw unexpected('list', [live, ended]);
      const pending = (live as Fields[]).map(toRecord).sort((a, b) => a.createdAt - b.createdAt);
      return [...pending, ...(ended as Fields[]).map(toRecord)];
    },

    approve: (id, by, reason) => decide(id, 'approved', by, reason, ['pending']),
    // An operator may still withdraw an approval the agent has not used yet.
    deny: (id, by, reason) => decide(id, 'denied', by, reason, ['pending', 'approved']),

    async consume(call, session): Promise<ConsumeResult> {
      const [status, fields] = await sweeping('consume', CONSUME, now(), [callKey(call, session), ...resourceArgs(call)]);
      if (status === 'none') return { status: 'none' };
      if (!isFields(fields) || typeof status !== 'string' || !['approved', 'pending', 'denied', 'expired', 'used', 'cancelled'].includes(status)) throw unexpected('consume', [status, fields]);
      const approval = toRecord(fields);
      if (status === 'approved') emit('approval_used', approval);
      return { status: status as Exclude<ConsumeResult['status'], 'none'>, approval };
    },

    async shown(ids, to) {
      if (ids.length === 0) return;
      const reply = await connection.run(SHOWN, [], [prefix, ...ids]);
      if (!isList(reply) || !reply.every(isFields)) throw unexpected('shown', reply);
      for (const fields of reply) emit('approval_shown', toRecord(fields), { by: to });
    },

    async cancelForTool(tool, reason) {
      const [cancelled] = await sweeping('cancel', CANCEL, now(), [tool, reason]);
      if (!isList(cancelled) || !cancelled.every(isFields)) throw unexpected('cancel', cancelled);
      for (const fields of cancelled) emit('approval_cancelled', toRecord(fields), { by: 'policy reload', reason });
      return cancelled.length;
    },
  };
}

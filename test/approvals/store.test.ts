/**
 * One contract, two stores: every test below runs against the in-memory store and against the Redis store on a
 * real Redis (the suite's, CLOUDSTACK_MCP_TEST_REDIS_URL, or one of its own; see test/redis/redis-server.ts), so
 * the shared store cannot drift from the semantics the gate and the page rely on.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createCallKey, stableJson } from '../../src/approvals/call-key.js';
import { createRedisApprovalStore } from '../../src/approvals/redis-store.js';
import { ApprovalStoreFullError, createMemoryApprovalStore, DEFAULT_APPROVAL_TTL_MS } from '../../src/approvals/store.js';
import type { ApprovalAuditEntry, ApprovalCall, ApprovalStore } from '../../src/approvals/types.js';
import { silentLogger } from '../../src/logger.js';
import { connectRedis, type RedisConnection } from '../../src/policy/state/index.js';
import { sharedRedis, type SharedRedis } from '../redis/redis-server.js';

const VM = { kind: 'virtualmachine' as const, id: 'vm-1', fields: { name: 'web-1', state: 'Running', tags: { env: 'prod' } } };
const destroy: ApprovalCall = { tool: 'destroy_virtual_machine', command: 'destroyVirtualMachine', params: { id: 'vm-1', expunge: true }, resource: VM };
const ask = { call: destroy, session: 's1', rule: '/tools/destroy_virtual_machine', reason: 'destroying a VM needs an operator' };

interface StoreOptions {
  readonly now?: () => number;
  readonly ttlMs?: number;
  readonly maxPending?: number;
  readonly recentLimit?: number;
  readonly audit?: (entry: ApprovalAuditEntry) => void;
}

let redis: SharedRedis | undefined;
let connection: RedisConnection | undefined;
let stores = 0;

const backends: ReadonlyArray<{ readonly name: string; readonly open: (options: StoreOptions) => Promise<ApprovalStore> }> = [
  { name: 'memory', open: async (options) => createMemoryApprovalStore(options) },
  {
    name: 'redis',
    async open(options) {
      if (!redis) {
        redis = await sharedRedis();
        connection = await connectRedis({ url: redis.url, timeoutMs: 2_000, logger: silentLogger });
      }
      // A prefix per store: each test starts from an empty store, as with a new in-memory one.
      return createRedisApprovalStore({ connection: connection!, prefix: `${redis.prefix}${(stores += 1)}:`, ...options });
    },
  },
];

afterAll(async () => {
  await connection?.close();
  await redis?.close();
});

describe('call key', () => {
  it('is the same whatever the order of parameters, and differs by tool, parameter and session', () => {
    const key = createCallKey(Buffer.alloc(32, 1));
    const reordered = { ...destroy, params: { expunge: true, id: 'vm-1' } };
    expect(key(reordered, 's1')).toBe(key(destroy, 's1'));
    expect(key({ ...destroy, params: { id: 'vm-1', expunge: false } }, 's1')).not.toBe(key(destroy, 's1'));
    expect(key(destroy, 's2')).not.toBe(key(destroy, 's1'));
    expect(key({ ...destroy, tool: 'other' }, 's1')).not.toBe(key(destroy, 's1'));
    // The resource is compared by the store, not hashed: a destroyed VM (null) keeps the key.
    expect(key({ ...destroy, resource: null }, 's1')).toBe(key(destroy, 's1'));
  });

  it('differs between two servers with different secrets (keyed, not a bare hash)', () => {
    expect(createCallKey(Buffer.alloc(32, 1))(destroy, 's1')).not.toBe(createCallKey(Buffer.alloc(32, 2))(destroy, 's1'));
  });

  it('sorts keys at every depth and keeps array order', () => {
    expect(stableJson({ b: [{ z: 1, a: 2 }, 3], a: undefined, c: null })).toBe('{"b":[{"a":2,"z":1},3],"c":null}');
  });
});

describe.each(backends)('$name approval store', ({ open }) => {
  async function setup(options: { ttlMs?: number; maxPending?: number; recentLimit?: number } = {}) {
    let clock = 1_000_000;
    const audit: ApprovalAuditEntry[] = [];
    const store = await open({ now: () => clock, audit: (entry) => audit.push(entry), ...options });
    return { store, audit, advance: (ms: number) => (clock += ms), events: () => audit.map((entry) => entry.event) };
  }

  it('requests once per call and session, then is used exactly once after approval', async () => {
    const { store, events } = await setup();
    const first = await store.request(ask);
    expect(first.created).toBe(true);
    expect(first.approval).toMatchObject({ status: 'pending', tool: 'destroy_virtual_machine', session: 's1', expiresAt: 1_000_000 + DEFAULT_APPROVAL_TTL_MS });
    const again = await store.request({ ...ask, call: { ...destroy, params: { expunge: true, id: 'vm-1' } } });
    expect(again).toMatchObject({ created: false, approval: { id: first.approval.id } });

    expect((await store.consume(destroy, 's1')).status).toBe('pending');
    expect(await store.approve(first.approval.id, 'alice (web)')).toMatchObject({ ok: true, approval: { status: 'approved', decidedBy: 'alice (web)' } });
    // Another session, or another call, cannot use it.
    expect((await store.consume(destroy, 's2')).status).toBe('none');
    expect((await store.consume({ ...destroy, params: { id: 'vm-1', expunge: false } }, 's1')).status).toBe('none');

    expect(await store.consume(destroy, 's1')).toMatchObject({ status: 'approved', approval: { status: 'used' } });
    // Told once that it was used, then the call may ask again.
    expect(await store.consume(destroy, 's1')).toMatchObject({ status: 'used' });
    expect((await store.consume(destroy, 's1')).status).toBe('none');
    const renewed = await store.request(ask);
    expect(renewed.created).toBe(true);
    expect(renewed.approval.id).not.toBe(first.approval.id);
    expect(events()).toEqual(['approval_requested', 'approval_approved', 'approval_used', 'approval_requested']);
  });

  it('applies only to the resource the operator saw; a resource that is gone still finds it', async () => {
    const { store } = await setup();
    const { approval } = await store.request(ask);
    await store.approve(approval.id, 'alice');
    const elsewhere = { ...destroy, resource: { ...VM, id: 'vm-other' } };
    expect((await store.consume(elsewhere, 's1')).status).toBe('none');
    expect((await store.request({ ...ask, call: elsewhere })).created).toBe(true);
    expect((await store.get(approval.id))?.status).toBe('approved');

    const fresh = (await setup()).store;
    const first = (await fresh.request(ask)).approval;
    await fresh.approve(first.id, 'alice');
    expect(await fresh.consume({ ...destroy, resource: null }, 's1')).toMatchObject({ status: 'approved', approval: { id: first.id } });
    expect(await fresh.consume({ ...destroy, resource: null }, 's1')).toMatchObject({ status: 'used' });
  });

  it('denies with the operator and reason, told once to the next identical call', async () => {
    const { store, audit } = await setup();
    const { approval } = await store.request(ask);
    expect(await store.deny(approval.id, 'bob (cli)', 'prod VM, use the change window')).toMatchObject({ ok: true });
    expect(await store.consume(destroy, 's1')).toMatchObject({ status: 'denied', approval: { decidedBy: 'bob (cli)', decisionReason: 'prod VM, use the change window' } });
    expect((await store.consume(destroy, 's1')).status).toBe('none');
    expect(audit.at(-1)).toMatchObject({ event: 'approval_denied', by: 'bob (cli)', reason: 'prod VM, use the change window', approval: approval.id });
  });

  it('refuses a decision on an unknown id, or on one already decided', async () => {
    const { store } = await setup();
    const { approval } = await store.request(ask);
    expect(await store.approve('apr_nope', 'alice')).toEqual({ ok: false, error: 'not_found' });
    await store.approve(approval.id, 'alice');
    expect(await store.approve(approval.id, 'alice')).toMatchObject({ ok: false, error: 'not_pending', approval: { status: 'approved' } });
    // Withdrawn before the agent used it.
    expect(await store.deny(approval.id, 'alice', 'changed my mind')).toMatchObject({ ok: true, approval: { status: 'denied' } });
    expect((await store.consume(destroy, 's1')).status).toBe('denied');
  });

  it('expires on the injected clock, pending or approved-but-unused, audited once', async () => {
    const { store, advance, events } = await setup({ ttlMs: 60_000 });
    const pending = (await store.request(ask)).approval;
    const other = (await store.request({ ...ask, session: 's2' })).approval;
    await store.approve(other.id, 'alice');
    advance(59_999);
    expect((await store.get(pending.id))?.status).toBe('pending');
    advance(1);
    expect((await store.get(pending.id))?.status).toBe('expired');
    expect(await store.approve(pending.id, 'alice')).toMatchObject({ ok: false, error: 'not_pending' });
    expect((await store.consume(destroy, 's2')).status).toBe('expired');
    expect((await store.consume(destroy, 's1')).status).toBe('expired');
    expect(events().filter((event) => event === 'approval_expired')).toHaveLength(2);
  });

  it('lists pending oldest first, then decided newest first, keeping only the recent ones', async () => {
    const { store, advance } = await setup({ recentLimit: 2 });
    const ids: string[] = [];
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      ids.push((await store.request({ ...ask, call: { ...destroy, params: { id } } })).approval.id);
      advance(10);
    }
    for (const id of ids.slice(0, 3)) {
      await store.deny(id, 'alice', 'no');
      advance(10);
    }
    const listed = await store.list();
    expect(listed.map((record) => [record.id, record.status])).toEqual([
      [ids[3], 'pending'],
      [ids[4], 'pending'],
      [ids[2], 'denied'],
      [ids[1], 'denied'],
    ]);
    expect(await store.get(ids[0]!)).toBeUndefined();
  });

  it('never keeps a secret: parameters and resource fields are redacted in the record', async () => {
    const { store } = await setup();
    const call = { ...destroy, params: { id: 'vm-1', userdata: 'c2VjcmV0', password: 'hunter2' } };
    const { approval } = await store.request({ ...ask, call });
    expect(JSON.stringify(await store.list())).not.toMatch(/hunter2|c2VjcmV0/);
    expect(approval.params).toMatchObject({ id: 'vm-1', password: '[REDACTED]' });
    // Yet the binding is to the real values: other secrets are another call.
    expect((await store.consume({ ...call, params: { ...call.params, password: 'other' } }, 's1')).status).toBe('none');
    expect((await store.consume(call, 's1')).status).toBe('pending');
  });

  it('cancels the live approvals of a tool on reload, and says how many', async () => {
    const { store, audit } = await setup();
    const a = (await store.request(ask)).approval;
    const b = (await store.request({ ...ask, session: 's2' })).approval;
    await store.approve(b.id, 'alice');
    await store.request({ ...ask, call: { ...destroy, tool: 'stop_virtual_machine' } });
    expect(await store.cancelForTool('destroy_virtual_machine', 'the policy now denies destroy_virtual_machine')).toBe(2);
    expect((await store.get(a.id))?.status).toBe('cancelled');
    expect(await store.consume(destroy, 's2')).toMatchObject({ status: 'cancelled', approval: { decisionReason: 'the policy now denies destroy_virtual_machine' } });
    expect(audit.filter((entry) => entry.event === 'approval_cancelled').map((entry) => entry.by)).toEqual(['policy reload', 'policy reload']);
  });

  it('notes each approval shown to an operator once', async () => {
    const { store, audit } = await setup();
    const { approval } = await store.request(ask);
    await store.shown([approval.id], 'alice (web)');
    await store.shown([approval.id, 'apr_unknown'], 'alice (web)');
    expect(audit.filter((entry) => entry.event === 'approval_shown')).toEqual([expect.objectContaining({ approval: approval.id, by: 'alice (web)' })]);
  });

  it('refuses a new request when too many are waiting (bounded memory)', async () => {
    const { store } = await setup({ maxPending: 2 });
    await store.request({ ...ask, session: 'a' });
    await store.request({ ...ask, session: 'b' });
    await expect(store.request({ ...ask, session: 'c' })).rejects.toBeInstanceOf(ApprovalStoreFullError);
    // The same call as a waiting one is not new.
    await expect(store.request({ ...ask, session: 'a' })).resolves.toMatchObject({ created: false });
  });

  it('keeps going when the audit callback throws', async () => {
    const store = await open({ audit: () => { throw new Error('disk full'); } });
    const { approval } = await store.request(ask);
    expect((await store.approve(approval.id, 'alice')).ok).toBe(true);
  });
});

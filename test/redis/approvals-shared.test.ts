/**
 * The Redis approval store as several processes see it: two stores with their own connections on one Redis and
 * prefix. Used once however the processes race, expired and shown audited once across them, the call-key secret
 * shared (and in no record), every key but the secret expiring, and memory bounded by the recent list.
 */
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisApprovalStore } from '../../src/approvals/redis-store.js';
import type { ApprovalAuditEntry, ApprovalCall, ApprovalStore } from '../../src/approvals/types.js';
import { silentLogger } from '../../src/logger.js';
import { connectRedis, type RedisConnection } from '../../src/policy/state/index.js';
import { sharedRedis, type SharedRedis } from './redis-server.js';

const VM = { kind: 'virtualmachine' as const, id: 'vm-1', fields: { name: 'web-1', state: 'Running' } };
const destroy: ApprovalCall = { tool: 'destroy_virtual_machine', command: 'destroyVirtualMachine', params: { id: 'vm-1', expunge: true }, resource: VM };
const ask = { call: destroy, session: 's1', rule: '/tools/destroy_virtual_machine', reason: 'destroying a VM needs an operator' };

let redis: SharedRedis;
const connections: RedisConnection[] = [];
let prefixes = 0;

interface Process {
  readonly store: ApprovalStore;
  readonly audit: ApprovalAuditEntry[];
}

/** `count` processes on one fresh prefix, sharing one clock the test moves. */
async function processes(count: number, options: { ttlMs?: number; recentLimit?: number } = {}) {
  const prefix = `${redis.prefix}${(prefixes += 1)}:`;
  let clock = 5_000_000;
  const all: Process[] = [];
  for (let i = 0; i < count; i++) {
    const connection = await connectRedis({ url: redis.url, timeoutMs: 2_000, logger: silentLogger });
    connections.push(connection);
    const audit: ApprovalAuditEntry[] = [];
    all.push({ store: await createRedisApprovalStore({ connection, prefix, now: () => clock, audit: (entry) => audit.push(entry), ...options }), audit });
  }
  const events = (event: string) => all.flatMap((process) => process.audit).filter((entry) => entry.event === event);
  return { all, prefix, advance: (ms: number) => (clock += ms), events };
}

beforeAll(async () => {
  redis = await sharedRedis();
});
afterAll(async () => {
  for (const connection of connections) await connection.close();
  await redis?.close();
});

describe('Redis approval store, shared by processes', () => {
  it('binds to the same call key on every process (shared secret), and an approval runs once however they race', async () => {
    const { all, events } = await processes(4);
    const [a, b] = all;
    const { approval } = await a!.store.request(ask);
    // Another process asking for the same call and session finds the same approval.
    expect(await b!.store.request(ask)).toMatchObject({ created: false, approval: { id: approval.id } });
    expect(await b!.store.approve(approval.id, 'alice (web)')).toMatchObject({ ok: true });
    const raced = await Promise.all(all.flatMap((process) => [process.store.consume(destroy, 's1'), process.store.consume(destroy, 's1')]));
    expect(raced.filter((found) => found.status === 'approved')).toHaveLength(1);
    expect(raced.filter((found) => found.status === 'used')).toHaveLength(1);
    expect(raced.filter((found) => found.status === 'none')).toHaveLength(6);
    expect(events('approval_used')).toHaveLength(1);
    expect(events('approval_requested')).toHaveLength(1);
  });

  it('expires once across processes: the process that turns it expired audits it, the others see it expired', async () => {
    const { all, advance, events } = await processes(3, { ttlMs: 60_000 });
    const { approval } = await all[0]!.store.request(ask);
    advance(60_000);
    const seen = await Promise.all(all.map((process) => process.store.get(approval.id)));
    expect(seen.map((record) => record?.status)).toEqual(['expired', 'expired', 'expired']);
    expect(events('approval_expired')).toEqual([expect.objectContaining({ approval: approval.id, tool: 'destroy_virtual_machine', session: 's1' })]);
    expect((await all[2]!.store.consume(destroy, 's1')).status).toBe('expired');
    expect((await all[1]!.store.consume(destroy, 's1')).status).toBe('none');
  });

  it('audits "shown" once, whichever process showed it first', async () => {
    const { all, events } = await processes(2);
    const { approval } = await all[0]!.store.request(ask);
    await Promise.all([all[0]!.store.shown([approval.id], 'alice (web)'), all[1]!.store.shown([approval.id], 'bob (cli)')]);
    expect(events('approval_shown')).toHaveLength(1);
  });

  it('cancels on a reload once, even when every process reloads the same policy', async () => {
    const { all, events } = await processes(3);
    await all[0]!.store.request(ask);
    await all[1]!.store.request({ ...ask, session: 's2' });
    const counts = await Promise.all(all.map((process) => process.store.cancelForTool('destroy_virtual_machine', 'the policy now denies destroy_virtual_machine')));
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(2);
    expect(events('approval_cancelled')).toHaveLength(2);
  });

  it('keeps Redis bounded: every key expires but the one secret, the recent list is trimmed, and no record holds a secret', async () => {
    const { all, prefix } = await processes(2, { recentLimit: 3 });
    for (let i = 0; i < 10; i++) {
      const call = { ...destroy, params: { id: `vm-${i}`, password: `hunter-${i}` } };
      const { approval } = await all[i % 2]!.store.request({ ...ask, call });
      await all[(i + 1) % 2]!.store.deny(approval.id, 'alice', 'no');
    }
    expect(await all[0]!.store.list()).toHaveLength(3);
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${prefix}*` })) keys.push(...batch);
      // 3 recent approvals and their call keys, the recent set, the secret (the live set is empty, so gone).
      expect(keys.filter((key) => key.startsWith(`${prefix}approval:`))).toHaveLength(3);
      expect(keys.filter((key) => key.startsWith(`${prefix}approval-call:`))).toHaveLength(3);
      const secret = await client.get(`${prefix}approvals:call-key-secret`);
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      let dump = '';
      for (const key of keys) {
        const ttl = await client.pTTL(key);
        if (key.endsWith('approvals:call-key-secret')) expect(ttl).toBe(-1);
        else expect(ttl, key).toBeGreaterThan(0);
        const type = await client.type(key);
        dump += JSON.stringify(type === 'hash' ? await client.hGetAll(key) : type === 'zset' ? await client.zRange(key, 0, -1) : await client.get(key));
      }
      expect(dump).not.toMatch(/hunter-/);
      expect(dump.replace(`"${secret}"`, '')).not.toContain(secret!);
    } finally {
      await client.close();
    }
  });
});

/**
 * The policy gate over the Redis limiter, two gates (two processes) on one Redis: a call waiting for a human's
 * approval holds its slot on both; declined, the slot comes back; a Redis that is gone refuses and audits. The
 * listall hint's probe (wouldAdmit) takes no slot from a call admitted while it runs, and says no without Redis.
 * With the operator's approvals in Redis too: a pending one holds no slot, and a store that cannot answer refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { createPolicyGateFromValue, type AuditRecord, type ManagedPolicyGate } from '../../src/policy/index.js';
import type { Limiter } from '../../src/policy/limiter.js';
import { createOperatorAsk } from '../../src/approvals/operator-approval.js';
import { createRedisApprovalStore } from '../../src/approvals/redis-store.js';
import { connectRedis, openRedisLimiter, type RedisConnection } from '../../src/policy/state/index.js';
import type { ApprovalAnswer, AskApproval } from '../../src/policy/types.js';
import { call, neverAsked, TOOLS } from '../unit/policy/fixtures.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

const POLICY = {
  version: '1',
  default: 'deny',
  tools: {
    destroy_virtual_machine: { action: 'require_approval', reason: 'a human decides', limits: [{ counter: 'destroys', window: 'hour', max: 1 }] },
    stop_virtual_machine: { limits: [{ counter: 'stops', window: 'hour', max: 5 }] },
    reboot_virtual_machine: { action: 'require_approval', reason: 'a human decides' },
    list_virtual_machines: { limits: [{ counter: 'lists', window: 'hour', max: 1 }] },
  },
};

let redis: RedisServer;
const limiters: Limiter[] = [];
const audits: AuditRecord[][] = [];

async function gate(): Promise<ManagedPolicyGate> {
  const limiter = await openRedisLimiter({ url: redis.url, prefix: 'gate:', timeoutMs: 2_000, leaseMs: 300_000, logger: silentLogger });
  limiters.push(limiter);
  const records: AuditRecord[] = [];
  audits.push(records);
  return createPolicyGateFromValue(POLICY, { tools: TOOLS, logger: silentLogger, audit: { write: (record) => void records.push(record) }, limiter });
}

/** An approval the test answers when it wants, to hold a call in the middle of its decision. */
function pendingApproval(): { ask: AskApproval; asked: Promise<void>; answer(value: ApprovalAnswer): void } {
  let answer!: (value: ApprovalAnswer) => void;
  let markAsked!: () => void;
  const asked = new Promise<void>((resolve) => (markAsked = resolve));
  const answered = new Promise<ApprovalAnswer>((resolve) => (answer = resolve));
  return {
    ask: () => {
      markAsked();
      return answered;
    },
    asked,
    answer: (value) => answer(value),
  };
}

beforeAll(async () => {
  redis = await startRedisServer();
});
const connections: RedisConnection[] = [];
afterAll(async () => {
  for (const connection of connections) await connection.close();
  for (const limiter of limiters) await limiter.close?.();
  await redis?.stop();
});

describe('the gate over Redis, two processes', () => {
  it('holds the slot of a call waiting for approval on both, and gives it back when declined', async () => {
    const [a, b] = [await gate(), await gate()];
    const destroy = call('destroy_virtual_machine', { id: 'vm-1' });
    const waiting = pendingApproval();
    const first = a.admit(destroy, waiting.ask);
    await waiting.asked;
    const meanwhile = await b.admit(call('destroy_virtual_machine', { id: 'vm-2' }, 's2'), neverAsked);
    expect(meanwhile.allowed).toBe(false);
    if (!meanwhile.allowed) expect(meanwhile.refusal.reason).toMatch(/^rate limit: 1 per hour on destroys/);
    waiting.answer('decline');
    expect((await first).allowed).toBe(false);
    const accepted = await b.admit(call('destroy_virtual_machine', { id: 'vm-2' }, 's2'), async () => 'accept');
    expect(accepted.allowed).toBe(true);
    expect((await a.admit(destroy, async () => 'accept')).allowed).toBe(false);
  });

  it('lets the listall probe take no slot from a call admitted while it runs', async () => {
    const a = await gate();
    const list = (params: Record<string, unknown>) => call('list_virtual_machines', params, 'probe', 'listVirtualMachines');
    const hint = list({ listall: true, page: 1, pagesize: 1 });
    // Once its script is loaded (the first EVALSHA of a fresh Redis is answered NOSCRIPT and sent again in full),
    // the probe's script is sent first and the agent's list right behind it, in that order on one connection.
    expect(await a.wouldAdmit!(hint)).toBe(true);
    const probe = a.wouldAdmit!(hint);
    const admitted = await a.admit(list({ page: 1, pagesize: 50 }), neverAsked);
    expect(admitted.allowed).toBe(true);
    expect(await probe).toBe(true);
    expect(await a.wouldAdmit!(hint)).toBe(false);
    expect(audits.at(-1)!.map((record) => record.event)).toEqual(['allow']);
  });

  it('refuses and audits a call it cannot decide while Redis is down, then decides again', async () => {
    const a = await gate();
    const records = audits.at(-1)!;
    const stop = call('stop_virtual_machine', { id: 'vm-1' });
    expect((await a.admit(stop, neverAsked)).allowed).toBe(true);
    await redis.stop();
    try {
      const refused = await a.admit(stop, neverAsked);
      expect(refused.allowed).toBe(false);
      if (!refused.allowed) {
        expect(refused.refusal.decision).toBe('state_unavailable');
        expect(refused.refusal.reason).toBe('policy state unavailable: Redis is unreachable (reconnecting); nothing was sent');
        expect(refused.refusal.rule).toBe('/tools/stop_virtual_machine/limits/0');
      }
      expect(records.at(-1)).toMatchObject({ event: 'deny', refusal: 'state_unavailable', tool: 'stop_virtual_machine' });
      // The listall probe cannot tell either: not admitted, and nothing audited for it.
      const written = records.length;
      expect(await a.wouldAdmit!(call('list_virtual_machines', { listall: true, page: 1, pagesize: 1 }, 'down', 'listVirtualMachines'))).toBe(false);
      expect(records).toHaveLength(written);
    } finally {
      await redis.start();
    }
    const deadline = Date.now() + 15_000;
    let admitted = false;
    while (!admitted && Date.now() < deadline) {
      admitted = (await a.admit(stop, neverAsked)).allowed;
      if (!admitted) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(admitted).toBe(true);
  });
});

describe('operator approval over Redis, two processes', () => {
  it('holds no slot while the operator decides (so no lease must cover the approval TTL); the approved repeat counts', async () => {
    const [a, b] = [await gate(), await gate()];
    const connection = await connectRedis({ url: redis.url, timeoutMs: 2_000, logger: silentLogger });
    connections.push(connection);
    const approvals = { store: await createRedisApprovalStore({ connection, prefix: 'gate-approvals:' }), pageUrl: 'http://127.0.0.1:1/approvals' };
    const onA = call('destroy_virtual_machine', { id: 'vm-a' }, 'sa');
    const onB = call('destroy_virtual_machine', { id: 'vm-b' }, 'sb');
    const ask = (gateCall: typeof onA) => createOperatorAsk(approvals, gateCall).ask;
    // Both pending at once under max 1: a pending operator approval holds nothing.
    expect((await a.admit(onA, ask(onA))).allowed).toBe(false);
    const pendingB = createOperatorAsk(approvals, onB);
    expect((await b.admit(onB, pendingB.ask)).allowed).toBe(false);
    expect(pendingB.notice()).toMatchObject({ status: 'pending', created: true });
    for (const approval of await approvals.store.list()) await approvals.store.approve(approval.id, 'alice (web)');
    // The approved repeat reserves then: the first takes the one slot, the second is refused by the limit.
    expect((await a.admit(onA, ask(onA))).allowed).toBe(true);
    const limited = await b.admit(onB, ask(onB));
    expect(limited.allowed).toBe(false);
    if (!limited.allowed) expect(limited.refusal.reason).toMatch(/^rate limit: 1 per hour on destroys/);
  });

  it('refuses with the clear error, and audits, when the approval store cannot answer', async () => {
    const a = await gate();
    const records = audits.at(-1)!;
    const connection = await connectRedis({ url: redis.url, timeoutMs: 300, logger: silentLogger });
    connections.push(connection);
    const approvals = { store: await createRedisApprovalStore({ connection, prefix: 'gate-down:' }), pageUrl: 'http://127.0.0.1:1/approvals' };
    // No limit on this call: the approval store is the only shared state it needs.
    const reboot = call('reboot_virtual_machine', { id: 'vm-down' }, 'sd');
    await redis.stop();
    try {
      const refused = await a.admit(reboot, createOperatorAsk(approvals, reboot).ask);
      expect(refused.allowed).toBe(false);
      if (!refused.allowed) {
        expect(refused.refusal.decision).toBe('state_unavailable');
        expect(refused.refusal.reason).toMatch(/^policy state unavailable: Redis .+; nothing was sent$/);
      }
      expect(records.at(-1)).toMatchObject({ event: 'deny', refusal: 'state_unavailable', tool: 'reboot_virtual_machine' });
    } finally {
      await redis.start();
    }
  });
});

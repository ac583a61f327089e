/**
 * gate.wouldAdmit: the decision `admit` would take on a call, for a query the server makes on its own behalf (the
 * listall hint's count query). It refuses wherever admit would refuse or ask a human, and spends nothing: no audit
 * record, no rate-limit slot (not even for a moment: a concurrent real call still finds the last one), no counter
 * key, no approval asked.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { createGateCore } from '../../../src/policy/gate.js';
import { call, compiled, fakeResolver, neverAsked, testGate, TOOLS, TOOLS_WITH_FACTS, vm } from './fixtures.js';

const LIST = 'list_virtual_machines';
const listCall = (params: Record<string, unknown>) => call(LIST, params, 's1', 'listVirtualMachines');
/** The hint's count query, and the agent's own list it follows. */
const hint = listCall({ listall: true, page: 1, pagesize: 1 });
const plainList = listCall({ page: 1, pagesize: 50 });
const limited = { version: '1', default: 'allow', tools: { [LIST]: { limits: [{ counter: 'lists', window: 'minute', max: 2 }] } } };

describe('gate.wouldAdmit', () => {
  it('admits what admit admits, and writes no audit record', async () => {
    const { gate, records } = testGate({ version: '1', default: 'allow' });
    expect(await gate.wouldAdmit(hint)).toBe(true);
    expect(records).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, boolean]>([
    ['a deny_if on the parameter', { tools: { [LIST]: { deny_if: [{ path: 'params.listall', op: 'eq', value: true }] } } }, true],
    ['a deny_if on the argument', { tools: { [LIST]: { deny_if: [{ path: 'args.listall', op: 'eq', value: true }] } } }, true],
    ['an all_tools deny_if', { all_tools: { deny_if: [{ path: 'params.listall', op: 'eq', value: true }] } }, true],
    ['a commands rule on the list command', { commands: { listVirtualMachines: { deny_if: [{ path: 'params.listall', op: 'eq', value: true }] } } }, true],
    ['an approve_if that matches (nobody waits for a hint)', { all_tools: { approve_if: [{ path: 'params.listall', op: 'eq', value: true }] } }, true],
    ['the command denied', { commands: { listVirtualMachines: { action: 'deny', reason: 'no VM listing here' } } }, false],
    ['the tool needing approval', { tools: { [LIST]: { action: 'require_approval' } } }, false],
    ['the tool hidden', { hide: [LIST] }, false],
  ])('refuses under %s, writing nothing', async (_label, rules, plainListAdmitted) => {
    const { gate, records } = testGate({ version: '1', default: 'allow', ...rules });
    expect(await gate.wouldAdmit(hint)).toBe(false);
    // A rule about listall=true leaves the same list without it admitted.
    expect(await gate.wouldAdmit(plainList)).toBe(plainListAdmitted);
    expect(records).toEqual([]);
  });

  it('refuses in shadow mode what the policy would deny (the server adds only what it would admit)', async () => {
    const { gate } = testGate({ version: '1', default: 'allow', mode: 'shadow', tools: { [LIST]: { deny_if: [{ path: 'params.listall', op: 'eq', value: true }] } } });
    expect(await gate.wouldAdmit(hint)).toBe(false);
    expect(await gate.wouldAdmit(plainList)).toBe(true);
  });

  it('needs room in every limit but takes none of it', async () => {
    const { gate, records } = testGate(limited);
    expect((await gate.admit(plainList, neverAsked)).allowed).toBe(true);
    for (let checks = 0; checks < 5; checks++) expect(await gate.wouldAdmit(hint)).toBe(true);
    // Five checks later the second slot is still free for a real call; then none is left for the hint.
    expect((await gate.admit(plainList, neverAsked)).allowed).toBe(true);
    expect(await gate.wouldAdmit(hint)).toBe(false);
    expect(records.map((record) => record.event)).toEqual(['allow', 'allow']);
  });

  it('never takes the last slot from a real call admitted while it runs', async () => {
    const { gate } = testGate({ version: '1', default: 'allow', tools: { [LIST]: { limits: [{ counter: 'lists', window: 'minute', max: 1 }] } } });
    // The probe starts first and is not awaited: the agent's own list is admitted in the middle of it.
    const probe = gate.wouldAdmit(hint);
    const admitted = await gate.admit(plainList, neverAsked);
    expect(admitted.allowed).toBe(true);
    expect(await probe).toBe(true);
    expect(await gate.wouldAdmit(hint)).toBe(false);
  });

  it('creates no counter key, whatever the values it is asked about', async () => {
    const perZone = { version: '1', default: 'allow', tools: { [LIST]: { limits: [{ counter: 'per_zone', window: 'hour', max: 1, scope: 'args.zoneid' }, { counter: 'lists', window: 'hour', max: 5 }] } } };
    const { gate } = testGate(perZone, { maxCounterKeys: 10 });
    for (let zone = 0; zone < 50; zone++) expect(await gate.wouldAdmit(listCall({ listall: true, zoneid: `zone-${zone}`, page: 1, pagesize: 1 }))).toBe(true);
    expect(gate.counterKeys()).toBe(0);
  });

  it('refuses when the counter table is full of live keys, and leaves it as it was', async () => {
    const perZone = { version: '1', default: 'allow', tools: { [LIST]: { limits: [{ counter: 'per_zone', window: 'hour', max: 5, scope: 'args.zoneid' }] } } };
    const { gate } = testGate(perZone, { maxCounterKeys: 2 });
    const inZone = (zoneid: string, listall?: true) => listCall({ ...(listall ? { listall } : {}), zoneid, page: 1, pagesize: listall ? 1 : 50 });
    expect((await gate.admit(inZone('z1'), neverAsked)).allowed).toBe(true);
    expect((await gate.admit(inZone('z2'), neverAsked)).allowed).toBe(true);
    expect(await gate.wouldAdmit(inZone('z3', true))).toBe(false);
    expect(await gate.wouldAdmit(inZone('z1', true))).toBe(true);
    expect(gate.counterKeys()).toBe(2);
  });

  it('asks no store when no limit applies', async () => {
    const unasked = () => {
      throw new Error('the store was asked');
    };
    const gate = createGateCore({
      policy: compiled({ version: '1', default: 'allow' }),
      tools: TOOLS,
      logger: silentLogger,
      audit: { write: () => {} },
      now: () => 0,
      maxCounterKeys: 10,
      limiter: { reserve: unasked, hasRoom: unasked, room: unasked, size: () => 0 },
    });
    expect(await gate.wouldAdmit(hint)).toBe(true);
  });

  it('reads the resource when a rule needs it, and refuses when it matches or cannot be read', async () => {
    const policy = { version: '1', default: 'allow', all_tools: { deny_if: [{ path: 'resource.tags.env', op: 'eq', value: 'prod' }] } };
    const { gate, records } = testGate(policy, { tools: TOOLS_WITH_FACTS });
    const stop = (found: Parameters<typeof fakeResolver>[0]) => ({ ...call('stop_virtual_machine', { id: 'vm1' }, 's1', 'stopVirtualMachine'), resources: fakeResolver(found).resolver });
    expect(await gate.wouldAdmit(stop(vm('vm1', { tags: { env: 'dev' } })))).toBe(true);
    expect(await gate.wouldAdmit(stop(vm('vm1', { tags: { env: 'prod' } })))).toBe(false);
    expect(await gate.wouldAdmit(stop(new Error('CloudStack unreachable')))).toBe(false);
    expect(records).toEqual([]);
  });

  it.each<[string, () => Promise<boolean>]>([
    // As the Redis limiter reports a store that is down.
    ['rejects', () => Promise.reject(new Error('policy state unavailable: Redis did not answer'))],
    ['throws', () => {
      throw new Error('policy state unavailable: Redis did not answer');
    }],
  ])('refuses, without throwing, when the limit store cannot answer (fail closed): it %s', async (_label, hasRoom) => {
    const gate = createGateCore({
      policy: compiled(limited),
      tools: TOOLS,
      logger: silentLogger,
      audit: { write: () => {} },
      now: () => 0,
      maxCounterKeys: 10,
      limiter: { reserve: () => Promise.reject(new Error('a probe reserves nothing')), hasRoom, room: () => Promise.reject(new Error('wouldAdmit asks hasRoom')), size: () => 0 },
    });
    expect(await gate.wouldAdmit(hint)).toBe(false);
  });
});

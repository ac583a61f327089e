/**
 * The reads a tool's `prepare` makes to complete its canonical call wait for the policy's early answer
 * (prepare-reads.ts): asked once, with the call as far as it is built, only by a preparer that reads; a refusal
 * is answered as admit's would be, with nothing sent and admit never asked; a gate that fails fails the call.
 * The real server over a CloudStack test double that records every request.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { AnswerWithoutAsking, PolicyCall, PolicyGate, PolicyRefusal } from '../../../src/policy/types.js';
import { readsAfter } from '../../../src/tools/prepare-reads.js';
import { allowAllPolicy } from '../../helpers/allow-all-policy.js';
import { connect, textOf, type Connected } from './connect.js';
import { fakeApi } from './fake-api.js';

const ZONE = '0b0c3f4e-1d6a-4c1e-9a55-1c2a3b4c5d6e';
const NET = '11111111-2222-4333-8444-555555555555';
const VM = '6f9619ff-8b86-4011-b42d-00cf4fc964ff';
const deployArgs = { serviceofferingid: ZONE, templateid: ZONE, zoneid: ZONE };
const denied: PolicyRefusal = { decision: 'denied', rule: '/tools/deploy_virtual_machine/action', reason: 'deploy_virtual_machine is denied by policy' };

let session: Connected | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const advancedZone = () =>
  fakeApi({
    listZones: { count: 1, items: [{ id: ZONE, networktype: 'Advanced', securitygroupsenabled: false }] },
    listNetworks: { count: 1, items: [{ id: NET, name: 'default', type: 'Isolated', state: 'Implemented', isdefault: true }] },
    deployVirtualMachine: { virtualmachine: { id: VM, name: 'web', state: 'Running' } },
    listVirtualMachines: { count: 1, items: [{ id: VM, name: 'web', state: 'Running' }] },
  });

/** The allow-all gate with an early answer, recording what it was asked. */
function gateAnswering(answer: (call: PolicyCall, without: AnswerWithoutAsking) => Promise<PolicyRefusal | undefined>) {
  const base = allowAllPolicy();
  const asked: { call: PolicyCall; operator: ReturnType<AnswerWithoutAsking> }[] = [];
  const gate: PolicyGate = {
    ...base,
    refuseBeforeReads: async (call, without) => {
      asked.push({ call, operator: without('operator') });
      return answer(call, without);
    },
  };
  return { gate, asked, admitted: base.calls };
}

describe('reads that complete a canonical call wait for the policy', () => {
  test('refused: the deploy reads nothing, admit is never asked, and the agent gets the policy refusal', async () => {
    const api = advancedZone();
    const { gate, asked, admitted } = gateAnswering(async () => denied);
    session = await connect({ api, policy: gate });
    const result = await session.client.callTool({ name: 'deploy_virtual_machine', arguments: deployArgs });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(`[POLICY DENIED] ${denied.reason}`);
    expect(result.structuredContent).toMatchObject({ policy: { decision: 'denied', rule: denied.rule } });
    expect(api.calls).toEqual([]);
    expect(admitted).toEqual([]);
    // Asked once, with the call as canonicalize built it (no network yet), this session, and no operator here.
    expect(asked).toHaveLength(1);
    expect(asked[0]!.call).toMatchObject({ tool: 'deploy_virtual_machine', command: 'deployVirtualMachine', sessionId: 'unit', params: { ...deployArgs, startvm: true } });
    expect(asked[0]!.call.params).not.toHaveProperty('networkids');
    expect(asked[0]!.operator).toBe('no_operator');
  });

  test('not refused: both reads go on after one question, and admit decides on the completed call', async () => {
    const api = advancedZone();
    const { gate, asked, admitted } = gateAnswering(async () => undefined);
    session = await connect({ api, policy: gate });
    const result = await session.client.callTool({ name: 'deploy_virtual_machine', arguments: deployArgs });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(asked).toHaveLength(1);
    expect(api.calls.map((call) => call.command)).toEqual(['listZones', 'listNetworks', 'deployVirtualMachine']);
    expect(admitted[0]?.params).toMatchObject({ networkids: [NET] });
  });

  test('a preparer that reads nothing asks nothing: deploy naming its network, destroy without expunge, a get tool', async () => {
    const api = advancedZone();
    const { gate, asked, admitted } = gateAnswering(async () => denied);
    session = await connect({ api, policy: gate });
    for (const [name, args] of [
      ['deploy_virtual_machine', { ...deployArgs, networkids: [NET] }],
      ['destroy_virtual_machine', { id: VM }],
      ['get_virtual_machine', { id: VM }],
    ] as const) await session.client.callTool({ name, arguments: args });
    expect(asked).toEqual([]);
    expect(admitted.map((call) => call.tool)).toEqual(['deploy_virtual_machine', 'destroy_virtual_machine', 'get_virtual_machine']);
  });

  test('a gate whose early answer fails: the call fails as a failing decision does, nothing sent', async () => {
    const api = advancedZone();
    const { gate, admitted } = gateAnswering(async () => {
      throw new Error('policy bug');
    });
    session = await connect({ api, policy: gate });
    const result = await session.client.callTool({ name: 'deploy_virtual_machine', arguments: deployArgs });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ error: { code: 'internal_error' } });
    expect(api.calls).toEqual([]);
    expect(admitted).toEqual([]);
  });

  test('a gate without an early answer: the reads go on, and admit decides', async () => {
    const api = advancedZone();
    const policy = allowAllPolicy();
    session = await connect({ api, policy });
    await session.client.callTool({ name: 'deploy_virtual_machine', arguments: deployArgs });
    expect(api.calls.map((call) => call.command)).toEqual(['listZones', 'listNetworks', 'deployVirtualMachine']);
    expect(policy.calls).toHaveLength(1);
  });
});

describe('readsAfter', () => {
  test('asks once for any number of requests, and refuses every one of them when refused', async () => {
    let questions = 0;
    const api = advancedZone();
    const guarded = readsAfter(api, async () => (questions++, denied));
    const outcomes = await Promise.allSettled([guarded.list('listZones'), guarded.list('listNetworks'), guarded.call('listZones')]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(questions).toBe(1);
    expect(api.calls).toEqual([]);
  });

  test("once cleared, sends each request and passes CloudStack's answer and errors through unchanged", async () => {
    const failure = new Error('CloudStack unreachable');
    const api = fakeApi({ listZones: { count: 1, items: [{ id: ZONE }] }, listNetworks: () => Promise.reject(failure) });
    const guarded = readsAfter(api, async () => undefined);
    expect(await guarded.list('listZones', { id: ZONE })).toEqual({ count: 1, items: [{ id: ZONE }] });
    await expect(guarded.list('listNetworks')).rejects.toBe(failure);
    expect(api.calls).toEqual([{ kind: 'list', command: 'listZones', params: { id: ZONE } }, { kind: 'list', command: 'listNetworks', params: {} }]);
  });
});

import { afterEach, describe, expect, test } from 'vitest';
import { connect, textOf, type Connected } from './connect.js';
import { fakeApi } from './fake-api.js';

const VM = '6f9619ff-8b86-4011-b42d-00cf4fc964ff';
const ZONE = '11111111-2222-4333-8444-555555555555';
const OFFERING = '21111111-2222-4333-8444-555555555555';
const TEMPLATE = '31111111-2222-4333-8444-555555555555';
const NET_A = '41111111-2222-4333-8444-555555555555';
const NET_B = '51111111-2222-4333-8444-555555555555';
const deployArgs = { serviceofferingid: OFFERING, templateid: TEMPLATE, zoneid: ZONE };
const deployed = { virtualmachine: { id: VM, name: 'new-vm', state: 'Running' } };
const advancedZone = { count: 1, items: [{ id: ZONE, name: 'z', networktype: 'Advanced' }] };

let session: Connected | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('get_virtual_machine', () => {
  test('an unknown id is an error, not an empty result', async () => {
    session = await connect({ api: fakeApi({ listVirtualMachines: { count: 0, items: [] } }) });
    const result = await session.client.callTool({ name: 'get_virtual_machine', arguments: { id: VM } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(`Virtual machine ${VM} not found`);
    expect(result.structuredContent).toMatchObject({ error: { code: 'not_found', id: VM } });
  });

  test('returns the VM under its key', async () => {
    const api = fakeApi({ listVirtualMachines: { count: 1, items: [{ id: VM, name: 'web', state: 'Running' }] } });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'get_virtual_machine', arguments: { id: VM } });
    expect(result.structuredContent).toEqual({ virtualmachine: { id: VM, name: 'web', state: 'Running' } });
    expect(api.calls[0]?.params).toEqual({ id: VM, listall: true });
  });
});

describe('destroy_virtual_machine', () => {
  test('keeps the VM recoverable by default (expunge=false, as CloudStack) and reports the final state', async () => {
    const api = fakeApi({
      listVirtualMachines: { count: 1, items: [{ id: VM, name: 'web', state: 'Running' }] },
      destroyVirtualMachine: { virtualmachine: { id: VM, name: 'web', state: 'Destroyed' } },
    });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'destroy_virtual_machine', arguments: { id: VM } });
    expect(api.calls[1]).toEqual({ kind: 'callAsync', command: 'destroyVirtualMachine', params: { id: VM, expunge: false, volumeids: undefined } });
    expect(result.structuredContent).toMatchObject({ virtualmachine: { state: 'Destroyed' } });
  });

  test('expunge=true expunges and reports the VM as Expunged', async () => {
    const api = fakeApi({
      listVirtualMachines: { count: 1, items: [{ id: VM, name: 'web', state: 'Running' }] },
      destroyVirtualMachine: { virtualmachine: { id: VM, name: 'web', state: 'Expunging' } },
    });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'destroy_virtual_machine', arguments: { id: VM, expunge: true } });
    // expunge=true reads the VM to choose the command (canonicalization), then again before sending.
    expect(api.calls.map((call) => call.command)).toEqual(['listVirtualMachines', 'listVirtualMachines', 'destroyVirtualMachine']);
    expect(api.calls[2]).toEqual({ kind: 'callAsync', command: 'destroyVirtualMachine', params: { id: VM, expunge: true, volumeids: undefined } });
    expect(result.structuredContent).toMatchObject({ virtualmachine: { state: 'Expunged' } });
  });

  test('an already Destroyed VM is expunged with expungeVirtualMachine when expunge=true', async () => {
    const api = fakeApi({
      listVirtualMachines: { count: 1, items: [{ id: VM, name: 'web', state: 'Destroyed' }] },
      expungeVirtualMachine: { success: true },
    });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'destroy_virtual_machine', arguments: { id: VM, expunge: true } });
    expect(api.calls.map((call) => call.command)).toEqual(['listVirtualMachines', 'listVirtualMachines', 'expungeVirtualMachine']);
    expect(api.calls[2]).toEqual({ kind: 'callAsync', command: 'expungeVirtualMachine', params: { id: VM } });
    expect(textOf(result)).toContain('state Expunged');
  });

  /** The VM's state as the first read (canonicalization) saw it, then as every later read sees it. */
  const changingVm = (first: string, later: string) => {
    let reads = 0;
    return () => ({ count: 1, items: [{ id: VM, name: 'web', state: reads++ === 0 ? first : later }] });
  };

  test('a VM recovered after the policy decided on its expunge gets nothing sent (state_changed)', async () => {
    const api = fakeApi({ listVirtualMachines: changingVm('Destroyed', 'Stopped') });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'destroy_virtual_machine', arguments: { id: VM, expunge: true } });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ error: { code: 'state_changed', id: VM, state: 'Stopped' } });
    expect(api.calls.map((call) => call.command)).toEqual(['listVirtualMachines', 'listVirtualMachines']);
  });

  test('a VM destroyed after the policy decided on destroyVirtualMachine expunge=true is not expunged behind its back', async () => {
    const api = fakeApi({ listVirtualMachines: changingVm('Running', 'Destroyed') });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'destroy_virtual_machine', arguments: { id: VM, expunge: true } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('expungeVirtualMachine, which the policy has not decided on');
    expect(result.structuredContent).toMatchObject({ error: { code: 'state_changed', state: 'Destroyed' } });
    expect(api.calls.map((call) => call.command)).toEqual(['listVirtualMachines', 'listVirtualMachines']);
  });

  test('a VM already Expunging is reported as it is: expungeVirtualMachine would refuse it', async () => {
    const api = fakeApi({ listVirtualMachines: { count: 1, items: [{ id: VM, name: 'web', state: 'Expunging' }] } });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'destroy_virtual_machine', arguments: { id: VM } });
    expect(result.isError).toBeFalsy();
    expect(api.calls.map((call) => call.command)).toEqual(['listVirtualMachines']);
    expect(result.structuredContent).toEqual({ virtualmachine: { id: VM, name: 'web', state: 'Expunging' } });
  });
});

describe('deploy_virtual_machine', () => {
  test('in an Advanced zone without networkids, uses the one isolated network of the caller', async () => {
    const api = fakeApi({
      listZones: advancedZone,
      listNetworks: { count: 2, items: [{ id: NET_A, name: 'mine', type: 'Isolated', state: 'Implemented' }, { id: NET_B, name: 'down', type: 'Isolated', state: 'Shutdown' }] },
      deployVirtualMachine: deployed,
    });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'deploy_virtual_machine', arguments: deployArgs });
    expect(result.isError).toBeFalsy();
    expect(api.calls.at(-1)).toEqual({ kind: 'callAsync', command: 'deployVirtualMachine', params: { ...deployArgs, networkids: [NET_A], startvm: true } });
  });

  test('several isolated networks and no default: an error that lists them and asks for networkids', async () => {
    const api = fakeApi({
      listZones: advancedZone,
      listNetworks: { count: 2, items: [{ id: NET_A, name: 'a', type: 'Isolated', state: 'Implemented' }, { id: NET_B, name: 'b', type: 'Isolated', state: 'Allocated' }] },
    });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'deploy_virtual_machine', arguments: deployArgs });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('pass networkids');
    expect(textOf(result)).toContain(NET_A);
    expect(api.calls.map((call) => call.command)).not.toContain('deployVirtualMachine');
  });

  test('no isolated network: an error that says to create one', async () => {
    session = await connect({ api: fakeApi({ listZones: advancedZone, listNetworks: { count: 0, items: [] } }) });
    const result = await session.client.callTool({ name: 'deploy_virtual_machine', arguments: deployArgs });
    expect(result.structuredContent).toMatchObject({ error: { code: 'network_required' } });
    expect(textOf(result)).toContain('create_network');
  });

  test('a Basic zone or given networkids: deployed as asked', async () => {
    const api = fakeApi({ listZones: { count: 1, items: [{ id: ZONE, networktype: 'Basic' }] }, deployVirtualMachine: deployed });
    session = await connect({ api });
    await session.client.callTool({ name: 'deploy_virtual_machine', arguments: deployArgs });
    await session.client.callTool({ name: 'deploy_virtual_machine', arguments: { ...deployArgs, networkids: `${NET_A},${NET_B}` } });
    expect(api.calls.filter((call) => call.command === 'deployVirtualMachine').map((call) => call.params.networkids)).toEqual([undefined, [NET_A, NET_B]]);
    expect(api.calls.filter((call) => call.command === 'listZones')).toHaveLength(1);
  });
});

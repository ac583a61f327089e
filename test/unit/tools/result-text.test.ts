import { afterEach, describe, expect, test } from 'vitest';
import { connect, textOf, type Connected } from './connect.js';
import { fakeApi } from './fake-api.js';

const VM = '6a1f3a52-0f1e-4e44-9a8b-0c1d2e3f4a5b';
const vm = { id: VM, name: 'web-1', state: 'Running', zonename: 'zone-1', nic: [{ ipaddress: '10.1.1.5', networkname: 'net-1' }] };

let session: Connected | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('the text block carries the result', () => {
  test('an object result: the summary line, then the object as compact JSON (NICs and IPs included)', async () => {
    session = await connect({ api: fakeApi({ listVirtualMachines: { count: 1, items: [vm] } }) });
    const text = textOf(await session.client.callTool({ name: 'get_virtual_machine', arguments: { id: VM } }));
    const [summary, json] = text.split('\n');
    expect(summary).toBe(`Virtual machine web-1 (${VM}): state Running, zonename zone-1.`);
    expect(JSON.parse(json!)).toEqual(vm);
  });

  test('a list keeps long descriptions whole up to 300 characters', async () => {
    const description = `Successfully completed deploying Vm. Vm Id: ${VM}, zone zone-1, network net-1, offering small`;
    session = await connect({ api: fakeApi({ listEvents: { count: 1, items: [{ id: 'e1', type: 'VM.CREATE', level: 'INFO', description }] } }) });
    expect(textOf(await session.client.callTool({ name: 'list_events', arguments: {} }))).toContain(description);
  });
});

describe('fields', () => {
  const vpc = { id: VM, name: 'vpc-1', cidr: '10.0.0.0/16', state: 'Enabled', service: [{ name: 'Dhcp' }, { name: 'Lb' }] };

  test('selects the fields of each item, in structuredContent and in the table, nested values as JSON', async () => {
    const api = fakeApi({ listVPCs: { count: 1, items: [vpc] } });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'list_vpcs', arguments: { fields: ['name', 'service'] } });
    expect((result.structuredContent as { items: object[] }).items).toEqual([{ name: 'vpc-1', service: vpc.service }]);
    expect(textOf(result)).toBe(`1 VPC.\n| name | service |\n| --- | --- |\n| vpc-1 | ${JSON.stringify(vpc.service)} |`);
    // fields is the tool's own argument: CloudStack never sees it.
    expect(api.calls.every((call) => !('fields' in call.params))).toBe(true);
  });

  test('a field an item lacks is left out, not invented', async () => {
    session = await connect({ api: fakeApi({ listVPCs: { count: 1, items: [vpc] } }) });
    const result = await session.client.callTool({ name: 'list_vpcs', arguments: { fields: ['id', 'nosuchfield'] } });
    expect((result.structuredContent as { items: object[] }).items).toEqual([{ id: VM }]);
  });
});

describe('get tools (kinds.ts getTool)', () => {
  test('fields selects the fields of the object; the lookup sends the id with listall=true', async () => {
    const api = fakeApi({ listVirtualMachines: { count: 1, items: [vm] } });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'get_virtual_machine', arguments: { id: VM, fields: ['name', 'nic'] } });
    expect(result.structuredContent).toEqual({ virtualmachine: { name: 'web-1', nic: vm.nic } });
    expect(api.calls.map((call) => call.params)).toEqual([{ id: VM, listall: true }]);
  });

  test('an unknown id is a not_found error naming the list tool', async () => {
    session = await connect({ api: fakeApi({ listVirtualMachines: { count: 0, items: [] } }) });
    const result = await session.client.callTool({ name: 'get_virtual_machine', arguments: { id: VM } });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ error: { code: 'not_found' } });
    expect(textOf(result)).toContain(`Virtual machine ${VM} not found (check the id with list_virtual_machines).`);
  });
});

describe('listall hint', () => {
  test('an admin without listall is told how many more listall=true shows (one count query of one item)', async () => {
    const api = fakeApi({ listVirtualMachines: (params) => ({ count: params.listall ? 12 : 6, items: params.listall ? [vm] : [vm] }) });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'list_virtual_machines', arguments: {} });
    expect(textOf(result)).toMatch(/\n6 more virtual machines of other accounts are visible with listall=true\.$/);
    expect(result.structuredContent).toMatchObject({ count: 6, morewithlistall: 6 });
    expect(api.calls.map((call) => call.params)).toEqual([
      { page: 1, pagesize: 50 },
      { page: 1, pagesize: 1, listall: true },
    ]);
  });

  test('nothing is said when listall was given, or when the counts are equal', async () => {
    const api = fakeApi({ listVirtualMachines: { count: 6, items: [vm] } });
    session = await connect({ api });
    const same = await session.client.callTool({ name: 'list_virtual_machines', arguments: {} });
    expect(textOf(same)).not.toContain('listall');
    const asked = await session.client.callTool({ name: 'list_virtual_machines', arguments: { listall: true } });
    expect(textOf(asked)).not.toContain('listall');
    expect(api.calls).toHaveLength(3);
  });
});

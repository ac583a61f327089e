import { afterEach, describe, expect, test } from 'vitest';
import { findTool, TOOLS } from '../../../src/tools/index.js';
import { validateArguments } from '../../../src/tools/validate.js';
import { connect, textOf, type Connected } from './connect.js';
import { fakeApi } from './fake-api.js';

const VM = '6f9619ff-8b86-4011-b42d-00cf4fc964ff';
const OFFERING = '21111111-2222-4333-8444-555555555555';
const tool = (name: string) => findTool(name)!;
const issuesOf = (name: string, raw: unknown) => {
  const validation = validateArguments(tool(name), raw);
  return validation.ok ? [] : validation.issues;
};

let session: Connected | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('hostile arguments', () => {
  // The README's promise: a tool refuses an argument it does not know rather than dropping it silently. The
  // pipeline checks top-level keys itself; the schema is strict too, so no other user of it (a nested object, a
  // future caller of safeParse) drops one either.
  test.each(TOOLS.map((entry) => entry.name))('%s has a strict input schema and refuses an unknown argument, naming it', (name) => {
    expect(tool(name).input.def.catchall?._zod.def.type).toBe('never');
    expect(tool(name).input.safeParse({ not_an_argument_of_any_tool: 1 }).error?.issues).toContainEqual(expect.objectContaining({ code: 'unrecognized_keys' }));
    expect(issuesOf(name, { not_an_argument_of_any_tool: 1 })).toContainEqual({ path: 'not_an_argument_of_any_tool', message: 'unknown argument (not accepted by this tool)' });
  });

  test('a __proto__ key is an unknown argument, whether it arrives as an own key or as the prototype', () => {
    const own = JSON.parse(`{"__proto__": {"id": "${VM}"}}`) as unknown;
    expect(issuesOf('get_virtual_machine', own)).toEqual([
      { path: 'id', message: 'is required' },
      { path: '__proto__', message: 'unknown argument (not accepted by this tool)' },
    ]);
    const inherited = Object.create({ id: VM }) as unknown;
    expect(issuesOf('list_zones', inherited)).toEqual([{ path: '__proto__', message: 'unknown argument (not accepted by this tool)' }]);
  });

  test('through the MCP client, the SDK drops a __proto__ key before us: nothing of it reaches CloudStack or Object', async () => {
    const api = fakeApi({ listZones: { count: 0, items: [] } });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'list_zones', arguments: JSON.parse('{"__proto__": {"name": "x", "polluted": "yes"}}') as Record<string, unknown> });
    expect(result.isError).toBeFalsy();
    expect(api.calls).toEqual([{ kind: 'list', command: 'listZones', params: { page: 1, pagesize: 50 } }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('free text is bounded by CloudStack\'s 255-character columns', () => {
    expect(issuesOf('list_virtual_machines', { name: 'x'.repeat(256) })).toEqual([{ path: 'name', message: 'must be at most 255 characters' }]);
    expect(issuesOf('list_virtual_machines', { keyword: 'x'.repeat(1024 * 1024) })).toEqual([{ path: 'keyword', message: 'must be at most 255 characters' }]);
    expect(issuesOf('list_virtual_machines', { name: 'x'.repeat(255) })).toEqual([]);
  });

  test('offering details take only cpuNumber, cpuSpeed and memory, as positive integers', () => {
    const base = { id: VM, serviceofferingid: OFFERING };
    expect(issuesOf('scale_virtual_machine', { ...base, details: { cpuNumber: 2, cpuSpeed: 1000, memory: 2048 } })).toEqual([]);
    expect(issuesOf('scale_virtual_machine', { ...base, details: { cpuNumber: -3 } })).toEqual([{ path: 'details.cpuNumber', message: 'must be a positive integer' }]);
    expect(issuesOf('change_service_offering_virtual_machine', { ...base, details: JSON.parse('{"__proto__": 5, "rootdisksize": 9}') })).toEqual([
      { path: 'details.__proto__, details.rootdisksize', message: 'unknown argument (not accepted by this tool)' },
    ]);
  });

  test('an explicit field is never reported as missing; every failure is listed', () => {
    expect(issuesOf('create_firewall_rule', { ipaddressid: 'web', protocol: 'smtp', icmptype: 300, extra: 1 })).toEqual([
      { path: 'ipaddressid', message: 'must be a UUID' },
      { path: 'protocol', message: 'must be one of tcp, udp, icmp, all, TCP, UDP, ICMP, ALL' },
      { path: 'icmptype', message: 'must be at most 255' },
      { path: 'extra', message: 'unknown argument (not accepted by this tool)' },
    ]);
  });
});

describe('rules CloudStack would refuse with a 431, refused here first', () => {
  const IP = '0b0c3f4e-1d6a-4c1e-9a55-1c2a3b4c5d6e';
  test('ICMP type/code only with protocol icmp, ports never with it', () => {
    expect(issuesOf('create_firewall_rule', { ipaddressid: IP, protocol: 'tcp', startport: 22, icmptype: 8 })).toEqual([{ path: 'icmptype', message: 'goes with protocol icmp only' }]);
    expect(issuesOf('create_security_group_rule', { securitygroupid: IP, protocol: 'ICMP', endport: 22 })).toEqual([
      { path: 'endport', message: 'does not apply to protocol icmp (give icmptype/icmpcode)' },
    ]);
    expect(issuesOf('create_firewall_rule', { ipaddressid: IP, protocol: 'icmp', icmptype: -1, icmpcode: -1 })).toEqual([]);
  });

  test('migrate with autoselect=false needs a target', () => {
    expect(issuesOf('migrate_virtual_machine', { virtualmachineid: VM, autoselect: false })).toEqual([{ path: 'autoselect', message: 'autoselect=false needs hostid or storageid' }]);
    expect(issuesOf('migrate_virtual_machine', { virtualmachineid: VM, autoselect: false, hostid: IP })).toEqual([]);
    expect(issuesOf('migrate_virtual_machine', { virtualmachineid: VM })).toEqual([]);
  });

  test('a deployed VM\'s name is a host name', () => {
    const base = { serviceofferingid: OFFERING, templateid: OFFERING, zoneid: OFFERING };
    const rule = 'must be a host name: 1-63 letters, digits and hyphens, starting with a letter, not ending with a hyphen';
    for (const name of ['web_01', '1web', 'web-', 'w'.repeat(64), 'wéb']) {
      expect(issuesOf('deploy_virtual_machine', { ...base, name }), name).toEqual([{ path: 'name', message: rule }]);
    }
    for (const name of ['w', 'web-01', 'W'.repeat(63)]) expect(issuesOf('deploy_virtual_machine', { ...base, name }), name).toEqual([]);
  });
});

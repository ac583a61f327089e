import { describe, expect, test } from 'vitest';
import { buildCanonicalCall, canonicalValue, normalizeCidr } from '../../../src/tools/canonical.js';
import { findTool } from '../../../src/tools/all.js';
import { validateArguments } from '../../../src/tools/validate.js';

const VM = '6F9619FF-8B86-4011-B42D-00CF4FC964FF';
const vm = VM.toLowerCase();
const OTHER = '0b0c3f4e-1d6a-4c1e-9a55-1c2a3b4c5d6e';

/** Validates like the registry does, then builds the canonical call. */
function canonical(toolName: string, args: Record<string, unknown>) {
  const tool = findTool(toolName);
  if (!tool) throw new Error(`no tool ${toolName}`);
  const validation = validateArguments(tool, args);
  if (!validation.ok) throw new Error(JSON.stringify(validation.issues));
  return buildCanonicalCall(tool, validation.args);
}

describe('canonicalValue', () => {
  test('a list is an array of trimmed strings, from an array or from comma-separated text', () => {
    expect(canonicalValue('list', ' a, b ,c')).toEqual(['a', 'b', 'c']);
    expect(canonicalValue('list', [' a', 'b ', 'c'])).toEqual(['a', 'b', 'c']);
    expect(canonicalValue('list', 'a,,b')).toEqual(['a', 'b']);
  });

  test('an array element holding a comma is split as CloudStack splits the text it is sent as', () => {
    // Sent as cidrlist=10.0.0.0/8,0.0.0.0/0: two CIDRs to CloudStack, so two to the policy.
    expect(canonicalValue('list', ['10.0.0.0/8,0.0.0.0/0'])).toEqual(['10.0.0.0/8', '0.0.0.0/0']);
    expect(canonicalValue('list', ['a, b', 'c'])).toEqual(['a', 'b', 'c']);
  });

  test('ids are lower-case wherever they appear; other text keeps its case', () => {
    expect(canonicalValue('string', VM)).toBe(vm);
    expect(canonicalValue('uuid', VM)).toBe(vm);
    expect(canonicalValue('list', `${VM},${OTHER.toUpperCase()}`)).toEqual([vm, OTHER]);
    expect(canonicalValue('string', 'Web-01')).toBe('Web-01');
  });

  test('by name, only id parameters are lower-cased: a password or a custom id that looks like a UUID is sent as written', () => {
    expect(canonicalValue('string', VM, 'virtualmachineid')).toBe(vm);
    expect(canonicalValue('list', [VM], 'networkids')).toEqual([vm]);
    expect(canonicalValue('string', VM, 'password')).toBe(VM);
    expect(canonicalValue('string', VM, 'customid')).toBe(VM);
    expect(canonicalValue('list', [VM, ' 10.1.2.3/8 '], 'keypairs')).toEqual([VM, '10.0.0.0/8']);
    expect(canonicalValue('UUID', VM, 'whatever')).toBe(vm);
  });

  test('booleans and integers are typed from JSON or from their text', () => {
    expect(canonicalValue('boolean', 'TRUE')).toBe(true);
    expect(canonicalValue('boolean', 'false')).toBe(false);
    expect(canonicalValue('boolean', true)).toBe(true);
    expect(canonicalValue('integer', '42')).toBe(42);
    expect(canonicalValue('long', 7)).toBe(7);
    expect(canonicalValue('integer', 'x')).toBe('x');
  });

  test('CIDRs in a list take network/prefix form, IPv4 and IPv6', () => {
    expect(canonicalValue('list', '1.0.0.0/0, 10.1.2.3/8')).toEqual(['0.0.0.0/0', '10.0.0.0/8']);
    expect(canonicalValue('list', ['2001:DB8::1/32', '::0/0'])).toEqual(['2001:db8::/32', '::/0']);
    expect(normalizeCidr('203.0.113.0/24')).toBe('203.0.113.0/24');
    // Octal-looking parts are no IPv4 address to CloudStack; not reinterpreted.
    expect(normalizeCidr('010.0.0.1/8')).toBeUndefined();
    expect(normalizeCidr('10.0.0.0/33')).toBeUndefined();
    expect(normalizeCidr('10.0.0.0')).toBeUndefined();
  });

  test('a map is an array of flat objects', () => {
    expect(canonicalValue('map', { cpuNumber: 2, memory: 1024 })).toEqual([{ cpuNumber: 2, memory: 1024 }]);
    expect(canonicalValue('map', [{ key: 'env', value: 'prod' }])).toEqual([{ key: 'env', value: 'prod' }]);
  });

  test('absent stays absent', () => {
    expect(canonicalValue('list', undefined)).toBeUndefined();
    expect(canonicalValue('boolean', null)).toBeUndefined();
  });
});

describe('buildCanonicalCall', () => {
  test('a firewall rule without cidrlist is open to 0.0.0.0/0, explicitly', () => {
    const call = canonical('create_firewall_rule', { ipaddressid: OTHER, protocol: 'tcp', startport: 22, endport: 22 });
    expect(call).toMatchObject({ command: 'createFirewallRule', reads: false, params: { cidrlist: ['0.0.0.0/0'], ipaddressid: OTHER, protocol: 'tcp' } });
    expect(call.args.cidrlist).toBeUndefined();
  });

  test('both spellings of a CIDR list give the same parameters', () => {
    const asText = canonical('create_firewall_rule', { ipaddressid: OTHER, protocol: 'tcp', cidrlist: '0.0.0.0/1,128.0.0.0/1' });
    const asArray = canonical('create_firewall_rule', { ipaddressid: OTHER, protocol: 'tcp', cidrlist: ['0.0.0.0/1', '128.0.0.0/1'] });
    expect(asText.params).toEqual(asArray.params);
    expect(asText.params.cidrlist).toEqual(['0.0.0.0/1', '128.0.0.0/1']);
    expect(asText.args.cidrlist).toEqual(['0.0.0.0/1', '128.0.0.0/1']);
  });

  test('a security group rule without cidrlist is world-open', () => {
    const call = canonical('create_security_group_rule', { securitygroupid: OTHER, protocol: 'tcp', startport: 22, endport: 22 });
    expect(call.params.cidrlist).toEqual(['0.0.0.0/0']);
  });

  test('forced, expunge and autoselect are sent as CloudStack would take them', () => {
    expect(canonical('reboot_virtual_machine', { id: VM }).params).toEqual({ id: vm, forced: false });
    expect(canonical('reboot_virtual_machine', { id: VM, forced: true }).params).toEqual({ id: vm, forced: true });
    expect(canonical('migrate_virtual_machine', { virtualmachineid: VM }).params).toEqual({ virtualmachineid: vm, autoselect: true });
    expect(canonical('migrate_virtual_machine', { virtualmachineid: VM, hostid: OTHER, autoselect: false }).params).toEqual({
      virtualmachineid: vm,
      hostid: OTHER,
      autoselect: false,
    });
    const destroy = canonical('destroy_virtual_machine', { id: VM, expunge: true, volumeids: `${OTHER.toUpperCase()}` });
    expect(destroy.params).toEqual({ id: vm, expunge: true, volumeids: [OTHER] });
  });

  test('deploy sends startvm=true unless told otherwise', () => {
    const base = { serviceofferingid: OTHER, templateid: OTHER, zoneid: OTHER };
    expect(canonical('deploy_virtual_machine', base).params.startvm).toBe(true);
    expect(canonical('deploy_virtual_machine', { ...base, startvm: false }).params.startvm).toBe(false);
  });

  test('the same VM in any letter case is one canonical call', () => {
    const lower = canonical('stop_virtual_machine', { id: vm, forced: false });
    const mixed = canonical('stop_virtual_machine', { id: `${vm.slice(0, 3)}${vm.slice(3).toUpperCase()}`, forced: false });
    expect(mixed.params).toEqual(lower.params);
    expect(mixed.args.id).toBe(vm);
  });

  test("the tool's own arguments stay in args and are not sent; list tools send one page", () => {
    const stop = canonical('stop_virtual_machine', { id: VM, forced: false, confirm: true });
    expect(stop.args).toMatchObject({ confirm: true });
    expect(stop.params).toEqual({ id: vm, forced: false });
    const list = canonical('list_virtual_machines', { state: 'Running' });
    expect(list).toMatchObject({ command: 'listVirtualMachines', reads: true, params: { state: 'Running', page: 1, pagesize: 50 } });
  });
});

/** Every load-time error of a name, path, scope or value: at its JSON pointer, with the closest valid name. */
import { describe, expect, it } from 'vitest';
import { loadPolicyText, loadPolicyValue } from '../../../src/policy/load.js';
import { TOOLS, TOOLS_WITH_FACTS } from './fixtures.js';

const errorsOf = (policy: unknown, tools = TOOLS_WITH_FACTS): readonly string[] => {
  const result = loadPolicyValue(policy, tools, 'h');
  return result.ok ? [] : result.errors;
};
const base = { version: '1', default: 'deny' };
const denyIf = (tool: string, condition: Record<string, unknown>) => ({ ...base, tools: { [tool]: { deny_if: [condition] } } });

describe('load-time checks', () => {
  it.each([
    [
      'an argument the tool does not have',
      denyIf('stop_virtual_machine', { path: 'args.forcd', op: 'eq', value: true }),
      '/tools/stop_virtual_machine/deny_if/0/path: args.forcd is no parameter of stop_virtual_machine (did you mean args.forced?)',
    ],
    [
      'a parameter the tool\'s command does not have',
      denyIf('reboot_virtual_machine', { path: 'params.forse', op: 'eq', value: true }),
      '/tools/reboot_virtual_machine/deny_if/0/path: params.forse is no parameter of rebootVirtualMachine (did you mean params.forced?)',
    ],
    [
      'a resource field the kind does not have',
      denyIf('stop_virtual_machine', { path: 'resource.tag.env', op: 'eq', value: 'prod' }),
      '/tools/stop_virtual_machine/deny_if/0/path: resource.tag.env is no field of a virtualmachine (did you mean resource.tags?)',
    ],
    [
      'a target field the kind does not have',
      denyIf('migrate_virtual_machine', { path: 'target.clustrname', op: 'eq', value: 'c1' }),
      '/tools/migrate_virtual_machine/deny_if/0/path: target.clustrname is no field of a host (did you mean target.clustername?)',
    ],
    [
      'a target on a tool that has none',
      denyIf('stop_virtual_machine', { path: 'target.name', op: 'eq', value: 'h1' }),
      '/tools/stop_virtual_machine/deny_if/0/path: stop_virtual_machine acts on no target the policy can look up, so target.name never has a value',
    ],
    [
      'a text value against a boolean parameter',
      denyIf('stop_virtual_machine', { path: 'args.forced', op: 'eq', value: 'true' }),
      '/tools/stop_virtual_machine/deny_if/0/value: "true" can never equal forced, a boolean: write true without quotes',
    ],
    [
      'a numeric operator on a boolean',
      denyIf('stop_virtual_machine', { path: 'params.forced', op: 'gt', value: 0 }),
      '/tools/stop_virtual_machine/deny_if/0/value: gt cannot apply to forced, a boolean',
    ],
    [
      'a word against an integer parameter',
      denyIf('create_firewall_rule', { path: 'params.startport', op: 'in', value: [22, 'ssh'] }),
      '/tools/create_firewall_rule/deny_if/0/value: "ssh" can never equal startport, a number',
    ],
    [
      'a CIDR operator on an integer',
      denyIf('create_firewall_rule', { path: 'params.startport', op: 'cidr_outside', value: ['10.0.0.0/8'] }),
      '/tools/create_firewall_rule/deny_if/0/value: cidr_outside cannot apply to startport, a number',
    ],
    [
      'a non-CIDR network in cidr_outside',
      denyIf('create_firewall_rule', { path: 'params.cidrlist', op: 'cidr_outside', value: ['10.0.0.0/8', 'intranet'] }),
      '/tools/create_firewall_rule/deny_if/0/value/1: must be a CIDR such as 10.0.0.0/8 or fd00::/8',
    ],
    [
      'a breadth bound that leaves a family unchecked',
      denyIf('create_firewall_rule', { path: 'params.cidrlist', op: 'cidr_broader_than', value: { ipv4: 8 } }),
      '/tools/create_firewall_rule/deny_if/0/value: give both ipv4 and ipv6 prefix lengths, or addresses, so that neither address family goes unchecked',
    ],
    [
      'a misspelt limit scope',
      { ...base, tools: { migrate_virtual_machine: { limits: [{ counter: 'm', window: 'hour', max: 2, scope: 'args.virtualmachinid' }] } } },
      '/tools/migrate_virtual_machine/limits/0/scope: args.virtualmachinid is no parameter of migrate_virtual_machine (did you mean args.virtualmachineid?)',
    ],
    [
      'a resource scope on a tool that acts on none',
      { ...base, tools: { create_firewall_rule: { rate_limit: { max: 2, window: 'hour', scope: 'resource' } } } },
      '/tools/create_firewall_rule/rate_limit/scope: create_firewall_rule acts on no resource the policy can look up, so a resource scope has no value',
    ],
    [
      'a misspelt require',
      { ...base, tools: { migrate_virtual_machine: { require: ['hostd'] } } },
      '/tools/migrate_virtual_machine/require/0: args.hostd is no parameter of migrate_virtual_machine (did you mean args.hostid?)',
    ],
    [
      'an unknown command, with a suggestion',
      { ...base, commands: { deleteNetwrk: {} } },
      '/commands/deleteNetwrk: unknown command (did you mean deleteNetwork?)',
    ],
    [
      'a command in the wrong case',
      { ...base, commands: { stopvirtualmachine: {} } },
      '/commands/stopvirtualmachine: unknown command (did you mean stopVirtualMachine?)',
    ],
    [
      'a parameter the command does not have',
      { ...base, commands: { stopVirtualMachine: { deny_if: [{ path: 'params.force', op: 'eq', value: true }] } } },
      '/commands/stopVirtualMachine/deny_if/0/path: params.force is no parameter of stopVirtualMachine (did you mean params.forced?)',
    ],
    [
      'a bare require in a command entry (a parameter)',
      { ...base, commands: { migrateVirtualMachine: { require: ['hostidd'] } } },
      '/commands/migrateVirtualMachine/require/0: params.hostidd is no parameter of migrateVirtualMachine (did you mean params.hostid?)',
    ],
    [
      'a resource field no kind sent by the command has',
      { ...base, commands: { stopVirtualMachine: { approve_if: [{ path: 'resource.stat', op: 'eq', value: 'Running' }] } } },
      '/commands/stopVirtualMachine/approve_if/0/path: resource.stat is no field of a virtualmachine (did you mean resource.state?)',
    ],
    [
      'an all_tools parameter no command has',
      { ...base, all_tools: { deny_if: [{ path: 'params.forcedd', op: 'eq', value: true }] } },
      '/all_tools/deny_if/0/path: params.forcedd is no parameter of any CloudStack command (did you mean params.forced?)',
    ],
    [
      'an all_tools argument no tool has',
      { ...base, all_tools: { approve_if: [{ path: 'args.expunj', op: 'eq', value: true }] } },
      '/all_tools/approve_if/0/path: args.expunj is no parameter of all_tools (did you mean args.expunge?)',
    ],
    [
      'an all_tools resource field no kind has',
      { ...base, all_tools: { deny_if: [{ path: 'resource.tagz.env', op: 'eq', value: 'prod' }] } },
      expect.stringMatching(/^\/all_tools\/deny_if\/0\/path: resource\.tagz\.env is no field of any of virtualmachine, .* \(did you mean resource\.tags\?\)$/),
    ],
    ['a hidden command that does not exist', { ...base, hide: ['listUserz'] }, '/hide/0: unknown tool or command (did you mean listUsers?)'],
  ])('rejects %s', (_name, policy, message) => {
    expect(errorsOf(policy)).toEqual([message]);
  });

  it('accepts the rules of a real policy: one rule for forced power-off, production tags, world-open CIDRs', () => {
    expect(
      errorsOf({
        version: '1',
        default: 'allow',
        hide: ['listUsers', 'list_users'],
        all_tools: {
          deny_if: [
            { path: 'params.forced', op: 'eq', value: true },
            { path: 'resource.tags.env', op: 'eq', value: 'prod' },
            { path: 'params.cidrlist', op: 'cidr_broader_than', value: { ipv4: 16, ipv6: 48 } },
          ],
        },
        tools: { migrate_virtual_machine: { limits: [{ counter: 'per_vm', window: 'hour', max: 2, scope: 'resource' }] } },
        commands: {
          destroyVirtualMachine: { approve_if: [{ path: 'resource.state', op: 'eq', value: 'Running' }, { path: 'params.expunge', op: 'eq', value: true }] },
          deleteNetwork: { action: 'deny' },
          migrateVirtualMachine: { deny_if: [{ path: 'params.hostid', op: 'not_in', value: ['h1'] }], limits: [{ counter: 'per_host', window: 'hour', max: 5, scope: 'params.hostid' }] },
        },
      }),
    ).toEqual([]);
  });

  it('skips a check whose facts a tool does not declare yet', () => {
    expect(errorsOf(denyIf('stop_virtual_machine', { path: 'args.whatever', op: 'eq', value: 1 }), TOOLS)).toEqual([]);
  });

  it('reports a JSON syntax error at its line and column', () => {
    const result = loadPolicyText('{\n  "version": "1",\n  "default": "deny"\n  "tools": {}\n}', TOOLS);
    expect(result.ok ? [] : result.errors).toEqual([expect.stringMatching(/^\/: not valid JSON at line 4, column 3 \(Expected ',' or '}' after property value\)$/)]);
    const truncated = loadPolicyText('{\n  "version":', TOOLS);
    expect(truncated.ok ? [] : truncated.errors).toEqual(['/: not valid JSON at line 2, column 13 (Unexpected end of JSON input)']);
  });

  it('reports validator errors in plain words', () => {
    expect(errorsOf({ ...base, hide: 'list_users' })).toEqual(['/hide: must be a list (JSON array), not text (a JSON string)']);
    expect(errorsOf({ ...base, tools: { list_zones: { reason: '' } } })).toEqual(['/tools/list_zones/reason: must not be empty']);
  });
});

import { describe, expect, it } from 'vitest';
import { decide, isVisible } from '../../../src/policy/engine.js';
import type { PolicyRefusal } from '../../../src/policy/types.js';
import { TOOL_NAMES, call, compiled } from './fixtures.js';

const known = new Set<string>(TOOL_NAMES);

const policy = compiled({
  version: '1',
  default: 'deny',
  hide: ['reset_password_virtual_machine'],
  all_tools: { limits: [{ counter: 'all', window: 'minute', max: 100, scope: 'session' }] },
  tools: {
    list_virtual_machines: {},
    stop_virtual_machine: { action: 'deny', reason: 'Stops go through the change board' },
    reboot_virtual_machine: { action: 'deny' },
    migrate_virtual_machine: {
      limits: [{ counter: 'migrate_rate', window: 'minute', max: 10 }],
      require: ['hostid'],
      deny_if: [
        { path: 'args.hostid', op: 'not_in', value: ['h1', 'h2'] },
        { path: 'args.virtualmachineid', op: 'regex', value: 'protected-.*' },
      ],
      on_deny: 'Only the two new KVM hosts may receive migrations',
    },
    destroy_virtual_machine: { action: 'require_approval', reason: 'Destroying a VM needs a human' },
  },
});

const refusals: Array<[string, Record<string, unknown>, Partial<PolicyRefusal>]> = [
  ['no_such_tool', {}, { decision: 'hidden', rule: '/tools', reason: 'unknown tool no_such_tool' }],
  ['reset_password_virtual_machine', {}, { decision: 'hidden', rule: '/hide/0' }],
  ['create_volume', {}, { decision: 'hidden', rule: '/default' }],
  ['stop_virtual_machine', {}, { decision: 'denied', rule: '/tools/stop_virtual_machine/action', reason: 'stop_virtual_machine is denied by policy: Stops go through the change board' }],
  ['reboot_virtual_machine', {}, { decision: 'denied', rule: '/tools/reboot_virtual_machine/action', reason: 'reboot_virtual_machine is denied by policy' }],
  [
    'migrate_virtual_machine',
    { virtualmachineid: 'vm1' },
    { decision: 'missing_argument', rule: '/tools/migrate_virtual_machine/require/0', reason: 'argument hostid: required by policy for migrate_virtual_machine. Only the two new KVM hosts may receive migrations' },
  ],
  [
    'migrate_virtual_machine',
    { virtualmachineid: 'vm1', hostid: 'h9' },
    { decision: 'argument_rule', rule: '/tools/migrate_virtual_machine/deny_if/0', reason: 'argument hostid: value not allowed. Only the two new KVM hosts may receive migrations' },
  ],
  ['migrate_virtual_machine', { virtualmachineid: 'protected-db', hostid: 'h1' }, { decision: 'argument_rule', rule: '/tools/migrate_virtual_machine/deny_if/1' }],
];

describe('decide', () => {
  it.each(refusals)('refuses %s %j', (tool, args, expected) => {
    const decision = decide(policy, known, call(tool, args));
    expect(decision.kind).toBe('refuse');
    if (decision.kind === 'refuse') expect(decision.refusal).toMatchObject(expected);
  });

  it('passes an allowed call on with its tool limits first, then the all_tools limits', () => {
    const decision = decide(policy, known, call('migrate_virtual_machine', { virtualmachineid: 'vm1', hostid: 'h2' }));
    expect(decision.kind).toBe('proceed');
    if (decision.kind === 'proceed') {
      expect(decision.limits.map((limit) => limit.pointer)).toEqual(['/tools/migrate_virtual_machine/limits/0', '/all_tools/limits/0']);
      expect(decision.approval).toBeUndefined();
    }
  });

  it('allows a tool named as {} under default deny', () => {
    expect(decide(policy, known, call('list_virtual_machines')).kind).toBe('proceed');
  });

  it('marks require_approval calls with the rule and the reason for the human', () => {
    const decision = decide(policy, known, call('destroy_virtual_machine', { id: 'vm1' }));
    expect(decision).toMatchObject({ kind: 'proceed', approval: { rule: '/tools/destroy_virtual_machine/action', reason: 'Destroying a VM needs a human' } });
  });

  it('names who approves: the operator unless the entry says approver client (all_tools approve_if: the operator)', () => {
    const byClient = compiled({
      version: '1',
      default: 'allow',
      all_tools: { approve_if: [{ path: 'args.hostid', op: 'eq', value: 'h1' }] },
      tools: { destroy_virtual_machine: { action: 'require_approval', approver: 'client' }, stop_virtual_machine: { action: 'require_approval' } },
    });
    const approverOf = (tool: string, args: Record<string, unknown> = {}) => {
      const decision = decide(byClient, known, call(tool, args));
      return decision.kind === 'proceed' ? decision.approval?.approver : decision.kind;
    };
    expect(approverOf('destroy_virtual_machine')).toBe('client');
    expect(approverOf('stop_virtual_machine')).toBe('operator');
    expect(approverOf('migrate_virtual_machine', { virtualmachineid: 'vm1', hostid: 'h1' })).toBe('operator');
    expect(approverOf('list_zones')).toBeUndefined();
  });

  it('lets unnamed tools through under default allow, with the all_tools limits', () => {
    const open = compiled({ version: '1', default: 'allow', all_tools: { rate_limit: { max: 5, window: 'second' } } });
    const decision = decide(open, known, call('create_volume'));
    expect(decision.kind === 'proceed' && decision.limits.map((limit) => limit.pointer)).toEqual(['/all_tools/rate_limit']);
  });

  it('says when a value was refused because it was too long for a regex rule to check', () => {
    const decision = decide(policy, known, call('migrate_virtual_machine', { virtualmachineid: 'x'.repeat(5_000), hostid: 'h1' }));
    expect(decision.kind === 'refuse' && decision.refusal).toMatchObject({
      rule: '/tools/migrate_virtual_machine/deny_if/1',
      reason: 'argument virtualmachineid: value not allowed (longer than 4096 characters, too long to check). Only the two new KVM hosts may receive migrations',
    });
  });

  it('does not echo argument values in reasons (they may be secrets)', () => {
    const decision = decide(policy, known, call('migrate_virtual_machine', { virtualmachineid: 'vm1', hostid: 'h-secret-9' }));
    expect(decision.kind === 'refuse' && decision.refusal.reason).not.toContain('h-secret-9');
  });
});

describe('visibility', () => {
  it.each([
    ['list_virtual_machines', true],
    ['stop_virtual_machine', true], // denied tools stay visible, so the agent learns why they are refused
    ['create_volume', false], // a tool denied by default is not offered at all
    ['reset_password_virtual_machine', false],
    ['no_such_tool', false],
  ])('%s visible: %s', (tool, visible) => {
    expect(isVisible(policy, known, tool)).toBe(visible);
  });

  it('"*" in hide hides every tool the policy does not name', () => {
    const star = compiled({ version: '1', default: 'allow', hide: ['*'], tools: { list_zones: {}, stop_virtual_machine: { action: 'deny' } } });
    expect(TOOL_NAMES.filter((tool) => isVisible(star, known, tool))).toEqual(['stop_virtual_machine', 'list_zones']);
    const decision = decide(star, known, call('list_hosts'));
    expect(decision.kind === 'refuse' && decision.refusal).toMatchObject({ decision: 'hidden', rule: '/hide/0' });
  });
});

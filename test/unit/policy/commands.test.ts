/**
 * Rules per CloudStack command: a `commands` entry binds every tool that sends the command, `all_tools`
 * conditions on `params.` bind every command that has the parameter, and the generic call tool is governed
 * command by command.
 */
import { describe, expect, it } from 'vitest';
import { decide, isVisible } from '../../../src/policy/engine.js';
import { TOOLS_WITH_FACTS, call, compiled, genericCall, neverAsked, testGate } from './fixtures.js';

const known = new Set(TOOLS_WITH_FACTS.map((tool) => tool.name));
const policyOf = (document: unknown) => compiled(document, TOOLS_WITH_FACTS);
const refusalOf = (document: unknown, probe: ReturnType<typeof call>) => {
  const decision = decide(policyOf(document), known, probe);
  return decision.kind === 'refuse' ? decision.refusal : undefined;
};

const stop = (args: Record<string, unknown>) => call('stop_virtual_machine', args, 's1', 'stopVirtualMachine');
const reboot = (args: Record<string, unknown>) => call('reboot_virtual_machine', args, 's1', 'rebootVirtualMachine');

describe('a commands entry', () => {
  const policy = {
    version: '1',
    default: 'allow',
    commands: {
      stopVirtualMachine: { deny_if: [{ path: 'params.forced', op: 'eq', value: true }], on_deny: 'Stop gracefully' },
      deleteNetwork: { action: 'deny', reason: 'networks are managed by Terraform' },
      destroyVirtualMachine: { approve_if: [{ path: 'params.expunge', op: 'eq', value: true, reason: 'expunging cannot be undone' }] },
    },
  };

  it.each([
    ['the curated tool', stop({ id: 'vm1', forced: true })],
    ['the generic tool', genericCall('stopVirtualMachine', { id: 'vm1', forced: true })],
  ])('binds %s that sends the command', (_name, probe) => {
    expect(refusalOf(policy, probe)).toEqual({
      decision: 'argument_rule',
      rule: '/commands/stopVirtualMachine/deny_if/0',
      reason: 'parameter forced of stopVirtualMachine: value not allowed. Stop gracefully',
    });
  });

  it('lets the call through when no rule matches', () => {
    expect(decide(policyOf(policy), known, stop({ id: 'vm1', forced: false })).kind).toBe('proceed');
  });

  it('denies a command whichever tool sends it', () => {
    expect(refusalOf(policy, genericCall('deleteNetwork', { id: 'n1' }))).toMatchObject({
      decision: 'denied',
      rule: '/commands/deleteNetwork/action',
      reason: 'deleteNetwork is denied by policy: networks are managed by Terraform',
    });
  });

  it('asks for approval when an approve_if matches, with the condition\'s reason', () => {
    const destroy = (expunge: boolean) => call('destroy_virtual_machine', { id: 'vm1', expunge }, 's1', 'destroyVirtualMachine');
    expect(decide(policyOf(policy), known, destroy(true))).toMatchObject({
      kind: 'proceed',
      approval: { rule: '/commands/destroyVirtualMachine/approve_if/0', reason: 'expunging cannot be undone' },
    });
    expect(decide(policyOf(policy), known, destroy(false))).toMatchObject({ kind: 'proceed' });
    expect(decide(policyOf(policy), known, destroy(false))).not.toHaveProperty('approval');
  });

  it('is enforced together with the tool entry: any deny refuses, every limit counts', async () => {
    const both = {
      version: '1',
      default: 'deny',
      tools: {
        stop_virtual_machine: {
          deny_if: [{ path: 'args.id', op: 'eq', value: 'vm-db' }],
          limits: [{ counter: 'tool_stops', window: 'hour', max: 3 }],
        },
      },
      commands: { stopVirtualMachine: { limits: [{ counter: 'command_stops', window: 'hour', max: 2 }] } },
    };
    expect(refusalOf(both, stop({ id: 'vm-db' }))).toMatchObject({ rule: '/tools/stop_virtual_machine/deny_if/0' });
    const decision = decide(policyOf(both), known, stop({ id: 'vm1' }));
    expect(decision.kind === 'proceed' && decision.limits.map((limit) => limit.pointer)).toEqual([
      '/tools/stop_virtual_machine/limits/0',
      '/commands/stopVirtualMachine/limits/0',
    ]);
    const { gate } = testGate(both, { tools: TOOLS_WITH_FACTS });
    expect((await gate.admit(stop({ id: 'vm1' }), neverAsked)).allowed).toBe(true);
    expect((await gate.admit(stop({ id: 'vm2' }), neverAsked)).allowed).toBe(true);
    const third = await gate.admit(stop({ id: 'vm3' }), neverAsked);
    expect(third.allowed === false && third.refusal.rule).toBe('/commands/stopVirtualMachine/limits/0');
  });

  it('does not by itself allow a curated tool that default deny refuses', () => {
    const deny = { version: '1', default: 'deny', commands: { stopVirtualMachine: {} } };
    expect(refusalOf(deny, stop({ id: 'vm1' }))).toMatchObject({ decision: 'hidden', rule: '/default' });
  });
});

describe('all_tools conditions on params.', () => {
  const policy = {
    version: '1',
    default: 'allow',
    all_tools: {
      deny_if: [
        { path: 'params.forced', op: 'eq', value: true, reason: 'no forced power-off anywhere' },
        { path: 'params.bootintosetup', op: 'exists', value: false },
      ],
    },
  };

  it('refuse forced stop and forced reboot alike, from one rule', () => {
    for (const probe of [stop({ id: 'vm1', forced: true, bootintosetup: false }), reboot({ id: 'vm1', forced: true, bootintosetup: false })]) {
      expect(refusalOf(policy, probe)).toMatchObject({ rule: '/all_tools/deny_if/0', reason: expect.stringMatching(/: no forced power-off anywhere$/) });
    }
  });

  it('apply only to commands that have the parameter (so exists: false does not refuse the others)', () => {
    // stopVirtualMachine has no bootintosetup: the second rule does not apply to it
    expect(decide(policyOf(policy), known, stop({ id: 'vm1', forced: false })).kind).toBe('proceed');
    // rebootVirtualMachine has it: the rule applies, and the parameter is absent
    expect(refusalOf(policy, reboot({ id: 'vm1', forced: false }))).toMatchObject({ rule: '/all_tools/deny_if/1' });
  });
});

describe('the generic call tool', () => {
  it('under default allow: reads pass, a state-changing command is refused unless named, with the line to add', () => {
    const open = { version: '1', default: 'allow', commands: { createTags: {} } };
    expect(decide(policyOf(open), known, genericCall('listPortForwardingRules', {}, true)).kind).toBe('proceed');
    expect(decide(policyOf(open), known, genericCall('createTags', { resourceids: ['vm1'] }, false)).kind).toBe('proceed');
    expect(refusalOf(open, genericCall('deleteNetwork', { id: 'n1' }, false))).toEqual({
      decision: 'denied',
      rule: '/default',
      reason:
        'call_cloudstack_api may not send deleteNetwork: it changes the cloud, and state-changing commands need an entry in the policy\'s commands section; to allow it, add "commands": {"deleteNetwork": {}}',
    });
  });

  it('under default deny: only the commands named pass, reads included; the tool is offered once a command is named', () => {
    const closed = { version: '1', default: 'deny', commands: { listVirtualMachines: {} } };
    expect(decide(policyOf(closed), known, genericCall('listVirtualMachines', {}, true)).kind).toBe('proceed');
    expect(refusalOf(closed, genericCall('listZones', {}, true))).toMatchObject({
      decision: 'denied',
      rule: '/default',
      reason: expect.stringContaining('add "commands": {"listZones": {}}'),
    });
    expect(isVisible(policyOf(closed), known, 'call_cloudstack_api')).toBe(true);
    expect(isVisible(policyOf({ version: '1', default: 'deny' }), known, 'call_cloudstack_api')).toBe(false);
  });

  it('refuses a hidden command as an unknown command', () => {
    const hiding = { version: '1', default: 'allow', hide: ['listUsers'] };
    expect(refusalOf(hiding, genericCall('listUsers', {}, true))).toEqual({ decision: 'hidden', rule: '/hide/0', reason: 'unknown command listUsers' });
  });

  it('its own tool entry applies too', () => {
    const off = { version: '1', default: 'allow', tools: { call_cloudstack_api: { action: 'deny' } }, commands: { createTags: {} } };
    expect(refusalOf(off, genericCall('createTags', {}, false))).toMatchObject({ rule: '/tools/call_cloudstack_api/action' });
  });

  it('is audited with the command it sent', async () => {
    const { gate, records } = testGate({ version: '1', default: 'allow' }, { tools: TOOLS_WITH_FACTS });
    await gate.admit(genericCall('deleteNetwork', { id: 'n1' }, false), neverAsked);
    expect(records).toEqual([expect.objectContaining({ event: 'deny', tool: 'call_cloudstack_api', command: 'deleteNetwork', rule: '/default' })]);
  });
});

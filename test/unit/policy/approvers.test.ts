import { describe, expect, it } from 'vitest';
import { isCommandOffered, isToolDenied, needsOperatorApprover } from '../../../src/policy/approvers.js';
import { hiddenBy } from '../../../src/policy/engine.js';
import type { ToolFacts } from '../../../src/policy/tool-facts.js';
import { TOOLS_WITH_FACTS, call, compiled, neverAsked, testGate } from './fixtures.js';

const tools: readonly ToolFacts[] = [...TOOLS_WITH_FACTS, { name: 'search_cloudstack_api', readOnly: true, command: 'listApis' }];
const known = new Set(tools.map((tool) => tool.name));
const policy = (value: Record<string, unknown>) => compiled({ version: '1', ...value }, tools);

describe('who approves, across the policy', () => {
  it('needs an operator when an entry asks without approver client, or all_tools has approve_if', () => {
    expect(needsOperatorApprover(policy({ default: 'allow' }))).toBe(false);
    expect(needsOperatorApprover(policy({ default: 'allow', tools: { destroy_virtual_machine: { action: 'require_approval', approver: 'client' } } }))).toBe(false);
    expect(needsOperatorApprover(policy({ default: 'allow', tools: { destroy_virtual_machine: { action: 'require_approval' } } }))).toBe(true);
    expect(needsOperatorApprover(policy({ default: 'allow', commands: { destroyVirtualMachine: { approve_if: [{ path: 'params.expunge', op: 'eq', value: true }] } } }))).toBe(true);
    expect(needsOperatorApprover(policy({ default: 'allow', all_tools: { approve_if: [{ path: 'args.forced', op: 'eq', value: true }] } }))).toBe(true);
  });

  it('calls a tool denied when the policy hides it or its action is deny', () => {
    const p = policy({ default: 'deny', tools: { list_zones: {}, stop_virtual_machine: { action: 'deny' }, destroy_virtual_machine: { action: 'require_approval' } } });
    expect(isToolDenied(p, known, 'stop_virtual_machine')).toBe(true);
    expect(isToolDenied(p, known, 'reboot_virtual_machine')).toBe(true); // not named under default deny: hidden
    expect(isToolDenied(p, known, 'destroy_virtual_machine')).toBe(false);
    expect(isToolDenied(p, known, 'list_zones')).toBe(false);
    expect(isToolDenied(p, known, 'no_such_tool')).toBe(true);
  });
});

describe('the commands the generic tools may offer', () => {
  it('under default deny: only the commands named, and not those denied', () => {
    const p = policy({ default: 'deny', commands: { listZones: {}, deleteNetwork: { action: 'deny' } } });
    expect(isCommandOffered(p, 'listZones')).toBe(true);
    expect(isCommandOffered(p, 'deleteNetwork')).toBe(false);
    expect(isCommandOffered(p, 'listHosts')).toBe(false);
  });

  it('under default allow: every command but those hidden or denied', () => {
    const p = policy({ default: 'allow', hide: ['listHosts'], commands: { deleteNetwork: { action: 'deny' } } });
    expect(isCommandOffered(p, 'listZones')).toBe(true);
    expect(isCommandOffered(p, 'deployVirtualMachine')).toBe(true);
    expect(isCommandOffered(p, 'listHosts')).toBe(false);
    expect(isCommandOffered(p, 'deleteNetwork')).toBe(false);
  });

  it('offers search_cloudstack_api with call_cloudstack_api under default deny when commands are named, and neither when none are', () => {
    const named = policy({ default: 'deny', commands: { listZones: {} } });
    expect(hiddenBy(named, 'search_cloudstack_api')).toBeUndefined();
    expect(hiddenBy(named, 'call_cloudstack_api')).toBeUndefined();
    const none = policy({ default: 'deny', tools: { list_zones: {} } });
    expect(hiddenBy(none, 'search_cloudstack_api')).toBe('/default');
    expect(hiddenBy(none, 'call_cloudstack_api')).toBe('/default');
    // hide still wins
    expect(hiddenBy(policy({ default: 'deny', hide: ['search_cloudstack_api'], commands: { listZones: {} } }), 'search_cloudstack_api')).toBe('/hide/0');
  });
});

describe('audit records of operator approval and of the parameters sent', () => {
  it('an approval step is a record with its approval id, by whom, the rule, and the policy in force', () => {
    const { gate, records } = testGate({ version: '1', default: 'allow' }, { tools });
    gate.recordApproval!({ event: 'approval_approved', time: 'ignored', approval: 'apr_0123', tool: 'destroy_virtual_machine', session: 's1', rule: '/tools/destroy_virtual_machine/action', by: 'alice (web)', reason: 'change 42' });
    expect(records).toEqual([
      {
        time: expect.any(String),
        event: 'approval_approved',
        approval: 'apr_0123',
        session: 's1',
        tool: 'destroy_virtual_machine',
        policy: 'test-hash',
        rule: '/tools/destroy_virtual_machine/action',
        by: 'alice (web)',
        reason: 'change 42',
        outcome: undefined,
        args: undefined,
      },
    ]);
  });

  it("a call's canonical params are recorded with that command's secret parameters redacted", async () => {
    const { gate, records } = testGate({ version: '1', default: 'allow', commands: { addSwift: {} } }, { tools });
    const swift = { ...call('call_cloudstack_api', {}, 's1', 'addSwift'), params: { url: 'http://swift', key: 'swift-secret-key', account: 'ops' } };
    expect((await gate.admit(swift, neverAsked)).allowed).toBe(true);
    expect(records[0]!.params).toEqual({ url: 'http://swift', key: '[REDACTED]', account: 'ops' });
    expect(JSON.stringify(records)).not.toContain('swift-secret-key');
  });
});

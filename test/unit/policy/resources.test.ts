/**
 * Rules on the cloud's live state: the gate resolves the call's resources only when a rule in force reads them,
 * refuses a resource that does not exist before any counter is touched, and fails closed when a lookup fails.
 */
import { describe, expect, it } from 'vitest';
import type { PolicyCall } from '../../../src/policy/types.js';
import { TOOLS_WITH_FACTS, approver, call, fakeResolver, neverAsked, testGate, vm } from './fixtures.js';

const tools = TOOLS_WITH_FACTS;
const withResolver = (probe: PolicyCall, resolver: PolicyCall['resources']): PolicyCall => ({ ...probe, resources: resolver });
const stop = (id: string, session = 's1') => call('stop_virtual_machine', { id }, session, 'stopVirtualMachine');

const prodPolicy = {
  version: '1',
  default: 'allow',
  all_tools: {
    deny_if: [{ path: 'resource.tags.env', op: 'eq', value: 'prod', reason: 'production VMs are changed by the release pipeline only' }],
  },
  commands: {
    destroyVirtualMachine: { approve_if: [{ path: 'resource.state', op: 'eq', value: 'Running', reason: 'the VM is running' }] },
  },
};

describe('resource conditions', () => {
  it('refuse a call on a production-tagged VM, naming the resource, and let others through', async () => {
    const { gate } = testGate(prodPolicy, { tools });
    const prod = fakeResolver(vm('vm-p', { name: 'db-01', tags: { env: 'prod' } }));
    const refused = await gate.admit(withResolver(stop('vm-p'), prod.resolver), neverAsked);
    expect(refused.allowed === false && refused.refusal).toEqual({
      decision: 'resource_rule',
      rule: '/all_tools/deny_if/0',
      reason: 'resource.tags.env (virtualmachine db-01, vm-p): value not allowed: production VMs are changed by the release pipeline only',
    });
    const dev = fakeResolver(vm('vm-d', { tags: { env: 'dev' } }));
    expect((await gate.admit(withResolver(stop('vm-d'), dev.resolver), neverAsked)).allowed).toBe(true);
  });

  it('ask for approval to destroy a running VM, showing the resource to the human and in the audit record', async () => {
    const { gate, records } = testGate(prodPolicy, { tools });
    const running = fakeResolver(vm('vm-r', { name: 'web-01', tags: { team: 'web' } }));
    const human = approver('accept');
    const destroy = call('destroy_virtual_machine', { id: 'vm-r' }, 's1', 'destroyVirtualMachine');
    expect((await gate.admit(withResolver(destroy, running.resolver), human.ask)).allowed).toBe(true);
    const shown = { kind: 'virtualmachine', id: 'vm-r', name: 'web-01', state: 'Running', zone: 'zone-a', account: 'ops', tags: { team: 'web' } };
    expect(human.asked).toEqual([{ tool: 'destroy_virtual_machine', command: 'destroyVirtualMachine', args: { id: 'vm-r' }, reason: 'the VM is running', resource: shown, rule: '/commands/destroyVirtualMachine/approve_if/0', approver: 'operator' },
    ]);
    expect(records.map((record) => [record.event, record.resource])).toEqual([
      ['approval_requested', shown],
      ['approval_granted', shown],
      ['allow', shown],
    ]);
    const stopped = fakeResolver(vm('vm-s', { state: 'Stopped' }));
    expect((await gate.admit(withResolver({ ...destroy, args: { id: 'vm-s' } }, stopped.resolver), neverAsked)).allowed).toBe(true);
  });

  it('a resource that does not exist is refused, before any counter', async () => {
    const { gate, records } = testGate(
      { ...prodPolicy, tools: { stop_virtual_machine: { limits: [{ counter: 'stops', window: 'hour', max: 100 }] } } },
      { tools },
    );
    const nowhere = fakeResolver(null);
    const resolver = { ...nowhere.resolver, resourceRef: { kind: 'virtualmachine' as const, id: 'vm-gone' } };
    const refused = await gate.admit(withResolver(stop('vm-gone'), resolver), neverAsked);
    expect(refused.allowed === false && refused.refusal).toEqual({ decision: 'not_found', rule: '/all_tools/deny_if/0', reason: 'virtualmachine vm-gone does not exist' });
    expect(gate.counterKeys()).toBe(0);
    expect(records.at(-1)).toMatchObject({ event: 'deny', refusal: 'not_found', command: 'stopVirtualMachine' });
    // without a reference, the refusal names the tool's resource kind
    const anonymous = await gate.admit(withResolver(stop('vm-gone'), nowhere.resolver), neverAsked);
    expect(anonymous.allowed === false && anonymous.refusal.reason).toBe('the virtualmachine this call names does not exist');
  });

  it('a lookup that fails refuses the call and says why (fail closed)', async () => {
    const { gate } = testGate(prodPolicy, { tools });
    const broken = fakeResolver(new Error('CloudStack answered 530: internal error'));
    const refused = await gate.admit(withResolver(stop('vm-1'), broken.resolver), neverAsked);
    expect(refused.allowed === false && refused.refusal).toEqual({
      decision: 'lookup_failed',
      rule: '/all_tools/deny_if/0',
      reason: "cannot check the policy's rule: looking up the resource of this call in CloudStack failed (CloudStack answered 530: internal error); retry later",
    });
  });

  it('no rule on resources: the resolver is never asked', async () => {
    const { gate } = testGate({ version: '1', default: 'allow', tools: { stop_virtual_machine: { deny_if: [{ path: 'args.forced', op: 'eq', value: true }] } } }, { tools });
    const counted = fakeResolver(new Error('must not be asked'));
    expect((await gate.admit(withResolver(stop('vm-1'), counted.resolver), neverAsked)).allowed).toBe(true);
    expect((await gate.admit(withResolver(call('list_zones', {}, 's1', 'listZones'), counted.resolver), neverAsked)).allowed).toBe(true);
    expect(counted.lookups).toEqual({ resource: 0, target: 0 });
  });

  it('a call that names no resource, or has no resolver, is judged without one', async () => {
    const { gate } = testGate(prodPolicy, { tools });
    const none = fakeResolver(undefined);
    expect((await gate.admit(withResolver(stop('vm-1'), none.resolver), neverAsked)).allowed).toBe(true);
    expect((await gate.admit(stop('vm-1'), neverAsked)).allowed).toBe(true);
  });

  it('target conditions resolve the target only', async () => {
    const policy = { version: '1', default: 'allow', tools: { migrate_virtual_machine: { deny_if: [{ path: 'target.name', op: 'regex', value: 'kvm-old-.*' }] } } };
    const { gate } = testGate(policy, { tools });
    const host = { kind: 'host' as const, id: 'h-9', fields: { name: 'kvm-old-01' } };
    const resolver = fakeResolver(vm('vm-1'), host);
    const refused = await gate.admit(withResolver(call('migrate_virtual_machine', { virtualmachineid: 'vm-1', hostid: 'h-9' }, 's1', 'migrateVirtualMachine'), resolver.resolver), neverAsked);
    expect(refused.allowed === false && refused.refusal).toMatchObject({ decision: 'resource_rule', rule: '/tools/migrate_virtual_machine/deny_if/0' });
    expect(resolver.lookups).toEqual({ resource: 0, target: 1 });
  });
});

describe('counters per resolved resource', () => {
  it('a resource scope counts per VM however the call named it', async () => {
    const policy = { version: '1', default: 'allow', tools: { migrate_virtual_machine: { limits: [{ counter: 'per_vm', window: 'hour', max: 2, scope: 'resource' }] } } };
    const { gate } = testGate(policy, { tools });
    const migrate = (named: string) =>
      withResolver(call('migrate_virtual_machine', { virtualmachineid: named }, 's1', 'migrateVirtualMachine'), fakeResolver(vm('vm-1')).resolver);
    expect((await gate.admit(migrate('vm-1'), neverAsked)).allowed).toBe(true);
    expect((await gate.admit(migrate('VM-1'), neverAsked)).allowed).toBe(true);
    const third = await gate.admit(migrate('Vm-1'), neverAsked);
    expect(third.allowed === false && third.refusal.reason).toBe('rate limit: 2 per hour on per_vm per resource, retry in 3600 s');
  });

  it('a flood of 5 000 made-up VM ids does not fill the table: other sessions keep working', async () => {
    const policy = { version: '1', default: 'allow', tools: { stop_virtual_machine: { limits: [{ counter: 'stops_per_vm', window: 'hour', max: 3, scope: 'args.id' }] } } };
    const { gate } = testGate(policy, { tools, maxCounterKeys: 1_000 });
    const world = new Map([['vm-real', vm('vm-real')]]);
    const lookedUp = (id: string, session: string) =>
      withResolver(stop(id, session), { resource: async () => world.get(id) ?? null, target: async () => undefined, resourceRef: { kind: 'virtualmachine', id } });
    for (let index = 0; index < 5_000; index++) {
      const made = await gate.admit(lookedUp(`00000000-0000-0000-0000-${String(index).padStart(12, '0')}`, 'attacker'), neverAsked);
      expect(made.allowed === false && made.refusal.decision).toBe('not_found');
    }
    expect(gate.counterKeys()).toBe(0);
    expect((await gate.admit(lookedUp('vm-real', 'someone-else'), neverAsked)).allowed).toBe(true);
    expect(gate.counterKeys()).toBe(1);
  });
});

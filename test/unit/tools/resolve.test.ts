import { describe, expect, test } from 'vitest';
import { CloudStackApiError } from '../../../src/cloudstack/errors.js';
import { TOOLS, findTool, toolFacts } from '../../../src/tools/all.js';
import { buildCanonicalCall } from '../../../src/tools/canonical.js';
import { createResolver, createResourceCache, hasResources } from '../../../src/tools/resolve.js';
import { commandResources } from '../../../src/tools/resolve-table.js';
import { validateArguments } from '../../../src/tools/validate.js';
import { fakeApi } from './fake-api.js';

const VM = 'A1111111-2222-4333-8444-555555555555';
const vm = VM.toLowerCase();
const VOL = 'b1111111-2222-4333-8444-555555555555';
const HOST = 'c1111111-2222-4333-8444-555555555555';
const POOL = 'd1111111-2222-4333-8444-555555555555';
const IP = 'e1111111-2222-4333-8444-555555555555';
const SG = 'f1111111-2222-4333-8444-555555555555';
const OFFERING = '01111111-2222-4333-8444-555555555555';

/** CloudStack's own shapes: upper-case ids as some clouds return them, tags as [{key, value}]. */
const VM_ITEM = { id: VM, name: 'web-01', state: 'Running', account: 'admin', domain: 'ROOT', zonename: 'zone-1', hostid: HOST, tags: [{ key: 'env', value: 'prod' }], password: 'never' };
const VOLUME_ITEM = { id: VOL, name: 'data-1', state: 'Ready', type: 'DATADISK', virtualmachineid: VM, deviceid: 1, tags: [] };

const answers = {
  listVirtualMachines: (params: Record<string, unknown>) => ({ count: 1, items: params.id === vm ? [VM_ITEM] : [] }),
  listVolumes: { count: 2, items: [{ ...VOLUME_ITEM, id: '99999999-2222-4333-8444-555555555555', deviceid: 0, type: 'ROOT' }, VOLUME_ITEM] },
  listHosts: { count: 1, items: [{ id: HOST, name: 'kvm-1', state: 'Up', resourcestate: 'Enabled' }] },
  listStoragePools: { count: 1, items: [{ id: POOL, name: 'pool-1', state: 'Up', tags: 'ssd' }] },
  listPublicIpAddresses: { count: 1, items: [{ id: IP, ipaddress: '198.51.100.7', issourcenat: false }] },
  listSecurityGroups: { count: 1, items: [{ id: SG, name: 'web', account: 'admin' }] },
};

function callOf(toolName: string, args: Record<string, unknown>) {
  const tool = findTool(toolName)!;
  const validation = validateArguments(tool, args);
  if (!validation.ok) throw new Error(JSON.stringify(validation.issues));
  return buildCanonicalCall(tool, validation.args);
}

function resolverFor(toolName: string, args: Record<string, unknown>) {
  const api = fakeApi(answers as never);
  return { api, resolver: createResolver(api, callOf(toolName, args), createResourceCache()) };
}

describe('the resource each tool acts on, by each identifying argument', () => {
  const vmTools: Array<[string, Record<string, unknown>]> = [
    ['start_virtual_machine', { id: VM }],
    ['stop_virtual_machine', { id: VM }],
    ['reboot_virtual_machine', { id: VM }],
    ['destroy_virtual_machine', { id: VM }],
    ['scale_virtual_machine', { id: VM, serviceofferingid: OFFERING }],
    ['change_service_offering_virtual_machine', { id: VM, serviceofferingid: OFFERING }],
    ['reset_password_virtual_machine', { id: VM }],
    ['migrate_virtual_machine', { virtualmachineid: VM }],
  ];
  test.each(vmTools)('%s resolves the VM (any letter case) with one listVirtualMachines', async (tool, args) => {
    const { api, resolver } = resolverFor(tool, args);
    const resource = await resolver.resource();
    expect(resource).toEqual({
      kind: 'virtualmachine',
      id: vm,
      fields: { id: vm, name: 'web-01', state: 'Running', account: 'admin', domain: 'ROOT', zonename: 'zone-1', hostid: HOST, tags: { env: 'prod' } },
    });
    await resolver.resource();
    expect(api.calls).toEqual([{ kind: 'list', command: 'listVirtualMachines', params: { listall: true, id: vm } }]);
  });

  test('detach_volume by id and by virtualmachineid + deviceid resolve to the same volume', async () => {
    const byId = await resolverFor('detach_volume', { id: VOL }).resolver.resource();
    const byDevice = resolverFor('detach_volume', { virtualmachineid: VM, deviceid: 1 });
    expect(await byDevice.resolver.resource()).toEqual(byId);
    expect(byId).toMatchObject({ kind: 'volume', id: VOL, fields: { virtualmachineid: vm, deviceid: 1, type: 'DATADISK' } });
    expect(byDevice.api.calls).toEqual([{ kind: 'list', command: 'listVolumes', params: { listall: true, virtualmachineid: vm } }]);
  });

  test("detach_volume's target is the VM it is detached from, named by the call or read from the volume", async () => {
    const byId = resolverFor('detach_volume', { id: VOL });
    expect(await byId.resolver.target()).toMatchObject({ kind: 'virtualmachine', id: vm, fields: { tags: { env: 'prod' } } });
    expect(byId.api.calls.map((call) => call.command)).toEqual(['listVolumes', 'listVirtualMachines']);
    const byDevice = resolverFor('detach_volume', { virtualmachineid: VM, deviceid: 1 });
    expect(await byDevice.resolver.target()).toMatchObject({ kind: 'virtualmachine', id: vm });
    expect(byDevice.api.calls.map((call) => call.command)).toEqual(['listVirtualMachines']);
  });

  test('attach_volume: the volume, and the VM as its target; resize and snapshot: the volume', async () => {
    const attach = resolverFor('attach_volume', { id: VOL, virtualmachineid: VM }).resolver;
    expect(await attach.resource()).toMatchObject({ kind: 'volume', id: VOL });
    expect(await attach.target()).toMatchObject({ kind: 'virtualmachine', id: vm });
    expect(await resolverFor('resize_volume', { id: VOL, size: 20 }).resolver.resource()).toMatchObject({ kind: 'volume', id: VOL });
    expect(await resolverFor('create_snapshot', { volumeid: VOL }).resolver.resource()).toMatchObject({ kind: 'volume', id: VOL });
  });

  test("migrate's target is the host, or the storage pool; start's target is its host", async () => {
    expect(await resolverFor('migrate_virtual_machine', { virtualmachineid: VM, hostid: HOST }).resolver.target()).toMatchObject({ kind: 'host', id: HOST, fields: { name: 'kvm-1' } });
    const toPool = await resolverFor('migrate_virtual_machine', { virtualmachineid: VM, storageid: POOL }).resolver.target();
    expect(toPool).toMatchObject({ kind: 'storagepool', id: POOL, fields: { name: 'pool-1', storagetags: 'ssd', tags: {} } });
    expect(await resolverFor('start_virtual_machine', { id: VM, hostid: HOST }).resolver.target()).toMatchObject({ kind: 'host', id: HOST });
    // Named by nothing (CloudStack picks the host): undefined, not a missing resource.
    expect(await resolverFor('start_virtual_machine', { id: VM }).resolver.target()).toBeUndefined();
    expect(await resolverFor('deploy_virtual_machine', { serviceofferingid: OFFERING, templateid: OFFERING, zoneid: OFFERING, hostid: HOST }).resolver.target()).toMatchObject({ kind: 'host' });
  });

  test('rules on addresses and groups: the public IP, the VM it maps to, the security group by id or by name', async () => {
    expect(await resolverFor('create_firewall_rule', { ipaddressid: IP, protocol: 'tcp' }).resolver.resource()).toMatchObject({ kind: 'publicipaddress', id: IP, fields: { ipaddress: '198.51.100.7' } });
    const nat = resolverFor('enable_static_nat', { ipaddressid: IP, virtualmachineid: VM }).resolver;
    expect(await nat.resource()).toMatchObject({ kind: 'publicipaddress', id: IP });
    expect(await nat.target()).toMatchObject({ kind: 'virtualmachine', id: vm });
    expect(await resolverFor('create_security_group_rule', { securitygroupid: SG, protocol: 'tcp' }).resolver.resource()).toMatchObject({ kind: 'securitygroup', id: SG });
    const byName = resolverFor('create_security_group_rule', { securitygroupname: 'web', protocol: 'tcp' });
    expect(await byName.resolver.resource()).toMatchObject({ kind: 'securitygroup', id: SG });
    expect(byName.api.calls).toEqual([{ kind: 'list', command: 'listSecurityGroups', params: { securitygroupname: 'web' } }]);
  });
});

describe('tags', () => {
  const tags = [{ key: 'env', value: 'dev' }];
  test('create_tags and delete_tags resolve the one resource they change, by its type', async () => {
    expect(await resolverFor('delete_tags', { resourcetype: 'UserVm', resourceids: VM, tags }).resolver.resource()).toMatchObject({ kind: 'virtualmachine', id: vm, fields: { tags: { env: 'prod' } } });
    expect(await resolverFor('create_tags', { resourcetype: 'Volume', resourceids: [VOL], tags }).resolver.resource()).toMatchObject({ kind: 'volume', id: VOL });
  });

  test('several resources in one call cannot be checked one by one: the lookup fails (the gate refuses)', async () => {
    const { api, resolver } = resolverFor('delete_tags', { resourcetype: 'UserVm', resourceids: [VM, OFFERING], tags });
    await expect(resolver.resource()).rejects.toThrow('the call names 2 virtualmachine resources');
    expect(api.calls).toEqual([]);
  });
});

describe('missing resources, failed reads, the cache', () => {
  test('a VM that does not exist is null, whether CloudStack answers an empty list or 431 entity does not exist', async () => {
    const empty = await resolverFor('stop_virtual_machine', { id: OFFERING }).resolver.resource();
    expect(empty).toBeNull();
    const api = fakeApi({
      listVirtualMachines: () => {
        throw new CloudStackApiError('listVirtualMachines', 431, 431, 4350, 'Unable to execute API command listvirtualmachines due to invalid value. Invalid parameter id value=x due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.');
      },
    });
    expect(await createResolver(api, callOf('stop_virtual_machine', { id: VM }), createResourceCache()).resource()).toBeNull();
  });

  test('a read that fails throws (the gate refuses)', async () => {
    const api = fakeApi({
      listVirtualMachines: () => {
        throw new CloudStackApiError('listVirtualMachines', 530, 530, 4250, 'Internal error');
      },
    });
    await expect(createResolver(api, callOf('stop_virtual_machine', { id: VM }), createResourceCache()).resource()).rejects.toThrow('Internal error');
  });

  test('a second call within the TTL reads nothing; a write on the resource drops its entry', async () => {
    const api = fakeApi(answers as never);
    const cache = createResourceCache();
    const stop = callOf('stop_virtual_machine', { id: VM });
    await createResolver(api, stop, cache).resource();
    await createResolver(api, callOf('reboot_virtual_machine', { id: VM }), cache).resource();
    expect(api.calls).toHaveLength(1);
    cache.invalidate(new Set([vm]));
    await createResolver(api, stop, cache).resource();
    expect(api.calls).toHaveLength(2);
  });

  test("a write on a VM drops its volumes' entries too (named by VM and device)", async () => {
    const api = fakeApi(answers as never);
    const cache = createResourceCache();
    const detach = callOf('detach_volume', { id: VOL });
    await createResolver(api, detach, cache).resource();
    cache.invalidate(new Set([vm]));
    await createResolver(api, detach, cache).resource();
    expect(api.calls).toHaveLength(2);
  });

  test('nothing is read until asked; the refs say what the call names before any read', async () => {
    const { api, resolver } = resolverFor('migrate_virtual_machine', { virtualmachineid: VM, storageid: POOL });
    expect(api.calls).toEqual([]);
    expect(resolver.resourceRef).toEqual({ kind: 'virtualmachine', id: vm });
    expect(resolver.targetRef).toEqual({ kind: 'storagepool', id: POOL });
    expect(resolverFor('detach_volume', { virtualmachineid: VM, deviceid: 1 }).resolver.resourceRef).toBeUndefined();
  });
});

describe('guardrails', () => {
  test("every parameter a tool's resource or target is found by is one of the tool's arguments", () => {
    // A plausible canonical value for each of the tool's own argument names, and nothing else.
    const sample: Record<string, unknown> = { deviceid: 1, resourcetype: 'UserVm', resourceids: ['x'] };
    for (const tool of TOOLS) {
      const entry = commandResources(tool.command);
      const params = Object.fromEntries(Object.keys(tool.input.shape).map((name) => [name, sample[name] ?? 'x']));
      expect(entry.resource?.key(params as never) ?? 'no resource', `${tool.name} (${tool.command})`).toBeDefined();
      // createTemplate's VM (a bare-metal template's source) is CloudStack's, not an argument of create_template.
      if (tool.name !== 'create_template') expect(entry.target?.key(params as never) ?? 'no target', `${tool.name} (${tool.command})`).toBeDefined();
    }
  });

  test('toolFacts name the command, arguments and resource kinds', () => {
    const facts = new Map(toolFacts().map((fact) => [fact.name, fact]));
    expect(facts.get('migrate_virtual_machine')).toMatchObject({ command: 'migrateVirtualMachine', resourceKind: 'virtualmachine', targetKind: 'host', readOnly: false });
    expect(facts.get('migrate_virtual_machine')?.args).toEqual(expect.arrayContaining(['virtualmachineid', 'hostid', 'storageid', 'autoselect', 'confirm']));
    expect(facts.get('detach_volume')).toMatchObject({ resourceKind: 'volume' });
    expect(facts.get('list_zones')).toMatchObject({ command: 'listZones', readOnly: true });
    expect(facts.get('list_zones')?.resourceKind).toBeUndefined();
  });
});

describe('resources through what the call names, and what cannot be known', () => {
  const SNAP = '71111111-2222-4333-8444-555555555555';
  const RULE = '81111111-2222-4333-8444-555555555555';
  const owners = {
    ...answers,
    listVMSnapshot: (params: Record<string, unknown>) => ({ count: 1, items: params.vmsnapshotid === SNAP ? [{ id: SNAP.toUpperCase(), virtualmachineid: VM, displayname: 'before-upgrade' }] : [] }),
    listPortForwardingRules: { count: 1, items: [{ id: RULE, ipaddressid: IP, virtualmachineid: VM }] },
    listSecurityGroups: { count: 2, items: [{ id: OFFERING, name: 'other', ingressrule: [] }, { id: SG, name: 'web', ingressrule: [{ ruleid: RULE.toUpperCase(), protocol: 'tcp' }] }] },
  };
  const generic = (command: string, params: Record<string, unknown>) => {
    const api = fakeApi(owners as never);
    return { api, resolver: createResolver(api, { command, params: params as never }, createResourceCache()) };
  };

  test.each(['deleteVMSnapshot', 'revertToVMSnapshot'])('%s resolves the VM its VM snapshot belongs to (one listVMSnapshot, one listVirtualMachines)', async (command) => {
    const { api, resolver } = generic(command, { vmsnapshotid: SNAP });
    expect(await resolver.resource()).toMatchObject({ kind: 'virtualmachine', id: vm, fields: { name: 'web-01', tags: { env: 'prod' } } });
    expect(api.calls).toEqual([
      { kind: 'list', command: 'listVMSnapshot', params: { listall: true, vmsnapshotid: SNAP } },
      { kind: 'list', command: 'listVirtualMachines', params: { listall: true, id: vm } },
    ]);
    expect(resolver.touchedIds()).toEqual(new Set([SNAP, vm]));
  });

  test('a VM snapshot that does not exist is a missing resource (null)', async () => {
    expect(await generic('deleteVMSnapshot', { vmsnapshotid: OFFERING }).resolver.resource()).toBeNull();
  });

  test("a port-forwarding rule's public IP and VM; a security group rule's group", async () => {
    const forwarding = generic('deletePortForwardingRule', { id: RULE }).resolver;
    expect(await forwarding.resource()).toMatchObject({ kind: 'publicipaddress', id: IP });
    expect(await forwarding.target()).toMatchObject({ kind: 'virtualmachine', id: vm });
    expect(await generic('revokeSecurityGroupIngress', { id: RULE }).resolver.resource()).toMatchObject({ kind: 'securitygroup', id: SG, fields: { name: 'web' } });
  });

  test('a command the policy has no lookup for says so, for resource and target alike, and reads nothing', () => {
    const { api, resolver } = generic('restoreBackup', { id: RULE });
    expect(resolver.unknown).toEqual({ resource: 'the policy cannot look up what restoreBackup acts on', target: 'the policy cannot look up what restoreBackup acts on' });
    expect(api.calls).toEqual([]);
    expect(hasResources('restoreBackup')).toBe(true);
    expect(hasResources('createNetwork')).toBe(false);
  });

  test('a tag on a resource type the policy does not look up leaves the resource unknown, in its words', () => {
    expect(generic('deleteTags', { resourcetype: 'LoadBalancer', resourceids: [RULE] }).resolver.unknown).toEqual({
      resource: expect.stringMatching(/^resource type LoadBalancer is none the policy looks up \(it looks up UserVm, /),
    });
    expect(generic('deleteTags', { resourcetype: 'uservm', resourceids: [VM] }).resolver.unknown).toBeUndefined();
    // A backup schedule named by its own id only: the VM it belongs to cannot be known.
    expect(generic('deleteBackupSchedule', { id: RULE }).resolver.unknown?.resource).toMatch(/names its virtualmachine by no parameter the policy reads/);
  });
});

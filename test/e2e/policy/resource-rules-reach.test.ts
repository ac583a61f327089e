/**
 * `deny_if resource.tags.env eq prod` on all_tools (policy.example.json) reaches every way of acting on the
 * production VM web-01: a resource type in another letter case, a volume created onto it, its VM snapshots, the
 * commands only call_cloudstack_api sends, and — fail closed — a command whose resource the policy cannot look
 * up. An SDK client → the real server → the real gate → the simulator over 127.0.0.1; the simulator's request log
 * shows that a refused call sent nothing that changes state (only the reads that resolved its resource).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { isReadCommand } from '../../../src/cloudstack/catalog.js';
import { silentLogger } from '../../../src/logger.js';
import { createPolicyGateFromValue, type AuditRecord } from '../../../src/policy/index.js';
import { toolFacts } from '../../../src/tools/index.js';
import { REPO } from '../../helpers/cli.js';
import { startHarness, textOf, type Harness } from '../../helpers/harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The shipped policy, with the generic tool allowed these commands and revert without an operator (the prod rule alone decides). */
function examplePolicy(): Record<string, any> {
  const policy = JSON.parse(readFileSync(join(REPO, 'policy.example.json'), 'utf8'));
  policy.commands = { deleteTags: {}, unmanageVirtualMachine: {}, updateVMAffinityGroup: {}, restoreBackup: {} };
  policy.tools.revert_to_vm_snapshot = {};
  return policy;
}

async function harness(audit: AuditRecord[] = []): Promise<Harness> {
  const gate = createPolicyGateFromValue(examplePolicy(), { tools: toolFacts(), logger: silentLogger, audit: { write: (record) => audit.push(record) } });
  const h = await startHarness({ policy: gate });
  cleanups.push(() => gate.close(), () => h.close());
  return h;
}

type Structured = { policy?: { decision: string; rule: string } };
const call = async (h: Harness, name: string, args: Record<string, unknown>) => {
  const result = (await h.client.callTool({ name, arguments: args })) as CallToolResult;
  return { result, text: textOf(result), policy: (result.structuredContent as Structured | undefined)?.policy };
};
const generic = (h: Harness, command: string, params: Record<string, unknown>) => call(h, 'call_cloudstack_api', { command, params });
const vmId = (h: Harness, name: string) => h.simulator.world.vms.find((vm) => vm.name === name)!.id;
/** Requests that change something: everything but reads (the resolver's lookups, job polls). */
const changesSent = (h: Harness) => h.simulator.requests.map((request) => request.command ?? '(none)').filter((command) => !isReadCommand(command));

/** Refused by the policy under `rule` as `decision`, and nothing that changes state reached CloudStack. */
async function expectRefused(h: Harness, attempt: () => ReturnType<typeof call>, rule: string, decision: string) {
  h.simulator.clearRequests();
  const { result, text, policy } = await attempt();
  expect(result.isError, text).toBe(true);
  expect(text).toMatch(/^\[POLICY DENIED\]/);
  expect(policy).toMatchObject({ decision, rule });
  expect(changesSent(h)).toEqual([]);
  return text;
}

async function expectSent(h: Harness, attempt: () => ReturnType<typeof call>, command: string) {
  h.simulator.clearRequests();
  const { result, text } = await attempt();
  expect(result.isError, text).toBeFalsy();
  expect(changesSent(h)).toEqual([command]);
}

describe('a resource type in another letter case is the same resource', () => {
  it.each(['uservm', 'USERVM', 'UserVm'])('deleteTags resourcetype=%s on web-01 is refused; its env=prod tag stays and web-01 stays protected', async (resourcetype) => {
    const audit: AuditRecord[] = [];
    const h = await harness(audit);
    const web01 = vmId(h, 'web-01');
    const text = await expectRefused(h, () => generic(h, 'deleteTags', { resourcetype, resourceids: [web01], tags: [{ key: 'env' }] }), '/all_tools/deny_if/2', 'resource_rule');
    expect(text).toContain('web-01');
    expect(h.simulator.world.tags.filter((tag) => tag.resourceid === web01).map((tag) => `${tag.key}=${tag.value}`)).toContain('env=prod');
    expect(audit.find((record) => record.event === 'deny' && record.command === 'deleteTags')).toMatchObject({ resource: { kind: 'virtualmachine', name: 'web-01' } });
    await expectRefused(h, () => call(h, 'stop_virtual_machine', { id: web01 }), '/all_tools/deny_if/2', 'resource_rule');
  });

  it('the same call on an untagged VM passes and is sent once', async () => {
    const h = await harness();
    await expectSent(h, () => generic(h, 'deleteTags', { resourcetype: 'uservm', resourceids: [vmId(h, 'dev-01')], tags: [{ key: 'env' }] }), 'deleteTags');
  });

  it('a resource type the policy does not look up is refused (fail closed), saying so', async () => {
    const h = await harness();
    const rule = h.simulator.world.loadBalancerRules[0] ?? h.simulator.world.portForwardingRules[0]!;
    const text = await expectRefused(h, () => generic(h, 'deleteTags', { resourcetype: 'LoadBalancer', resourceids: [rule.id], tags: [{ key: 'env' }] }), '/all_tools/deny_if/2', 'lookup_failed');
    expect(text).toContain('resource type LoadBalancer is none the policy looks up');
  });
});

describe('what acts on web-01 without naming it as the resource', () => {
  it('create_volume attached to web-01 is refused by the target rule; detached, it passes', async () => {
    const h = await harness();
    const web01 = h.simulator.world.vms.find((vm) => vm.name === 'web-01')!;
    const diskofferingid = h.simulator.world.diskOfferings.find((offering) => !offering.iscustomized)!.id;
    const text = await expectRefused(h, () => call(h, 'create_volume', { name: 'x1', zoneid: web01.zoneid, diskofferingid, virtualmachineid: web01.id }), '/all_tools/deny_if/3', 'resource_rule');
    expect(text).toMatch(/^\[POLICY DENIED\] target\.tags\.env \(virtualmachine web-01/);
    await expectSent(h, () => call(h, 'create_volume', { name: 'x2', zoneid: web01.zoneid, diskofferingid }), 'createVolume');
  });

  it("delete_vm_snapshot and revert_to_vm_snapshot of web-01's snapshot are refused; web-02's snapshot is deleted", async () => {
    const h = await harness();
    const created = await h.api.callAsync('createVMSnapshot', { virtualmachineid: vmId(h, 'web-01') });
    const snapshot = (created.result.vmsnapshot as { id: string }).id;
    for (const tool of ['delete_vm_snapshot', 'revert_to_vm_snapshot']) {
      const text = await expectRefused(h, () => call(h, tool, { vmsnapshotid: snapshot.toUpperCase() }), '/all_tools/deny_if/2', 'resource_rule');
      expect(text, tool).toContain('web-01');
    }
    expect(h.simulator.world.vmSnapshots.find((candidate) => candidate.id === snapshot)?.state).toBe('Ready');
    const seeded = h.simulator.world.vmSnapshots.find((candidate) => candidate.virtualmachineid === vmId(h, 'web-02'))!;
    await expectSent(h, () => call(h, 'delete_vm_snapshot', { vmsnapshotid: seeded.id }), 'deleteVMSnapshot');
  });

  it('a VM snapshot that does not exist is refused before anything is sent', async () => {
    const h = await harness();
    await expectRefused(h, () => call(h, 'delete_vm_snapshot', { vmsnapshotid: '0e0e0e0e-1111-4222-8333-444444444444' }), '/all_tools/deny_if/2', 'not_found');
  });
});

describe('commands only call_cloudstack_api sends', () => {
  it.each<[string, (web01: string) => Record<string, unknown>]>([
    ['unmanageVirtualMachine', (web01) => ({ id: web01 })],
    ['updateVMAffinityGroup', (web01) => ({ id: web01, affinitygroupnames: ['web-anti-affinity'] })],
  ])('%s on web-01 is resolved to web-01 and refused', async (command, params) => {
    const h = await harness();
    const text = await expectRefused(h, () => generic(h, command, params(vmId(h, 'web-01'))), '/all_tools/deny_if/2', 'resource_rule');
    expect(text).toContain('web-01');
  });

  it('a command whose resource the policy cannot look up (restoreBackup) is refused under the prod rule, naming it and why', async () => {
    const audit: AuditRecord[] = [];
    const h = await harness(audit);
    const text = await expectRefused(h, () => generic(h, 'restoreBackup', { id: '0e0e0e0e-1111-4222-8333-444444444444' }), '/all_tools/deny_if/2', 'lookup_failed');
    expect(text).toContain('cannot check the policy\'s rule /all_tools/deny_if/2 (resource.tags.env eq "prod") on restoreBackup: the policy cannot look up what restoreBackup acts on');
    expect(h.simulator.requests).toEqual([]);
    expect(audit.filter((record) => record.command === 'restoreBackup').map((record) => [record.event, record.refusal])).toEqual([['deny', 'lookup_failed']]);
  });
});

describe("the shipped policy's rule deletes are judged on what each rule belongs to", () => {
  it('delete_port_forwarding_rule: forwarding to the dev VM app-03 is sent once; forwarding to web-01 is refused by the target rule', async () => {
    const h = await harness();
    const [rule] = h.simulator.world.portForwardingRules;
    const toWeb01 = { ...rule!, id: '0f0f0f0f-1111-4222-8333-444444444444', virtualmachineid: vmId(h, 'web-01'), publicport: 2200, publicendport: 2200 };
    h.simulator.world.portForwardingRules.push(toWeb01);
    const text = await expectRefused(h, () => call(h, 'delete_port_forwarding_rule', { id: toWeb01.id }), '/all_tools/deny_if/3', 'resource_rule');
    expect(text).toContain('web-01');
    await expectSent(h, () => call(h, 'delete_port_forwarding_rule', { id: rule!.id }), 'deletePortForwardingRule');
  });

  it('delete_egress_firewall_rule (its network) and revoke_security_group_rule (its group) pass and are sent once', async () => {
    const h = await harness();
    await expectSent(h, () => call(h, 'delete_egress_firewall_rule', { id: h.simulator.world.egressRules[0]!.id }), 'deleteEgressFirewallRule');
    const group = h.simulator.world.securityGroups[0]!;
    const authorized = await h.api.callAsync('authorizeSecurityGroupIngress', { securitygroupid: group.id, protocol: 'tcp', startport: 22, endport: 22, cidrlist: '203.0.113.0/24' });
    const ruleid = ((authorized.result.securitygroup as { ingressrule: { ruleid: string }[] }).ingressrule.at(-1))!.ruleid;
    await expectSent(h, () => call(h, 'revoke_security_group_rule', { id: ruleid }), 'revokeSecurityGroupIngress');
  });
});

describe("changes to a VM's disk that name only the volume are judged on the VM it is attached to", () => {
  const rootOf = (h: Harness, name: string) => h.simulator.world.volumes.find((volume) => volume.virtualmachineid === vmId(h, name) && volume.type === 'ROOT')!;
  const unattached = (h: Harness) => h.simulator.world.volumes.find((volume) => volume.name === 'ops-scratch' && !volume.virtualmachineid)!;

  it("resize_volume of web-01's root disk is refused by the target rule; dev-01's root disk and an unattached disk are resized, each sent once", async () => {
    const h = await harness();
    const root = rootOf(h, 'web-01');
    const size = root.size;
    const text = await expectRefused(h, () => call(h, 'resize_volume', { id: root.id, size: 40 }), '/all_tools/deny_if/3', 'resource_rule');
    expect(text).toMatch(/^\[POLICY DENIED\] target\.tags\.env \(virtualmachine web-01/);
    expect(h.simulator.world.volumes.find((volume) => volume.id === root.id)!.size).toBe(size);
    await expectSent(h, () => call(h, 'resize_volume', { id: rootOf(h, 'dev-01').id, size: 40 }), 'resizeVolume');
    await expectSent(h, () => call(h, 'resize_volume', { id: unattached(h).id, size: 10 }), 'resizeVolume');
  });

  it("create_snapshot of web-01's root disk is refused by the target rule; of dev-01's root disk and of an unattached disk it is sent once", async () => {
    const h = await harness();
    const root = rootOf(h, 'web-01');
    const snapshots = h.simulator.world.snapshots.length;
    const text = await expectRefused(h, () => call(h, 'create_snapshot', { volumeid: root.id }), '/all_tools/deny_if/3', 'resource_rule');
    expect(text).toContain('web-01');
    expect(h.simulator.world.snapshots.length).toBe(snapshots);
    await expectSent(h, () => call(h, 'create_snapshot', { volumeid: rootOf(h, 'dev-01').id }), 'createSnapshot');
    await expectSent(h, () => call(h, 'create_snapshot', { volumeid: unattached(h).id }), 'createSnapshot');
  });
});

describe('a firewall rule is judged on the public IP it belongs to, as creating it is', () => {
  it('delete_firewall_rule of a rule on an env=prod public IP is refused (the rule stays); a rule on an untagged IP is deleted, sent once', async () => {
    const h = await harness();
    const world = h.simulator.world;
    const [onProd] = world.firewallRules;
    const ip = world.publicIps.find((candidate) => candidate.id === onProd!.ipaddressid)!;
    world.tags.push({ key: 'env', value: 'prod', resourcetype: 'PublicIpAddress', resourceid: ip.id, accountid: ip.accountid, domainid: ip.domainid });
    await expectRefused(h, () => call(h, 'create_firewall_rule', { ipaddressid: ip.id, protocol: 'tcp', startport: 8443, endport: 8443, cidrlist: ['203.0.113.0/24'] }), '/all_tools/deny_if/2', 'resource_rule');
    const text = await expectRefused(h, () => call(h, 'delete_firewall_rule', { id: onProd!.id }), '/all_tools/deny_if/2', 'resource_rule');
    expect(text).toContain(`resource.tags.env (publicipaddress ${ip.id})`);
    expect(world.firewallRules.some((rule) => rule.id === onProd!.id)).toBe(true);
    const onUntagged = world.firewallRules.find((rule) => rule.ipaddressid !== ip.id)!;
    await expectSent(h, () => call(h, 'delete_firewall_rule', { id: onUntagged.id }), 'deleteFirewallRule');
    expect(world.firewallRules.some((rule) => rule.id === onUntagged.id)).toBe(false);
  });
});

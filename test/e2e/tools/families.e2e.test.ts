/**
 * Issue 12's journeys, one per family, through the SDK client and the real server against the simulator: every id
 * is found with the tools themselves (as an agent would), and each step is checked on the tool's result and on
 * what the simulator received.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../../helpers/harness.js';
import { callFails, callOk, type Structured } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const sent = (command: string) => h.simulator.requests.filter((request) => request.command === command);
const ids = (data: Structured) => (data.items as { id: string }[]).map((item) => item.id);
async function findOne(tool: string, args: Record<string, unknown>, match: (item: Structured) => boolean): Promise<Structured> {
  const { data } = await callOk(h.client, tool, { pagesize: 500, ...args });
  const item = (data.items as Structured[]).find(match);
  if (!item) throw new Error(`${tool} found nothing matching`);
  return item;
}
const vmNamed = (name: string) => findOne('list_virtual_machines', { name, listall: true }, (vm) => vm.name === name);
const zoneNamed = (name: string) => findOne('list_zones', {}, (zone) => zone.name === name);

describe('volumes: find a disk offering, create, attach, detach, delete', () => {
  test('the volume is gone at the end and each step reached CloudStack once', async () => {
    const offering = await findOne('list_disk_offerings', {}, (item) => item.iscustomized === false);
    const zone = await zoneNamed('zone-adv-1');
    const created = await callOk(h.client, 'create_volume', { name: 'journey-data', zoneid: zone.id, diskofferingid: offering.id });
    const volumeId = created.data.volume.id as string;
    const web01 = await vmNamed('web-01');
    await callOk(h.client, 'attach_volume', { id: volumeId, virtualmachineid: web01.id });
    expect((await callOk(h.client, 'list_volumes', { id: volumeId })).data.items[0]).toMatchObject({ virtualmachineid: web01.id });
    await callOk(h.client, 'detach_volume', { id: volumeId });
    const deleted = await callOk(h.client, 'delete_volume', { id: volumeId });
    expect(deleted.data).toMatchObject({ success: true });
    expect(ids((await callOk(h.client, 'list_volumes', { listall: true, pagesize: 500 })).data)).not.toContain(volumeId);
    expect(sent('deleteVolume').map((request) => request.params.id)).toEqual([volumeId]);
  });
});

describe('port forwarding: acquire an IP, forward, list, delete, release', () => {
  test('the rule and the address are gone at the end', async () => {
    const network = await findOne('list_networks', { listall: true }, (item) => item.name === 'admin-net');
    const acquired = await callOk(h.client, 'associate_ip_address', { networkid: network.id });
    const ipId = acquired.data.ipaddress.id as string;
    const web01 = await vmNamed('web-01');
    const rule = await callOk(h.client, 'create_port_forwarding_rule', {
      ipaddressid: ipId, virtualmachineid: web01.id, protocol: 'tcp', publicport: 2222, privateport: 22,
    });
    const ruleId = rule.data.portforwardingrule.id as string;
    expect(rule.data.portforwardingrule).toMatchObject({ ipaddressid: ipId, virtualmachineid: web01.id, publicport: '2222', privateport: '22' });
    const listed = await callOk(h.client, 'list_port_forwarding_rules', { ipaddressid: ipId });
    expect(ids(listed.data)).toEqual([ruleId]);
    expect(listed.text).toContain('2222');
    await callOk(h.client, 'delete_port_forwarding_rule', { id: ruleId });
    expect(ids((await callOk(h.client, 'list_port_forwarding_rules', { ipaddressid: ipId })).data)).toEqual([]);
    await callOk(h.client, 'disassociate_ip_address', { id: ipId });
    expect(ids((await callOk(h.client, 'list_public_ip_addresses', { listall: true, pagesize: 500 })).data)).not.toContain(ipId);
  });
});

describe('load balancer: create a rule, assign two VMs, remove one, delete it', () => {
  test('membership follows each step', async () => {
    const network = await findOne('list_networks', { listall: true }, (item) => item.name === 'admin-net');
    const ip = await callOk(h.client, 'associate_ip_address', { networkid: network.id });
    const publicipid = ip.data.ipaddress.id as string;
    const rule = await callOk(h.client, 'create_load_balancer_rule', {
      name: 'journey-lb', publicipid, algorithm: 'roundrobin', publicport: 80, privateport: 8080, networkid: network.id,
    });
    const ruleId = rule.data.loadbalancer.id as string;
    const [web01, web02] = [await vmNamed('web-01'), await vmNamed('web-02')];
    await callOk(h.client, 'assign_to_load_balancer_rule', { id: ruleId, virtualmachineids: [web01.id, web02.id] });
    expect(ids((await callOk(h.client, 'list_load_balancer_rules', { virtualmachineid: web02.id })).data)).toContain(ruleId);
    await callOk(h.client, 'remove_from_load_balancer_rule', { id: ruleId, virtualmachineids: [web02.id] });
    expect(ids((await callOk(h.client, 'list_load_balancer_rules', { virtualmachineid: web02.id })).data)).not.toContain(ruleId);
    expect(ids((await callOk(h.client, 'list_load_balancer_rules', { virtualmachineid: web01.id })).data)).toContain(ruleId);
    await callOk(h.client, 'delete_load_balancer_rule', { id: ruleId });
    expect(ids((await callOk(h.client, 'list_load_balancer_rules', { listall: true })).data)).not.toContain(ruleId);
    expect(sent('assignToLoadBalancerRule')[0]?.params.virtualmachineids).toBe(`${web01.id},${web02.id}`);
  });
});

describe('VPC: create and delete', () => {
  test('from a listed offering and zone', async () => {
    const offering = await findOne('list_vpc_offerings', {}, (item) => item.isdefault === true);
    const zone = await zoneNamed('zone-adv-1');
    const created = await callOk(h.client, 'create_vpc', { name: 'journey-vpc', displaytext: 'journey', cidr: '10.60.0.0/16', vpcofferingid: offering.id, zoneid: zone.id });
    const vpcId = created.data.vpc.id as string;
    expect(created.data.vpc).toMatchObject({ name: 'journey-vpc', cidr: '10.60.0.0/16' });
    expect(ids((await callOk(h.client, 'list_vpcs', { name: 'journey-vpc' })).data)).toEqual([vpcId]);
    await callOk(h.client, 'delete_vpc', { id: vpcId });
    expect(ids((await callOk(h.client, 'list_vpcs', { name: 'journey-vpc' })).data)).toEqual([]);
  });
});

describe('tags: tag a VM and find it by its tag', () => {
  test('list_tags finds the tag; list_virtual_machines shows it', async () => {
    const db01 = await vmNamed('db-01');
    await callOk(h.client, 'create_tags', { resourcetype: 'UserVm', resourceids: [db01.id], tags: [{ key: 'journey', value: 'tagged' }] });
    const tags = await callOk(h.client, 'list_tags', { key: 'journey', value: 'tagged', listall: true });
    expect(tags.data.items).toEqual([expect.objectContaining({ resourceid: db01.id, resourcetype: 'UserVm', key: 'journey', value: 'tagged' })]);
    expect(sent('createTags')[0]?.params).toMatchObject({ 'tags[0].key': 'journey', 'tags[0].value': 'tagged' });
    const vm = await vmNamed('db-01');
    expect(vm.tags).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'journey', value: 'tagged' })]));
    await callOk(h.client, 'delete_tags', { resourcetype: 'UserVm', resourceids: [db01.id], tags: [{ key: 'journey' }] });
    expect((await callOk(h.client, 'list_tags', { key: 'journey', listall: true })).data.items).toEqual([]);
  });
});

describe('VM snapshots: snapshot, revert, delete', () => {
  test('on a stopped VM (disk only)', async () => {
    const db01 = await vmNamed('db-01');
    const created = await callOk(h.client, 'create_vm_snapshot', { virtualmachineid: db01.id, name: 'journey-snap' });
    const snapshotId = created.data.vmsnapshot.id as string;
    expect((await callOk(h.client, 'list_vm_snapshots', { virtualmachineid: db01.id })).data.items.map((item: Structured) => item.id)).toContain(snapshotId);
    const reverted = await callOk(h.client, 'revert_to_vm_snapshot', { vmsnapshotid: snapshotId });
    expect(reverted.data.virtualmachine).toMatchObject({ id: db01.id });
    await callOk(h.client, 'delete_vm_snapshot', { vmsnapshotid: snapshotId });
    expect((await callOk(h.client, 'list_vm_snapshots', { virtualmachineid: db01.id })).data.items.map((item: Structured) => item.id)).not.toContain(snapshotId);
  });
});

describe('recovery: destroy a VM (not expunged) and recover it', () => {
  test('it comes back Stopped; a second recover is CloudStack\'s error, not a crash', async () => {
    const app02 = await vmNamed('app-02');
    const destroyed = await callOk(h.client, 'destroy_virtual_machine', { id: app02.id });
    expect(destroyed.data.virtualmachine).toMatchObject({ id: app02.id, state: 'Destroyed' });
    const recovered = await callOk(h.client, 'recover_virtual_machine', { id: app02.id });
    expect(recovered.data.virtualmachine).toMatchObject({ id: app02.id, state: 'Stopped' });
    expect(recovered.text).toMatch(/^Virtual machine app-02 .*state Stopped/);
    const again = await callFails(h.client, 'recover_virtual_machine', { id: app02.id });
    expect(again.data.error).toBeDefined();
  });
});

describe('the other families, each created and undone', () => {
  test('egress rule on a network: create, list, delete', async () => {
    const network = await findOne('list_networks', { listall: true }, (item) => item.name === 'admin-net');
    const created = await callOk(h.client, 'create_egress_firewall_rule', { networkid: network.id, protocol: 'tcp', startport: 443, endport: 443, destcidrlist: ['198.51.100.0/24'] });
    const ruleId = created.data.firewallrule.id as string;
    expect(ids((await callOk(h.client, 'list_egress_firewall_rules', { networkid: network.id })).data)).toContain(ruleId);
    await callOk(h.client, 'delete_egress_firewall_rule', { id: ruleId });
    expect(ids((await callOk(h.client, 'list_egress_firewall_rules', { networkid: network.id })).data)).not.toContain(ruleId);
  });

  test('static NAT and a firewall rule on an acquired IP, undone one by one', async () => {
    const network = await findOne('list_networks', { listall: true }, (item) => item.name === 'admin-net');
    const ipId = (await callOk(h.client, 'associate_ip_address', { networkid: network.id })).data.ipaddress.id as string;
    const web02 = await vmNamed('web-02');
    await callOk(h.client, 'enable_static_nat', { ipaddressid: ipId, virtualmachineid: web02.id });
    const rule = await callOk(h.client, 'create_firewall_rule', { ipaddressid: ipId, protocol: 'tcp', startport: 443, cidrlist: ['203.0.113.0/24'] });
    const ruleId = rule.data.firewallrule.id as string;
    expect(ids((await callOk(h.client, 'list_firewall_rules', { ipaddressid: ipId })).data)).toEqual([ruleId]);
    await callOk(h.client, 'delete_firewall_rule', { id: ruleId });
    await callOk(h.client, 'disable_static_nat', { ipaddressid: ipId });
    expect((await callOk(h.client, 'list_public_ip_addresses', { id: ipId })).data.items[0]).toMatchObject({ isstaticnat: false });
    await callOk(h.client, 'disassociate_ip_address', { id: ipId });
  });

  test('an SSH public key registered, listed and deleted; no private key anywhere', async () => {
    const publickey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMv1nQ2yZ0b8xJ4Jr2yQm6d9t1bZQkqkQ3m0s9r7f5dE journey@example';
    const registered = await callOk(h.client, 'register_ssh_key_pair', { name: 'journey-key', publickey });
    expect(registered.data.keypair).toMatchObject({ name: 'journey-key' });
    expect(JSON.stringify(registered)).not.toMatch(/privatekey/i);
    expect((await callOk(h.client, 'list_ssh_key_pairs', { name: 'journey-key' })).data.items).toHaveLength(1);
    await callOk(h.client, 'delete_ssh_key_pair', { name: 'journey-key' });
    expect((await callOk(h.client, 'list_ssh_key_pairs', { name: 'journey-key' })).data.items).toHaveLength(0);
  });

  test('a template from a volume snapshot, found by its OS type, then deleted; an ISO attached and detached', async () => {
    const osType = (await callOk(h.client, 'list_os_types', { pagesize: 500 })).data.items[0] as Structured;
    const root = await findOne('list_volumes', { listall: true, type: 'ROOT' }, (volume) => volume.vmname === 'db-01');
    const snapshot = await callOk(h.client, 'create_snapshot', { volumeid: root.id, name: 'journey-root' });
    const template = await callOk(h.client, 'create_template', {
      name: 'journey-tpl', displaytext: 'journey', ostypeid: osType.id, snapshotid: snapshot.data.snapshot.id,
    });
    const templateId = template.data.template.id as string;
    expect(template.data.template).toMatchObject({ name: 'journey-tpl' });
    await callOk(h.client, 'delete_template', { id: templateId });
    await callOk(h.client, 'delete_snapshot', { id: snapshot.data.snapshot.id });

    const iso = (await callOk(h.client, 'list_isos', { isofilter: 'executable', isready: true })).data.items[0] as Structured;
    const db01 = await vmNamed('db-01');
    const attached = await callOk(h.client, 'attach_iso', { id: iso.id, virtualmachineid: db01.id });
    expect(attached.data.virtualmachine).toMatchObject({ id: db01.id, isoid: iso.id });
    const detached = await callOk(h.client, 'detach_iso', { virtualmachineid: db01.id });
    expect(detached.data.virtualmachine.isoid).toBeUndefined();
  });
});

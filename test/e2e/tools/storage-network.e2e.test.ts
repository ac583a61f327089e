import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../../helpers/harness.js';
import { callOk, named } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
const world = () => h.simulator.world;

describe('storage tools against the simulator', () => {
  test('create_volume, then it appears in list_volumes; attach, resize, detach change it', async () => {
    const zone = named(world().zones, 'zone-adv-1');
    const offering = world().diskOfferings.find((candidate) => !candidate.iscustomized)!;
    const { data } = await callOk(h.client, 'create_volume', { name: 'e2e-data', zoneid: zone.id, diskofferingid: offering.id });
    const volumeId = data.volume.id as string;
    const listed = await callOk(h.client, 'list_volumes', { name: 'e2e-data', listall: true });
    expect(listed.data.items.map((item: { id: string }) => item.id)).toContain(volumeId);

    const web01 = named(world().vms, 'web-01');
    await callOk(h.client, 'attach_volume', { id: volumeId, virtualmachineid: web01.id });
    const volume = () => world().volumes.find((candidate) => candidate.id === volumeId)!;
    expect(volume().virtualmachineid).toBe(web01.id);

    const bigger = volume().size / 1024 ** 3 + 10;
    await callOk(h.client, 'resize_volume', { id: volumeId, size: bigger });
    expect(volume().size).toBe(bigger * 1024 ** 3);

    await callOk(h.client, 'detach_volume', { id: volumeId });
    expect(volume().virtualmachineid).toBeUndefined();
  });

  test('create_snapshot, then it appears in list_snapshots', async () => {
    const root = world().volumes.find((volume) => volume.type === 'ROOT' && volume.state === 'Ready')!;
    const { data } = await callOk(h.client, 'create_snapshot', { volumeid: root.id, name: 'e2e-snap' });
    expect(world().snapshots.map((snapshot) => snapshot.id)).toContain(data.snapshot.id);
    const listed = await callOk(h.client, 'list_snapshots', { volumeid: root.id, listall: true });
    expect(listed.data.items.map((item: { id: string }) => item.id)).toContain(data.snapshot.id);
  });
});

describe('network tools against the simulator', () => {
  test('create_network, then it appears in list_networks', async () => {
    const zone = named(world().zones, 'zone-adv-1');
    const offering = world().networkOfferings.find((candidate) => candidate.guestiptype === 'Isolated')!;
    const { data } = await callOk(h.client, 'create_network', { name: 'e2e-net', displaytext: 'e2e', networkofferingid: offering.id, zoneid: zone.id });
    expect(world().networks.map((network) => network.id)).toContain(data.network.id);
    const listed = await callOk(h.client, 'list_networks', { zoneid: zone.id, type: 'Isolated' });
    expect(listed.data.items.map((item: { name: string }) => item.name)).toContain('e2e-net');
  });

  test('associate_ip_address, enable_static_nat and create_firewall_rule build up public access', async () => {
    const adminNet = named(world().networks, 'admin-net');
    const { data } = await callOk(h.client, 'associate_ip_address', { networkid: adminNet.id });
    const ipId = data.ipaddress.id as string;
    const listed = await callOk(h.client, 'list_public_ip_addresses', { associatednetworkid: adminNet.id });
    expect(listed.data.items.map((item: { id: string }) => item.id)).toContain(ipId);

    const web02 = named(world().vms, 'web-02');
    await callOk(h.client, 'enable_static_nat', { ipaddressid: ipId, virtualmachineid: web02.id });
    expect(world().publicIps.find((ip) => ip.id === ipId)?.virtualmachineid).toBe(web02.id);

    const rule = await callOk(h.client, 'create_firewall_rule', { ipaddressid: ipId, protocol: 'tcp', startport: 8080, endport: 8081, cidrlist: ['203.0.113.0/24'] });
    const stored = world().firewallRules.find((candidate) => candidate.id === rule.data.firewallrule.id);
    expect(stored).toMatchObject({ ipaddressid: ipId, startport: 8080, endport: 8081, cidrlist: '203.0.113.0/24' });
  });

  test('list_load_balancer_rules shows the seeded rule', async () => {
    const { data } = await callOk(h.client, 'list_load_balancer_rules', {});
    expect(data.items.map((item: { name: string }) => item.name)).toContain('web-lb');
  });
});

import { describe, expect, it } from 'vitest';
import { simulatorPerTest } from '../helpers/simulator.js';
import { call, runJob } from './helpers.js';

/** Port forwarding, load balancer rules and members, VPCs and egress rules, over HTTP as a CloudStack client sends them. */
describe('network families', () => {
  const sim = simulatorPerTest({ jobMs: 0 });
  const vm = (name: string) => sim.world.vms.find((v) => v.name === name)!;
  const net = (name: string) => sim.world.networks.find((n) => n.name === name)!;
  const job = (command: string, params: Record<string, string>, as: 'admin' | 'user' = 'admin') => runJob(sim, command, params, as);

  it('acquires an IP, forwards a port to a VM (opening the firewall), lists it, deletes it, releases the IP', async () => {
    const ip = (await job('associateIpAddress', { networkid: net('ops-net').id }, 'user')).jobresult.ipaddress;
    const created = await job('createPortForwardingRule', { ipaddressid: ip.id, protocol: 'tcp', publicport: '8080', privateport: '80', virtualmachineid: vm('app-01').id }, 'user');
    expect(created.jobresult.portforwardingrule).toMatchObject({
      ipaddressid: ip.id, ipaddress: ip.ipaddress, protocol: 'tcp', publicport: '8080', publicendport: '8080', privateport: '80',
      virtualmachineid: vm('app-01').id, virtualmachinename: 'app-01', vmguestip: vm('app-01').nics[0]!.ipaddress, state: 'Active', tags: [],
    });
    const ruleId = created.jobresult.portforwardingrule.id;
    const nat = await call(sim, 'enableStaticNat', { ipaddressid: ip.id, virtualmachineid: vm('app-03').id }, { as: 'user' });
    expect(nat).toMatchObject({ status: 537, inner: { cserrorcode: 4360 } });
    const listed = await call(sim, 'listPortForwardingRules', { ipaddressid: ip.id }, { as: 'user' });
    expect(listed.inner).toMatchObject({ count: 1, portforwardingrule: [{ id: ruleId }] });
    const firewall = await call(sim, 'listFirewallRules', { ipaddressid: ip.id }, { as: 'user' });
    expect(firewall.inner.firewallrule).toMatchObject([{ protocol: 'tcp', startport: 8080, endport: 8080, traffictype: 'Ingress' }]);
    const conflict = await job('createPortForwardingRule', { ipaddressid: ip.id, protocol: 'tcp', publicport: '8080', privateport: '81', virtualmachineid: vm('app-03').id }, 'user');
    expect(conflict).toMatchObject({ jobstatus: 2, jobresultcode: 537 });
    expect((await job('deletePortForwardingRule', { id: ruleId }, 'user')).jobresult).toEqual({ success: true });
    expect((await call(sim, 'listFirewallRules', { ipaddressid: ip.id }, { as: 'user' })).inner).toEqual({});
    expect((await job('disassociateIpAddress', { id: ip.id }, 'user')).jobstatus).toBe(1);
    const staticNat = sim.world.publicIps.find((i) => i.virtualmachineid === vm('app-01').id)!;
    const refused = await job('createPortForwardingRule', { ipaddressid: staticNat.id, protocol: 'tcp', publicport: '2200', privateport: '22', virtualmachineid: vm('app-01').id }, 'user');
    expect(refused).toMatchObject({ jobstatus: 2, jobresultcode: 431 });
    const foreign = await call(sim, 'listPortForwardingRules', {}, { as: 'user' });
    expect(foreign.inner.portforwardingrule.every((r: any) => r.networkid === net('ops-net').id)).toBe(true);
  });

  it('opens the firewall for a PF or LB rule to 0.0.0.0/0 whatever its cidrlist says (createRuleForAllCidrs), and not with openfirewall=false', async () => {
    const ip = (await job('associateIpAddress', { networkid: net('ops-net').id }, 'user')).jobresult.ipaddress;
    const narrow = { ipaddressid: ip.id, protocol: 'tcp', privateport: '22', virtualmachineid: vm('app-01').id, cidrlist: '10.0.0.0/24' };
    expect((await job('createPortForwardingRule', { ...narrow, publicport: '2201' }, 'user')).jobstatus).toBe(1);
    expect((await job('createPortForwardingRule', { ...narrow, publicport: '2202', openfirewall: 'false' }, 'user')).jobstatus).toBe(1);
    expect((await job('createLoadBalancerRule', { publicipid: ip.id, name: 'lb', algorithm: 'roundrobin', publicport: '443', privateport: '443', cidrlist: '10.0.0.0/24' }, 'user')).jobstatus).toBe(1);
    const firewall = await call(sim, 'listFirewallRules', { ipaddressid: ip.id }, { as: 'user' });
    expect(firewall.inner.firewallrule.map((r: any) => [r.startport, r.cidrlist])).toEqual([[2201, '0.0.0.0/0'], [443, '0.0.0.0/0']]);
  });

  it('opens no firewall for an LB rule on a VPC tier by default, and refuses openfirewall=true there', async () => {
    const offering = (await call(sim, 'listVPCOfferings', { isdefault: 'true' }, { as: 'user' })).inner.vpcoffering[0].id;
    const zoneid = net('ops-net').zoneid;
    const vpcid = (await job('createVPC', { name: 'blue', displaytext: 'blue', cidr: '10.60.0.0/16', vpcofferingid: offering, zoneid }, 'user')).jobresult.vpc.id;
    const isolated = sim.world.networkOfferings.find((o) => o.guestiptype === 'Isolated')!;
    const tier = (await call(sim, 'createNetwork', { name: 'web', networkofferingid: isolated.id, zoneid, vpcid, gateway: '10.60.1.1', netmask: '255.255.255.0' }, { as: 'user' })).inner.network;
    const ip = (await job('associateIpAddress', { networkid: tier.id }, 'user')).jobresult.ipaddress;
    const rule = { publicipid: ip.id, name: 'lb', algorithm: 'roundrobin', privateport: '80' };
    // Refused as the command is read, before any job (getOpenFirewall runs in the create phase).
    const refused = await call(sim, 'createLoadBalancerRule', { ...rule, publicport: '80', openfirewall: 'true' }, { as: 'user' });
    expect(refused).toMatchObject({ status: 431, inner: { errortext: "Can't have openFirewall=true when IP address belongs to VPC" } });
    expect((await job('createLoadBalancerRule', { ...rule, publicport: '81' }, 'user')).jobstatus).toBe(1);
    expect((await call(sim, 'listFirewallRules', { ipaddressid: ip.id }, { as: 'user' })).inner).toEqual({});
  });

  it('creates a load balancer rule, assigns two VMs, removes one, deletes the rule', async () => {
    const ip = (await job('associateIpAddress', { networkid: net('ops-net').id }, 'user')).jobresult.ipaddress;
    const created = await job('createLoadBalancerRule', { publicipid: ip.id, name: 'app-lb', algorithm: 'roundrobin', publicport: '443', privateport: '8443' }, 'user');
    expect(created.jobresult.loadbalancer).toMatchObject({ name: 'app-lb', publicip: ip.ipaddress, algorithm: 'roundrobin', publicport: '443', privateport: '8443', account: 'ops-user' });
    const id = created.jobresult.loadbalancer.id;
    const two = [vm('app-01').id, vm('app-03').id].join(',');
    expect((await job('assignToLoadBalancerRule', { id, virtualmachineids: two }, 'user')).jobresult).toEqual({ success: true });
    const members = await call(sim, 'listLoadBalancerRuleInstances', { id }, { as: 'user' });
    expect(members.inner.loadbalancerruleinstance.map((v: any) => v.name).sort()).toEqual(['app-01', 'app-03']);
    const again = await job('assignToLoadBalancerRule', { id, virtualmachineids: vm('app-01').id }, 'user');
    expect(again).toMatchObject({ jobstatus: 2, jobresultcode: 431 });
    const basic = await job('assignToLoadBalancerRule', { id, virtualmachineids: vm('basic-ops-01').id }, 'user');
    expect(basic.jobresult.errortext).toBe("VM with id specified cannot be added because it doesn't belong in the same network.");
    expect((await job('removeFromLoadBalancerRule', { id, 'vmidipmap[0].vmid': vm('app-01').id, 'vmidipmap[0].vmip': vm('app-01').nics[0]!.ipaddress }, 'user')).jobstatus).toBe(1);
    const withIps = await call(sim, 'listLoadBalancerRuleInstances', { id, lbvmips: 'true' }, { as: 'user' });
    expect(withIps.inner.lbrulevmidip).toMatchObject([{ loadbalancerruleinstance: { name: 'app-03' }, lbvmipaddresses: [vm('app-03').nics[0]!.ipaddress] }]);
    const candidates = await call(sim, 'listLoadBalancerRuleInstances', { id, applied: 'false' }, { as: 'user' });
    expect(candidates.inner.loadbalancerruleinstance.map((v: any) => v.name).sort()).toEqual(['app-01', 'app-02']);
    expect((await call(sim, 'listLoadBalancerRules', { virtualmachineid: vm('app-03').id }, { as: 'user' })).inner.count).toBe(1);
    expect((await job('deleteLoadBalancerRule', { id }, 'user')).jobresult).toEqual({ success: true });
    expect((await call(sim, 'listLoadBalancerRules', { id }, { as: 'user' })).inner).toEqual({});
    const bad = await call(sim, 'createLoadBalancerRule', { publicipid: ip.id, name: 'x', algorithm: 'random', publicport: '1', privateport: '1' }, { as: 'user' });
    expect(bad).toMatchObject({ status: 431, inner: { errortext: 'Invalid algorithm: random' } });
  });

  it('creates and deletes a VPC; a VPC with a tier cannot be deleted', async () => {
    const offerings = await call(sim, 'listVPCOfferings', { isdefault: 'true' }, { as: 'user' });
    expect(offerings.inner).toMatchObject({ count: 1, vpcoffering: [{ name: 'Default VPC offering', isdefault: true, state: 'Enabled' }] });
    const zoneid = net('ops-net').zoneid;
    const params = { name: 'blue', displaytext: 'blue vpc', cidr: '10.60.0.0/16', vpcofferingid: offerings.inner.vpcoffering[0].id, zoneid };
    const created = await job('createVPC', params, 'user');
    expect(created.jobresult.vpc).toMatchObject({ name: 'blue', cidr: '10.60.0.0/16', state: 'Enabled', account: 'ops-user', network: [], tags: [] });
    const vpcid = created.jobresult.vpc.id;
    expect((await call(sim, 'listVPCs', {}, { as: 'user' })).inner.vpc.map((v: any) => v.name).sort()).toEqual(['blue', 'ops-vpc']);
    const isolated = sim.world.networkOfferings.find((o) => o.guestiptype === 'Isolated')!;
    const outside = await call(sim, 'createNetwork', { name: 'web', networkofferingid: isolated.id, zoneid, vpcid, gateway: '10.61.1.1', netmask: '255.255.255.0' }, { as: 'user' });
    expect(outside.status).toBe(431);
    const tier = await call(sim, 'createNetwork', { name: 'web', networkofferingid: isolated.id, zoneid, vpcid, gateway: '10.60.1.1', netmask: '255.255.255.0' }, { as: 'user' });
    expect(tier.inner.network).toMatchObject({ vpcid, cidr: '10.60.1.0/24' });
    const busy = await job('deleteVPC', { id: vpcid }, 'user');
    expect(busy).toMatchObject({ jobstatus: 2, jobresultcode: 431, jobresult: { errortext: "Can't delete VPC blue as its used by 1 networks" } });
    expect((await job('deleteNetwork', { id: tier.inner.network.id }, 'user')).jobstatus).toBe(1);
    expect((await job('deleteVPC', { id: vpcid }, 'user')).jobresult).toEqual({ success: true });
    const publicCidr = await call(sim, 'createVPC', { ...params, cidr: '8.8.0.0/16' }, { as: 'user' });
    expect(publicCidr.status).toBe(431);
    expect((await call(sim, 'listVPCs', {})).inner).toEqual({});
  });

  it('opens and closes egress rules on an isolated network only', async () => {
    const seeded = await call(sim, 'listEgressFirewallRules', { networkid: net('ops-net').id }, { as: 'user' });
    expect(seeded.inner.firewallrule).toMatchObject([{ traffictype: 'Egress', protocol: 'tcp', startport: 443, destcidrlist: '0.0.0.0/0' }]);
    const created = await job('createEgressFirewallRule', { networkid: net('ops-net').id, protocol: 'udp', startport: '53', endport: '53' }, 'user');
    expect(created.jobresult.firewallrule).toMatchObject({ networkid: net('ops-net').id, protocol: 'udp', startport: 53, cidrlist: '10.1.2.0/24', traffictype: 'Egress' });
    const overlap = await job('createEgressFirewallRule', { networkid: net('ops-net').id, protocol: 'udp', startport: '50', endport: '60' }, 'user');
    expect(overlap.jobresultcode).toBe(537);
    const shared = await job('createEgressFirewallRule', { networkid: net('shared-guest').id, protocol: 'tcp', startport: '1', endport: '2' });
    expect(shared).toMatchObject({ jobstatus: 2, jobresultcode: 431 });
    expect((await job('deleteEgressFirewallRule', { id: created.jobresult.firewallrule.id }, 'user')).jobresult).toEqual({ success: true });
    expect((await call(sim, 'listEgressFirewallRules', { networkid: net('ops-net').id }, { as: 'user' })).inner.count).toBe(1);
    const ingress = await call(sim, 'listFirewallRules', { listall: 'true' });
    expect(ingress.inner.count).toBe(3);
  });
});

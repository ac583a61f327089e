/** Guest networks, public IPs, static NAT, firewall and load-balancer rules. */
import { lookup, matching, optionalLookup, ownerFields, param, recordEvent, visible, integer, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import { ApiError, csDate, withoutNulls, type Json } from '../protocol.js';
import { tagsOf, withTags } from '../tags.js';
import type { FirewallRule, Network, PublicIp } from '../world/types-tenants.js';
import { asyncCommand, javaClass, syncCommand, type CommandTable } from './registry.js';
import { checkTier } from './vpc-tier.js';

export function networkView(ctx: CommandContext, network: Network): Json {
  const offering = ctx.world.networkOfferings.find((o) => o.id === network.networkofferingid);
  return withoutNulls({
    id: network.id, name: network.name, displaytext: network.displaytext, type: network.type, state: network.state, traffictype: 'Guest',
    zoneid: network.zoneid, zonename: ctx.world.zones.find((z) => z.id === network.zoneid)?.name, cidr: network.cidr, gateway: network.gateway,
    netmask: network.netmask, networkofferingid: network.networkofferingid, networkofferingname: offering?.name,
    networkofferingdisplaytext: offering?.displaytext, acltype: network.type === 'Shared' ? 'Domain' : 'Account', canusefordeploy: true,
    isdefault: network.type === 'Isolated', issystem: false, ispersistent: false, restartrequired: false, specifyipranges: network.type === 'Shared',
    broadcastdomaintype: 'Vlan', networkdomain: 'cs.internal', created: csDate(network.created), dns1: '8.8.8.8',
    service: offering?.services.map((name) => ({ name })), ...ownerFields(ctx.world, network),
    vpcid: network.vpcid, tags: tagsOf(ctx.world, 'Network', network.id),
  });
}

export function ipView(ctx: CommandContext, ip: PublicIp): Json {
  const vm = ctx.world.vms.find((v) => v.id === ip.virtualmachineid);
  const network = ctx.world.networks.find((n) => n.id === ip.networkid);
  return withoutNulls({
    id: ip.id, ipaddress: ip.ipaddress, state: ip.state, allocated: csDate(ip.allocated), zoneid: ip.zoneid,
    zonename: ctx.world.zones.find((z) => z.id === ip.zoneid)?.name, issourcenat: ip.issourcenat, isstaticnat: vm !== undefined,
    associatednetworkid: ip.networkid, associatednetworkname: network?.name, networkid: ip.networkid, forvirtualnetwork: true,
    issystem: false, isportable: false, fordisplay: true, virtualmachineid: vm?.id, virtualmachinename: vm?.name,
    virtualmachinedisplayname: vm?.displayname, virtualmachinetype: vm ? 'UserVm' : undefined,
    vmipaddress: vm?.nics.find((nic) => nic.networkid === ip.networkid)?.ipaddress,
    hasrules: ctx.world.firewallRules.some((r) => r.ipaddressid === ip.id) || ctx.world.portForwardingRules.some((r) => r.ipaddressid === ip.id),
    vpcid: network?.vpcid, ...ownerFields(ctx.world, ip), tags: tagsOf(ctx.world, 'PublicIpAddress', ip.id),
  });
}

export function firewallView(ctx: CommandContext, rule: FirewallRule): Json {
  const ip = ctx.world.publicIps.find((i) => i.id === rule.ipaddressid);
  return withoutNulls({
    id: rule.id, ipaddressid: rule.ipaddressid, ipaddress: ip?.ipaddress, networkid: ip?.networkid, protocol: rule.protocol,
    startport: rule.startport, endport: rule.endport, icmptype: rule.icmptype, icmpcode: rule.icmpcode, cidrlist: rule.cidrlist,
    state: 'Active', traffictype: 'Ingress', fordisplay: true, tags: tagsOf(ctx.world, 'FirewallRule', rule.id),
  });
}

function createNetwork(ctx: CommandContext): Json {
  const { world, caller } = ctx;
  const offering = lookup(ctx, world.networkOfferings, 'networkofferingid');
  const zone = lookup(ctx, world.zones, 'zoneid');
  if (zone.networktype === 'Basic') throw new ApiError(431, `Guest networks cannot be created in Basic zone ${zone.name}`);
  const name = param(ctx, 'name')!;
  const vpc = optionalLookup(ctx, world.vpcs, 'vpcid');
  if (vpc) checkTier(vpc, param(ctx, 'gateway'), param(ctx, 'netmask'));
  if (vpc && vpc.zoneid !== zone.id) throw new ApiError(431, `VPC ${vpc.name} is not in zone ${zone.name}`);
  const octet = 10 + world.networks.length;
  const gateway = param(ctx, 'gateway') ?? `10.1.${octet}.1`;
  const netmask = param(ctx, 'netmask') ?? '255.255.255.0';
  const network: Network = {
    id: ctx.nextId(), name, displaytext: param(ctx, 'displaytext') ?? name, zoneid: zone.id, networkofferingid: offering.id,
    type: offering.guestiptype, state: 'Allocated', cidr: `${gateway.replace(/\.\d+$/, '.0')}/24`, gateway, netmask,
    vpcid: vpc?.id, created: ctx.now, accountid: caller.id, domainid: caller.domainid,
  };
  world.networks.push(network);
  recordEvent(ctx, 'NETWORK.CREATE', `Successfully completed creating network. Network Name: ${name}`, { id: network.id, type: 'Network' });
  return { network: networkView(ctx, network) };
}

function associateIp(ctx: CommandContext) {
  const { world, caller } = ctx;
  const network = optionalLookup(ctx, world.networks, 'networkid');
  const zone = network ? world.zones.find((z) => z.id === network.zoneid) : optionalLookup(ctx, world.zones, 'zoneid');
  if (!zone) throw new ApiError(431, 'Please specify a zoneid or a networkid');
  const used = new Set(world.publicIps.map((ip) => ip.ipaddress));
  let octet = 40;
  while (used.has(`198.51.100.${octet}`)) octet += 1;
  const ip: PublicIp = {
    id: ctx.nextId(), ipaddress: param(ctx, 'ipaddress') ?? `198.51.100.${octet}`, zoneid: zone.id, networkid: network?.id, issourcenat: false,
    state: 'Allocated', allocated: ctx.now, accountid: caller.id, domainid: caller.domainid,
  };
  return {
    instanceType: 'IpAddress',
    instanceId: ip.id,
    begin: () => {
      if (used.has(ip.ipaddress)) throw new ApiError(431, `IP address ${ip.ipaddress} is already allocated`);
      return () => {
        world.publicIps.push(ip);
        recordEvent(ctx, 'NET.IPASSIGN', `Successfully completed assigning IP address ${ip.ipaddress}`, { id: ip.id, type: 'IpAddress' });
        return { ipaddress: ipView(ctx, ip) };
      };
    },
  };
}

function enableStaticNat(ctx: CommandContext): Json {
  const { world } = ctx;
  const ip = lookup(ctx, world.publicIps, 'ipaddressid');
  const vm = lookup(ctx, world.vms, 'virtualmachineid');
  if (ip.issourcenat) throw new ApiError(431, `Can't enable static nat for the ip address ${ip.ipaddress}: it is a source nat ip address`);
  if (ip.virtualmachineid) throw new ApiError(431, `Failed to enable static nat for the ip address ${ip.ipaddress}: it is already assigned to VM ${ip.virtualmachineid}`);
  if (world.portForwardingRules.some((r) => r.ipaddressid === ip.id) || world.loadBalancerRules.some((r) => r.publicipid === ip.id)) {
    throw new ApiError(537, `Failed to enable static nat for the ip address ${ip.ipaddress}: it has port forwarding or load balancing rules`);
  }
  const networkId = ip.networkid ?? param(ctx, 'networkid');
  if (!vm.nics.some((nic) => nic.networkid === networkId)) {
    throw new ApiError(431, `Virtual machine ${vm.name} is not in the network of ip address ${ip.ipaddress}`);
  }
  if (world.publicIps.some((other) => other.virtualmachineid === vm.id)) {
    throw new ApiError(431, `Failed to enable static nat for the ip address ${ip.ipaddress}: VM ${vm.name} already has a static nat ip`);
  }
  ip.networkid = networkId;
  ip.virtualmachineid = vm.id;
  recordEvent(ctx, 'STATICNAT.ENABLE', `Successfully enabled static nat for ip ${ip.ipaddress} to VM ${vm.name}`, { id: ip.id, type: 'IpAddress' });
  return { success: true };
}

function createFirewallRule(ctx: CommandContext) {
  const { world } = ctx;
  const ip = lookup(ctx, world.publicIps, 'ipaddressid');
  const protocol = (param(ctx, 'protocol') ?? '').toLowerCase();
  if (!['tcp', 'udp', 'icmp', 'all'].includes(protocol)) throw new ApiError(431, `Invalid protocol ${protocol}; must be tcp, udp, icmp or all`);
  const startport = integer(ctx, 'startport');
  const endport = integer(ctx, 'endport') ?? startport;
  if (startport !== undefined && (startport < 1 || startport > 65535 || (endport ?? 0) < startport || (endport ?? 0) > 65535)) {
    throw new ApiError(431, `Invalid port range ${startport}-${String(endport)}`);
  }
  const rule: FirewallRule = {
    id: ctx.nextId(), ipaddressid: ip.id, protocol, startport, endport, icmptype: integer(ctx, 'icmptype'), icmpcode: integer(ctx, 'icmpcode'),
    cidrlist: param(ctx, 'cidrlist') ?? '0.0.0.0/0', accountid: ip.accountid, domainid: ip.domainid,
  };
  return {
    instanceType: 'FirewallRule',
    instanceId: rule.id,
    begin: () => {
      const overlap = world.firewallRules.find((r) => r.ipaddressid === ip.id && r.protocol === protocol && startport !== undefined &&
        r.startport !== undefined && startport <= (r.endport ?? r.startport) && (endport ?? startport) >= r.startport);
      if (overlap) throw new ApiError(537, `The range specified, ${startport}-${String(endport)}, conflicts with rule ${overlap.id} which has ${overlap.startport}-${String(overlap.endport)}`);
      return () => {
        world.firewallRules.push(rule);
        recordEvent(ctx, 'FIREWALL.OPEN', `Successfully completed creating firewall rule for ip ${ip.ipaddress}`, { id: rule.id, type: 'FirewallRule' });
        return { firewallrule: firewallView(ctx, rule) };
      };
    },
  };
}

export function registerNetwork(table: CommandTable): void {
  syncCommand(table, 'listNetworks', javaClass('user', 'network', 'ListNetworksCmd'), (ctx) => {
    const own = visible(ctx, ctx.world.networks);
    const shared = ctx.world.networks.filter((n) => n.type === 'Shared' && !own.includes(n));
    return listResponse(ctx, 'network', matching(ctx, withTags(ctx, 'Network', [...own, ...shared]), {
      id: (n) => n.id, name: (n) => n.name, zoneid: (n) => n.zoneid, type: (n) => n.type, networkofferingid: (n) => n.networkofferingid,
    }).map((n) => networkView(ctx, n)));
  });
  syncCommand(table, 'createNetwork', javaClass('user', 'network', 'CreateNetworkCmd'), createNetwork);
  syncCommand(table, 'listPublicIpAddresses', javaClass('user', 'address', 'ListPublicIpAddressesCmd'), (ctx) =>
    listResponse(ctx, 'publicipaddress', matching(ctx, withTags(ctx, 'PublicIpAddress', visible(ctx, ctx.world.publicIps)), {
      id: (ip) => ip.id, ipaddress: (ip) => ip.ipaddress, zoneid: (ip) => ip.zoneid, associatednetworkid: (ip) => ip.networkid,
      networkid: (ip) => ip.networkid, issourcenat: (ip) => ip.issourcenat, isstaticnat: (ip) => ip.virtualmachineid !== undefined,
    }).map((ip) => ipView(ctx, ip))),
  );
  asyncCommand(table, 'associateIpAddress', javaClass('user', 'address', 'AssociateIPAddrCmd'), associateIp);
  syncCommand(table, 'enableStaticNat', javaClass('user', 'nat', 'EnableStaticNatCmd'), enableStaticNat);
  asyncCommand(table, 'createFirewallRule', javaClass('user', 'firewall', 'CreateFirewallRuleCmd'), createFirewallRule);
}

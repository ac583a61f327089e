/**
 * Port forwarding: create (a job; by default it also opens the firewall for the public ports to 0.0.0.0/0, as
 * `openfirewall` defaults to true outside VPCs), delete (with the firewall rule it opened) and list.
 * A public IP carries either static NAT or port-forwarding/load-balancer rules, never both, and its rules'
 * public port ranges may not overlap for one protocol (537, NetworkRuleConflictException).
 */
import { flag, integer, lookup, matching, param, recordEvent, visible, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import { ApiError, withoutNulls, type Json } from '../protocol.js';
import { tagsOf, untag, withTags } from '../tags.js';
import type { World } from '../world/types.js';
import type { FirewallRule, PublicIp } from '../world/types-tenants.js';
import type { PortForwardingRule } from '../world/types-families.js';
import { asyncCommand, javaClass, syncCommand, type AsyncWork, type CommandTable } from './registry.js';

/** The rule on the IP whose public port range overlaps [start, end] for the protocol, among PF and LB rules. */
export function conflictingRule(world: World, ip: PublicIp, protocol: string, start: number, end: number): { id: string; start: number; end: number } | undefined {
  const ranges = [
    ...world.portForwardingRules.filter((r) => r.ipaddressid === ip.id && r.protocol === protocol).map((r) => ({ id: r.id, start: r.publicport, end: r.publicendport })),
    ...world.loadBalancerRules.filter((r) => r.publicipid === ip.id && r.protocol === protocol).map((r) => ({ id: r.id, start: Number(r.publicport), end: Number(r.publicport) })),
  ];
  return ranges.find((r) => start <= r.end && end >= r.start);
}

/**
 * What CloudStack checks inside the job before a PF or LB rule takes public ports of an IP: no static NAT on the
 * IP (431), and no other rule of the protocol on an overlapping range (537).
 */
export function checkPublicPortsFree(world: World, ip: PublicIp, protocol: string, start: number, end: number, rule: string): void {
  if (ip.virtualmachineid) throw new ApiError(431, `Unable to create ${rule} rule; ip id=${ip.id} has static nat enabled`);
  const conflict = conflictingRule(world, ip, protocol, start, end);
  if (conflict) throw new ApiError(537, `The range specified, ${start}-${end}, conflicts with rule ${conflict.id} which has ${conflict.start}-${conflict.end}`);
}

export function checkPort(name: string, port: number): void {
  if (port < 1 || port > 65535) throw new ApiError(431, `Invalid value for ${name}: ${port} (a port is 1 to 65535)`);
}

/**
 * Whether a PF or LB rule opens its public ports (CreatePortForwardingRuleCmd / CreateLoadBalancerRuleCmd
 * `getOpenFirewall`): absent means true, except for an IP in a VPC, where it means false and true is refused.
 */
export function opensFirewall(ctx: CommandContext, inVpc: boolean): boolean {
  const given = flag(ctx, 'openfirewall');
  if (given === true && inVpc) throw new ApiError(431, "Can't have openFirewall=true when IP address belongs to VPC");
  return given ?? !inVpc;
}

/**
 * The firewall rule `openfirewall` adds for a PF or LB rule; removed with it. CloudStack creates it with
 * `createRuleForAllCidrs`: open to 0.0.0.0/0, whatever the rule's own `cidrlist` says.
 */
export function openFirewallFor(ctx: CommandContext, ip: PublicIp, related: string, protocol: string, start: number, end: number): FirewallRule {
  return { id: ctx.nextId(), ipaddressid: ip.id, protocol, startport: start, endport: end, cidrlist: '0.0.0.0/0', related, accountid: ip.accountid, domainid: ip.domainid };
}

function ruleView(ctx: CommandContext, rule: PortForwardingRule): Json {
  const vm = ctx.world.vms.find((v) => v.id === rule.virtualmachineid);
  return withoutNulls({
    id: rule.id, ipaddressid: rule.ipaddressid, ipaddress: ctx.world.publicIps.find((ip) => ip.id === rule.ipaddressid)?.ipaddress,
    protocol: rule.protocol, publicport: String(rule.publicport), publicendport: String(rule.publicendport), privateport: String(rule.privateport),
    privateendport: String(rule.privateendport), virtualmachineid: rule.virtualmachineid, virtualmachinename: vm?.name,
    virtualmachinedisplayname: vm?.displayname, vmguestip: rule.vmguestip, networkid: rule.networkid, cidrlist: rule.cidrlist,
    state: 'Active', fordisplay: true, tags: tagsOf(ctx.world, 'PortForwardingRule', rule.id),
  });
}

function createRule(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const ip = lookup(ctx, world.publicIps, 'ipaddressid');
  const vm = lookup(ctx, world.vms, 'virtualmachineid');
  const protocol = param(ctx, 'protocol')!.toLowerCase();
  if (protocol !== 'tcp' && protocol !== 'udp') throw new ApiError(431, `Invalid protocol ${protocol} for a port forwarding rule: tcp or udp`);
  const publicport = integer(ctx, 'publicport')!;
  const publicendport = integer(ctx, 'publicendport') ?? publicport;
  const privateport = integer(ctx, 'privateport')!;
  const privateendport = integer(ctx, 'privateendport') ?? privateport;
  for (const [name, port] of [['publicport', publicport], ['publicendport', publicendport], ['privateport', privateport], ['privateendport', privateendport]] as const) checkPort(name, port);
  if (publicendport < publicport || privateendport < privateport) throw new ApiError(431, 'Start port can\'t be bigger than end port');
  if (publicendport - publicport !== privateendport - privateport) throw new ApiError(431, 'Source port and destination port ranges should be equal');
  const networkId = ip.networkid ?? param(ctx, 'networkid') ?? vm.nics.find((nic) => nic.isdefault)?.networkid;
  const nic = vm.nics.find((n) => n.networkid === networkId);
  if (!nic) throw new ApiError(431, 'Unable to create port forwarding rule: the VM does not belong to the network of the IP address');
  const rule: PortForwardingRule = {
    id: ctx.nextId(), ipaddressid: ip.id, protocol, publicport, publicendport, privateport, privateendport, virtualmachineid: vm.id,
    vmguestip: param(ctx, 'vmguestip') ?? nic.ipaddress, networkid: nic.networkid, cidrlist: param(ctx, 'cidrlist') ?? '0.0.0.0/0',
    accountid: ip.accountid, domainid: ip.domainid,
  };
  const openFirewall = opensFirewall(ctx, world.networks.some((n) => n.id === nic.networkid && n.vpcid !== undefined));
  return {
    instanceType: 'FirewallRule',
    instanceId: rule.id,
    begin: () => {
      checkPublicPortsFree(world, ip, protocol, publicport, publicendport, 'port forwarding');
      return () => {
        ip.networkid = nic.networkid;
        world.portForwardingRules.push(rule);
        if (openFirewall) world.firewallRules.push(openFirewallFor(ctx, ip, rule.id, protocol, publicport, publicendport));
        recordEvent(ctx, 'NET.RULEADD', `Successfully completed applying port forwarding rule for ip ${ip.ipaddress} to VM ${vm.name}`, { id: rule.id, type: 'FirewallRule' });
        return { portforwardingrule: ruleView(ctx, rule) };
      };
    },
  };
}

function deleteRule(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const rule = lookup(ctx, world.portForwardingRules, 'id');
  return {
    instanceType: 'FirewallRule',
    instanceId: rule.id,
    begin: () => () => {
      world.portForwardingRules = world.portForwardingRules.filter((r) => r !== rule);
      world.firewallRules = world.firewallRules.filter((r) => r.related !== rule.id);
      untag(world, 'PortForwardingRule', rule.id);
      recordEvent(ctx, 'NET.RULEDELETE', `Successfully completed deleting port forwarding rule ${rule.id}`, { id: rule.id, type: 'FirewallRule' });
      return { success: true };
    },
  };
}

export function registerPortForwarding(table: CommandTable): void {
  asyncCommand(table, 'createPortForwardingRule', javaClass('user', 'firewall', 'CreatePortForwardingRuleCmd'), createRule);
  asyncCommand(table, 'deletePortForwardingRule', javaClass('user', 'firewall', 'DeletePortForwardingRuleCmd'), deleteRule);
  syncCommand(table, 'listPortForwardingRules', javaClass('user', 'firewall', 'ListPortForwardingRulesCmd'), (ctx) =>
    listResponse(ctx, 'portforwardingrule', matching(ctx, withTags(ctx, 'PortForwardingRule', visible(ctx, ctx.world.portForwardingRules)), {
      id: (r) => r.id, ipaddressid: (r) => r.ipaddressid, networkid: (r) => r.networkid,
    }).map((r) => ruleView(ctx, r))),
  );
}

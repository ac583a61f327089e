/**
 * Egress firewall rules (on an isolated guest network; jobs to create and delete) and the ingress firewall
 * rule list, `listFirewallRules`, which the original simulator lacked.
 */
import { integer, lookup, matching, param, recordEvent, visible, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import { ApiError, withoutNulls, type Json } from '../protocol.js';
import { tagsOf, untag, withTags } from '../tags.js';
import type { EgressRule } from '../world/types-families.js';
import { firewallView } from './network.js';
import { asyncCommand, javaClass, syncCommand, type AsyncWork, type CommandTable } from './registry.js';

function egressView(ctx: CommandContext, rule: EgressRule): Json {
  return withoutNulls({
    id: rule.id, networkid: rule.networkid, protocol: rule.protocol, startport: rule.startport, endport: rule.endport, icmptype: rule.icmptype,
    icmpcode: rule.icmpcode, cidrlist: rule.cidrlist, destcidrlist: rule.destcidrlist, traffictype: 'Egress', state: 'Active', fordisplay: true,
    tags: tagsOf(ctx.world, 'FirewallRule', rule.id),
  });
}

function createEgress(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const network = lookup(ctx, world.networks, 'networkid');
  const protocol = param(ctx, 'protocol')!.toLowerCase();
  if (!['tcp', 'udp', 'icmp', 'all'].includes(protocol)) throw new ApiError(431, `Invalid protocol ${protocol}; must be tcp, udp, icmp or all`);
  const startport = integer(ctx, 'startport');
  const endport = integer(ctx, 'endport') ?? startport;
  if (startport !== undefined && (startport < 1 || startport > 65535 || (endport ?? 0) < startport || (endport ?? 0) > 65535)) {
    throw new ApiError(431, `Invalid port range ${startport}-${String(endport)}`);
  }
  const rule: EgressRule = {
    id: ctx.nextId(), networkid: network.id, protocol, startport, endport, icmptype: integer(ctx, 'icmptype'), icmpcode: integer(ctx, 'icmpcode'),
    cidrlist: param(ctx, 'cidrlist') ?? network.cidr, destcidrlist: param(ctx, 'destcidrlist') ?? '0.0.0.0/0',
    accountid: network.accountid, domainid: network.domainid,
  };
  return {
    instanceType: 'FirewallRule',
    instanceId: rule.id,
    begin: () => {
      if (network.type !== 'Isolated' || network.vpcid) throw new ApiError(431, `Egress firewall rules are supported only on isolated networks outside a VPC (network ${network.name})`);
      const overlap = world.egressRules.find((r) => r.networkid === network.id && r.protocol === protocol && startport !== undefined &&
        r.startport !== undefined && startport <= (r.endport ?? r.startport) && (endport ?? startport) >= r.startport);
      if (overlap) throw new ApiError(537, `The range specified, ${startport}-${String(endport)}, conflicts with rule ${overlap.id} which has ${overlap.startport}-${String(overlap.endport)}`);
      return () => {
        world.egressRules.push(rule);
        recordEvent(ctx, 'FIREWALL.EGRESS.OPEN', `Successfully completed creating egress firewall rule on network ${network.name}`, { id: rule.id, type: 'FirewallRule' });
        return { firewallrule: egressView(ctx, rule) };
      };
    },
  };
}

function deleteEgress(ctx: CommandContext): AsyncWork {
  const rule = lookup(ctx, ctx.world.egressRules, 'id');
  return {
    instanceType: 'FirewallRule',
    instanceId: rule.id,
    begin: () => () => {
      ctx.world.egressRules = ctx.world.egressRules.filter((r) => r !== rule);
      untag(ctx.world, 'FirewallRule', rule.id);
      recordEvent(ctx, 'FIREWALL.EGRESS.CLOSE', `Successfully completed deleting egress firewall rule ${rule.id}`, { id: rule.id, type: 'FirewallRule' });
      return { success: true };
    },
  };
}

export function registerEgress(table: CommandTable): void {
  asyncCommand(table, 'createEgressFirewallRule', javaClass('user', 'firewall', 'CreateEgressFirewallRuleCmd'), createEgress);
  asyncCommand(table, 'deleteEgressFirewallRule', javaClass('user', 'firewall', 'DeleteEgressFirewallRuleCmd'), deleteEgress);
  syncCommand(table, 'listEgressFirewallRules', javaClass('user', 'firewall', 'ListEgressFirewallRulesCmd'), (ctx) =>
    listResponse(ctx, 'firewallrule', matching(ctx, withTags(ctx, 'FirewallRule', visible(ctx, ctx.world.egressRules)), {
      id: (r) => r.id, networkid: (r) => r.networkid,
    }).map((r) => egressView(ctx, r))),
  );
  syncCommand(table, 'listFirewallRules', javaClass('user', 'firewall', 'ListFirewallRulesCmd'), (ctx) => {
    const ipOf = (ipId: string) => ctx.world.publicIps.find((ip) => ip.id === ipId);
    return listResponse(ctx, 'firewallrule', matching(ctx, withTags(ctx, 'FirewallRule', visible(ctx, ctx.world.firewallRules)), {
      id: (r) => r.id, ipaddressid: (r) => r.ipaddressid, networkid: (r) => ipOf(r.ipaddressid)?.networkid,
    }).map((r) => firewallView(ctx, r)));
  });
}

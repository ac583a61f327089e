/**
 * Undoing network changes: deleteFirewallRule, disableStaticNat, disassociateIpAddress and deleteNetwork, all
 * jobs (the catalog's async flag) answering `{success: true}`, with the management server's state rules.
 */
import { lookup, recordEvent, type CommandContext } from '../context.js';
import { ApiError } from '../protocol.js';
import { untag } from '../tags.js';
import type { World } from '../world/types.js';
import type { PublicIp } from '../world/types-tenants.js';
import { asyncCommand, javaClass, type AsyncWork, type CommandTable } from './registry.js';

function deleteFirewallRule(ctx: CommandContext): AsyncWork {
  const rule = lookup(ctx, ctx.world.firewallRules, 'id');
  return {
    instanceType: 'FirewallRule',
    instanceId: rule.id,
    begin: () => () => {
      ctx.world.firewallRules = ctx.world.firewallRules.filter((r) => r !== rule);
      untag(ctx.world, 'FirewallRule', rule.id);
      recordEvent(ctx, 'FIREWALL.CLOSE', `Successfully completed deleting firewall rule ${rule.id}`, { id: rule.id, type: 'FirewallRule' });
      return { success: true };
    },
  };
}

function disableStaticNat(ctx: CommandContext): AsyncWork {
  const ip = lookup(ctx, ctx.world.publicIps, 'ipaddressid');
  return {
    instanceType: 'IpAddress',
    instanceId: ip.id,
    begin: () => {
      if (!ip.virtualmachineid) throw new ApiError(431, 'Specified IP address id is not associated with any vm Id');
      return () => {
        ip.virtualmachineid = undefined;
        recordEvent(ctx, 'STATICNAT.DISABLE', `Successfully completed disabling static nat for ip ${ip.ipaddress}`, { id: ip.id, type: 'IpAddress' });
        return { success: true };
      };
    },
  };
}

/** Releasing an address revokes its rules and static NAT first, as NetworkServiceImpl.releaseIpAddress does. */
function releaseIp(world: World, ip: PublicIp): void {
  world.firewallRules = world.firewallRules.filter((r) => r.ipaddressid !== ip.id);
  world.portForwardingRules = world.portForwardingRules.filter((r) => r.ipaddressid !== ip.id);
  world.loadBalancerRules = world.loadBalancerRules.filter((r) => r.publicipid !== ip.id);
  world.publicIps = world.publicIps.filter((other) => other !== ip);
  untag(world, 'PublicIpAddress', ip.id);
}

function disassociateIp(ctx: CommandContext): AsyncWork {
  const ip = lookup(ctx, ctx.world.publicIps, 'id');
  return {
    instanceType: 'IpAddress',
    instanceId: ip.id,
    begin: () => {
      if (ip.issourcenat) throw new ApiError(431, 'ip address is used for source nat purposes and can not be disassociated.');
      return () => {
        releaseIp(ctx.world, ip);
        recordEvent(ctx, 'NET.IPRELEASE', `Successfully completed releasing IP address ${ip.ipaddress}`, { id: ip.id, type: 'IpAddress' });
        return { success: true };
      };
    },
  };
}

/**
 * NetworkOrchestrator.destroyNetwork refuses while a VM that is not expunged still has a NIC in the network, and
 * DeleteNetworkCmd turns that into a plain "Failed to delete network" (530), which is all the caller learns.
 */
function deleteNetwork(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const network = lookup(ctx, world.networks, 'id');
  return {
    instanceType: 'Network',
    instanceId: network.id,
    begin: () => {
      if (world.vms.some((vm) => vm.nics.some((nic) => nic.networkid === network.id))) throw new ApiError(530, 'Failed to delete network');
      return () => {
        for (const ip of world.publicIps.filter((i) => i.networkid === network.id)) releaseIp(world, ip);
        world.egressRules = world.egressRules.filter((r) => r.networkid !== network.id);
        world.networks = world.networks.filter((n) => n !== network);
        untag(world, 'Network', network.id);
        recordEvent(ctx, 'NETWORK.DELETE', `Successfully completed deleting network. Network Name: ${network.name}`, { id: network.id, type: 'Network' });
        return { success: true };
      };
    },
  };
}

export function registerNetworkCleanup(table: CommandTable): void {
  asyncCommand(table, 'deleteFirewallRule', javaClass('user', 'firewall', 'DeleteFirewallRuleCmd'), deleteFirewallRule);
  asyncCommand(table, 'disableStaticNat', javaClass('user', 'nat', 'DisableStaticNatCmd'), disableStaticNat);
  asyncCommand(table, 'disassociateIpAddress', javaClass('user', 'address', 'DisassociateIPAddrCmd'), disassociateIp);
  asyncCommand(table, 'deleteNetwork', javaClass('user', 'network', 'DeleteNetworkCmd'), deleteNetwork);
}

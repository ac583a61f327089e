/**
 * Load-balancer rules and their members: create (a job; `openfirewall` opens the public port), assign and
 * remove VMs (jobs; a member must have a NIC in the rule's network), delete, list, and the rule's instances.
 */
import { flag, integer, lookup, mapParam, matching, ownerFields, param, recordEvent, visible, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import { ApiError, invalidId, withoutNulls, type Json } from '../protocol.js';
import { tagsOf, untag, withTags } from '../tags.js';
import { vmView } from '../views.js';
import type { LoadBalancerRule, VirtualMachine } from '../world/types-tenants.js';
import { checkPort, checkPublicPortsFree, openFirewallFor, opensFirewall } from './port-forwarding.js';
import { asyncCommand, javaClass, syncCommand, type AsyncWork, type CommandTable } from './registry.js';

const ALGORITHMS = ['roundrobin', 'leastconn', 'source'];

function ruleView(ctx: CommandContext, r: LoadBalancerRule): Json {
  return withoutNulls({
    id: r.id, name: r.name, publicipid: r.publicipid, publicip: ctx.world.publicIps.find((ip) => ip.id === r.publicipid)?.ipaddress,
    networkid: r.networkid, zoneid: r.zoneid, zonename: ctx.world.zones.find((z) => z.id === r.zoneid)?.name, algorithm: r.algorithm,
    protocol: r.protocol, publicport: r.publicport, privateport: r.privateport, cidrlist: r.cidrlist, state: 'Active', fordisplay: true,
    ...ownerFields(ctx.world, r), tags: tagsOf(ctx.world, 'LoadBalancer', r.id),
  });
}

function createRule(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const algorithm = param(ctx, 'algorithm')!.toLowerCase();
  if (!ALGORITHMS.includes(algorithm)) throw new ApiError(431, `Invalid algorithm: ${algorithm}`);
  if (param(ctx, 'publicipid') === undefined) throw new ApiError(431, 'Unable to create load balancer rule: publicipid is required outside a VPC');
  const ip = lookup(ctx, world.publicIps, 'publicipid');
  const networkId = ip.networkid ?? param(ctx, 'networkid');
  const network = world.networks.find((n) => n.id === networkId);
  if (!network) throw new ApiError(431, `Unable to create load balancer rule: ip ${ip.ipaddress} is not associated with a network; pass networkid`);
  const publicport = integer(ctx, 'publicport')!;
  const privateport = integer(ctx, 'privateport')!;
  checkPort('publicport', publicport);
  checkPort('privateport', privateport);
  const protocol = (param(ctx, 'protocol') ?? 'tcp').toLowerCase();
  const rule: LoadBalancerRule = {
    id: ctx.nextId(), name: param(ctx, 'name')!, publicipid: ip.id, networkid: network.id, zoneid: ip.zoneid, algorithm, protocol,
    publicport: String(publicport), privateport: String(privateport), cidrlist: param(ctx, 'cidrlist') ?? '0.0.0.0/0', virtualmachineids: [],
    accountid: ip.accountid, domainid: ip.domainid,
  };
  const openFirewall = opensFirewall(ctx, network.vpcid !== undefined);
  return {
    instanceType: 'FirewallRule',
    instanceId: rule.id,
    begin: () => {
      checkPublicPortsFree(world, ip, protocol, publicport, publicport, 'load balancer');
      return () => {
        ip.networkid = network.id;
        world.loadBalancerRules.push(rule);
        if (openFirewall) world.firewallRules.push(openFirewallFor(ctx, ip, rule.id, protocol, publicport, publicport));
        recordEvent(ctx, 'LB.CREATE', `Successfully completed creating load balancer rule ${rule.name}`, { id: rule.id, type: 'LoadBalancerRule' });
        return { loadbalancer: ruleView(ctx, rule) };
      };
    },
  };
}

/** The VMs named by `virtualmachineids` and/or `vmidipmap[n].vmid` (the guest IP part is not modelled). */
function members(ctx: CommandContext, rule: LoadBalancerRule): VirtualMachine[] {
  const ids = [...(param(ctx, 'virtualmachineids')?.split(',') ?? []), ...mapParam(ctx, 'vmidipmap').flatMap((entry) => (entry.vmid ? [entry.vmid] : []))];
  if (ids.length === 0) throw new ApiError(431, 'Unable to assign or remove instances: virtualmachineids or vmidipmap is required');
  return [...new Set(ids)].map((id) => {
    const vm = ctx.world.vms.find((v) => v.id === id);
    if (!vm || vm.accountid !== rule.accountid) throw invalidId(ctx.command, 'virtualmachineids', id);
    return vm;
  });
}

function assign(ctx: CommandContext): AsyncWork {
  const rule = lookup(ctx, ctx.world.loadBalancerRules, 'id');
  const vms = members(ctx, rule);
  return {
    instanceType: 'FirewallRule',
    instanceId: rule.id,
    begin: () => {
      for (const vm of vms) {
        if (!vm.nics.some((nic) => nic.networkid === rule.networkid)) throw new ApiError(431, "VM with id specified cannot be added because it doesn't belong in the same network.");
        if (rule.virtualmachineids.includes(vm.id)) throw new ApiError(431, `VM ${vm.instancename} is already mapped to load balancer rule ${rule.name}`);
        if (vm.state === 'Destroyed' || vm.state === 'Expunging' || vm.state === 'Error') throw new ApiError(431, `VM ${vm.name} is in state ${vm.state} and cannot be added to a load balancer`);
      }
      return () => {
        rule.virtualmachineids.push(...vms.map((vm) => vm.id));
        recordEvent(ctx, 'LB.ASSIGN.TO.RULE', `Successfully completed assigning to load balancer rule ${rule.name}: ${vms.map((vm) => vm.name).join(', ')}`, { id: rule.id, type: 'LoadBalancerRule' });
        return { success: true };
      };
    },
  };
}

function remove(ctx: CommandContext): AsyncWork {
  const rule = lookup(ctx, ctx.world.loadBalancerRules, 'id');
  const vms = members(ctx, rule);
  return {
    instanceType: 'FirewallRule',
    instanceId: rule.id,
    begin: () => {
      const stranger = vms.find((vm) => !rule.virtualmachineids.includes(vm.id));
      if (stranger) throw new ApiError(431, `VM ${stranger.name} is not assigned to load balancer rule ${rule.name}`);
      return () => {
        rule.virtualmachineids = rule.virtualmachineids.filter((id) => !vms.some((vm) => vm.id === id));
        recordEvent(ctx, 'LB.REMOVE.FROM.RULE', `Successfully completed removing from load balancer rule ${rule.name}: ${vms.map((vm) => vm.name).join(', ')}`, { id: rule.id, type: 'LoadBalancerRule' });
        return { success: true };
      };
    },
  };
}

function deleteRule(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const rule = lookup(ctx, world.loadBalancerRules, 'id');
  return {
    instanceType: 'FirewallRule',
    instanceId: rule.id,
    begin: () => () => {
      world.loadBalancerRules = world.loadBalancerRules.filter((r) => r !== rule);
      world.firewallRules = world.firewallRules.filter((r) => r.related !== rule.id);
      untag(world, 'LoadBalancer', rule.id);
      recordEvent(ctx, 'LB.DELETE', `Successfully completed deleting load balancer rule ${rule.name}`, { id: rule.id, type: 'LoadBalancerRule' });
      return { success: true };
    },
  };
}

/**
 * `applied` (default true): the rule's members; false: the VMs of the rule's network that could join.
 * With `lbvmips=true` each VM comes wrapped with the guest IPs it serves on, under `lbrulevmidip`.
 */
function instances(ctx: CommandContext): Json {
  const rule = lookup(ctx, ctx.world.loadBalancerRules, 'id');
  const applied = flag(ctx, 'applied') ?? true;
  const vms = ctx.world.vms.filter((vm) => applied
    ? rule.virtualmachineids.includes(vm.id)
    : vm.accountid === rule.accountid && !rule.virtualmachineids.includes(vm.id) && vm.nics.some((nic) => nic.networkid === rule.networkid));
  if (flag(ctx, 'lbvmips')) {
    return listResponse(ctx, 'lbrulevmidip', vms.map((vm) => ({
      loadbalancerruleinstance: vmView(ctx.world, vm), lbvmipaddresses: vm.nics.filter((nic) => nic.networkid === rule.networkid).map((nic) => nic.ipaddress),
    })));
  }
  return listResponse(ctx, 'loadbalancerruleinstance', vms.map((vm) => vmView(ctx.world, vm)));
}

export function registerLoadBalancer(table: CommandTable): void {
  asyncCommand(table, 'createLoadBalancerRule', javaClass('user', 'loadbalancer', 'CreateLoadBalancerRuleCmd'), createRule);
  asyncCommand(table, 'assignToLoadBalancerRule', javaClass('user', 'loadbalancer', 'AssignToLoadBalancerRuleCmd'), assign);
  asyncCommand(table, 'removeFromLoadBalancerRule', javaClass('user', 'loadbalancer', 'RemoveFromLoadBalancerRuleCmd'), remove);
  asyncCommand(table, 'deleteLoadBalancerRule', javaClass('user', 'loadbalancer', 'DeleteLoadBalancerRuleCmd'), deleteRule);
  syncCommand(table, 'listLoadBalancerRuleInstances', javaClass('user', 'loadbalancer', 'ListLoadBalancerRuleInstancesCmd'), instances);
  syncCommand(table, 'listLoadBalancerRules', javaClass('user', 'loadbalancer', 'ListLoadBalancerRulesCmd'), (ctx) => {
    const vmId = param(ctx, 'virtualmachineid');
    return listResponse(ctx, 'loadbalancerrule', matching(ctx, withTags(ctx, 'LoadBalancer', visible(ctx, ctx.world.loadBalancerRules)), {
      id: (r) => r.id, name: (r) => r.name, publicipid: (r) => r.publicipid, networkid: (r) => r.networkid, zoneid: (r) => r.zoneid,
    }).filter((r) => vmId === undefined || r.virtualmachineids.includes(vmId)).map((r) => ruleView(ctx, r)));
  });
}

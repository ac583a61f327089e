/**
 * deployVirtualMachine. The VM record (and its id) exists as soon as the call is accepted, as in CloudStack;
 * the job then starts it (Starting → Running) unless startvm=false. Network choice follows CloudStack: an
 * Advanced zone uses `networkids`, else the account's only isolated network, else a new one; more than one
 * isolated network without `networkids` is an error. A Basic zone uses its shared network and security groups.
 */
import { flag, integer, isRootAdmin, lookup, mayAccess, optionalLookup, param, recordEvent, type CommandContext } from '../context.js';
import { invalidId, ApiError } from '../protocol.js';
import { pickHost, pickPool } from '../placement.js';
import { affinityGroupsFor, hostsToAvoid } from './affinity.js';
import { vmView } from '../views.js';
import type { Zone } from '../world/types-infra.js';
import type { Network, Nic, VirtualMachine } from '../world/types-tenants.js';
import { asyncCommand, javaClass, type AsyncWork, type CommandTable } from './registry.js';

const GB = 1024 ** 3;

function chooseNetworks(ctx: CommandContext, zone: Zone): Network[] {
  const { world, caller } = ctx;
  const ids = param(ctx, 'networkids');
  if (ids !== undefined) {
    return ids.split(',').map((id) => {
      const network = world.networks.find((n) => n.id === id && n.zoneid === zone.id);
      if (!network || (network.type === 'Isolated' && !mayAccess(caller, network))) throw invalidId(ctx.command, 'networkids', id);
      return network;
    });
  }
  if (zone.networktype === 'Basic') {
    const shared = world.networks.find((n) => n.zoneid === zone.id && n.type === 'Shared');
    if (!shared) throw new ApiError(431, `Unable to find a default network in zone ${zone.name}`);
    return [shared];
  }
  const own = world.networks.filter((n) => n.zoneid === zone.id && n.type === 'Isolated' && n.accountid === caller.id);
  if (own.length > 1) throw new ApiError(431, 'More than 1 default Isolated networks are found for account; please specify networkIds');
  if (own.length === 1) return own;
  const offering = world.networkOfferings.find((o) => o.guestiptype === 'Isolated');
  if (!offering) throw new ApiError(431, 'Unable to find a default isolated network offering with SourceNat service');
  const octet = 10 + world.networks.length;
  const created: Network = {
    id: ctx.nextId(), name: `${caller.name}-network`, displaytext: `${caller.name}-network`, zoneid: zone.id, networkofferingid: offering.id,
    type: 'Isolated', state: 'Implemented', cidr: `10.1.${octet}.0/24`, gateway: `10.1.${octet}.1`, netmask: '255.255.255.0',
    created: ctx.now, accountid: caller.id, domainid: caller.domainid,
  };
  world.networks.push(created);
  return [created];
}

function deploy(ctx: CommandContext): AsyncWork {
  const { world, caller } = ctx;
  const zone = lookup(ctx, world.zones, 'zoneid');
  const offering = lookup(ctx, world.serviceOfferings, 'serviceofferingid');
  const templateId = param(ctx, 'templateid') ?? '';
  const template = world.templates.find((t) => t.id === templateId && (t.ispublic || mayAccess(caller, t)));
  if (!template) throw invalidId(ctx.command, 'templateid', templateId);
  const diskOffering = optionalLookup(ctx, world.diskOfferings, 'diskofferingid');
  const requestedHost = isRootAdmin(caller) ? optionalLookup(ctx, world.hosts, 'hostid') : undefined;
  const keypair = param(ctx, 'keypair');
  if (keypair !== undefined && !world.sshKeyPairs.some((k) => k.name === keypair && k.accountid === caller.id)) {
    throw new ApiError(431, `A key pair with name '${keypair}' was not found.`);
  }
  const name = param(ctx, 'name') ?? `VM-${ctx.nextId()}`;
  if (!/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/.test(name)) {
    throw new ApiError(431, 'Invalid name. Vm name can contain ASCII letters \'a\' through \'z\', the digits \'0\' through \'9\', and the hyphen (\'-\'), must be between 1 and 63 characters long, and can\'t start or end with "-" and can\'t start with digit');
  }
  const networks = chooseNetworks(ctx, zone);
  if (world.vms.some((vm) => vm.name === name && vm.state !== 'Destroyed' && vm.nics.some((nic) => networks.some((n) => n.id === nic.networkid)))) {
    throw new ApiError(431, `The vm with hostName ${name} already exists in the network domain: cs.internal; network=${networks[0]!.name}`);
  }
  const groups = zone.securitygroupsenabled ? securityGroupsFor(ctx) : [];
  const custom = offering.iscustomized;
  const detail = (key: string, fallback: number | undefined) => {
    const value = param(ctx, `details[0].${key}`);
    if (value !== undefined) return Number.parseInt(value, 10);
    if (fallback === undefined) throw new ApiError(431, 'Need to specify custom parameter values cpu, cpu speed and memory when using custom offering');
    return fallback;
  };
  const vmNumber = world.vms.length + 100;
  const vm: VirtualMachine = {
    id: ctx.nextId(), name, displayname: param(ctx, 'displayname') ?? name, state: 'Stopped', zoneid: zone.id, templateid: template.id,
    serviceofferingid: offering.id, cpunumber: detail('cpunumber', custom ? undefined : offering.cpunumber),
    cpuspeed: detail('cpuspeed', custom ? undefined : offering.cpuspeed), memory: detail('memory', custom ? undefined : offering.memory),
    nics: networks.map((network, index): Nic => ({
      id: ctx.nextId(), networkid: network.id, ipaddress: network.gateway.replace(/\.1$/, `.${(vmNumber % 200) + 20}`),
      macaddress: `02:00:${vmNumber.toString(16).padStart(2, '0')}:7a:00:${index.toString(16).padStart(2, '0')}`, isdefault: index === 0,
    })),
    keypair, securitygroupids: groups, haenable: offering.offerha, instancename: `i-2-${vmNumber}-VM`, created: ctx.now,
    accountid: caller.id, domainid: caller.domainid,
  };
  const affinity = affinityGroupsFor(ctx);
  const host = pickHost(world, zone.id, offering, requestedHost?.id, hostsToAvoid(ctx, affinity));
  if (!host) throw new ApiError(533, `Unable to create a deployment for VM ${name}: insufficient capacity in zone ${zone.name}`);
  const rootSize = integer(ctx, 'rootdisksize');
  world.vms.push(vm);
  for (const group of affinity) group.virtualmachineids.push(vm.id);
  world.volumes.push({
    id: ctx.nextId(), name: `ROOT-${vmNumber}`, type: 'ROOT', state: 'Ready', size: rootSize ? rootSize * GB : template.size, zoneid: zone.id,
    storageid: pickPool(world, host, zone.id, offering.storagetype === 'local')?.id, virtualmachineid: vm.id, deviceid: 0, templateid: template.id,
    created: ctx.now, accountid: caller.id, domainid: caller.domainid,
  });
  if (diskOffering) {
    const size = diskOffering.iscustomized ? integer(ctx, 'size') : diskOffering.disksize;
    if (!size) throw new ApiError(431, 'Disk offering is customized; a disk size (size, in GB) is required');
    world.volumes.push({
      id: ctx.nextId(), name: `DATA-${vmNumber}`, type: 'DATADISK', state: 'Ready', size: size * GB, zoneid: zone.id,
      storageid: pickPool(world, host, zone.id, false)?.id, virtualmachineid: vm.id, deviceid: 1, diskofferingid: diskOffering.id,
      created: ctx.now, accountid: caller.id, domainid: caller.domainid,
    });
  }
  recordEvent(ctx, 'VM.CREATE', `Successfully completed deploying Vm. Vm Name: ${name}`, { id: vm.id, type: 'VirtualMachine' });
  const start = flag(ctx, 'startvm') ?? true;
  return {
    instanceType: 'VirtualMachine',
    instanceId: vm.id,
    accepted: { id: vm.id },
    begin: () => {
      if (start) vm.state = 'Starting';
      return () => {
        if (start) {
          vm.state = 'Running';
          vm.hostid = host.id;
          vm.lasthostid = host.id;
          recordEvent(ctx, 'VM.START', `Successfully completed starting Vm. Vm Name: ${name}`, { id: vm.id, type: 'VirtualMachine' });
        }
        // The password is generated for password-enabled templates and shown once, in this job result only.
        return { virtualmachine: vmView(world, vm, template.passwordenabled ? { password: ctx.nextId().slice(0, 12) } : {}) };
      };
    },
  };
}

function securityGroupsFor(ctx: CommandContext): string[] {
  const { world, caller } = ctx;
  const ids = param(ctx, 'securitygroupids');
  if (ids !== undefined) {
    return ids.split(',').map((id) => {
      if (!world.securityGroups.some((g) => g.id === id && g.accountid === caller.id)) throw invalidId(ctx.command, 'securitygroupids', id);
      return id;
    });
  }
  let fallback = world.securityGroups.find((g) => g.accountid === caller.id && g.name === 'default');
  if (!fallback) {
    fallback = { id: ctx.nextId(), name: 'default', description: 'Default Security Group', ingressrule: [], accountid: caller.id, domainid: caller.domainid };
    world.securityGroups.push(fallback);
  }
  return [fallback.id];
}

export function registerDeploy(table: CommandTable): void {
  asyncCommand(table, 'deployVirtualMachine', javaClass('user', 'vm', 'DeployVMCmd'), deploy);
}

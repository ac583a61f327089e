/**
 * VM power and removal: start, stop, reboot, destroy, expunge. Each is a job; its state checks run inside
 * the job, and the VM shows the transitional state (Starting, Stopping) while the job runs.
 */
import { flag, isRootAdmin, lookup, optionalLookup, recordEvent, type CommandContext } from '../context.js';
import { pickHost, isUsable, offeringOf } from '../placement.js';
import { ApiError, type Json } from '../protocol.js';
import { untag } from '../tags.js';
import { vmView } from '../views.js';
import type { World } from '../world/types.js';
import type { VirtualMachine } from '../world/types-tenants.js';
import { asyncCommand, javaClass, syncCommand, type AsyncWork, type CommandTable } from './registry.js';

function vmWork(vm: VirtualMachine, begin: AsyncWork['begin']): AsyncWork {
  return { instanceType: 'VirtualMachine', instanceId: vm.id, begin };
}

/**
 * Removes the VM with its ROOT volume, NICs, static NAT, port forwards, load-balancer membership, VM snapshots
 * and tags; data disks are detached, as CloudStack does.
 */
function expungeVm(world: World, vm: VirtualMachine): void {
  world.vms.splice(world.vms.indexOf(vm), 1);
  world.portForwardingRules = world.portForwardingRules.filter((r) => r.virtualmachineid !== vm.id);
  for (const rule of world.loadBalancerRules) rule.virtualmachineids = rule.virtualmachineids.filter((id) => id !== vm.id);
  for (const group of world.affinityGroups) group.virtualmachineids = group.virtualmachineids.filter((id) => id !== vm.id);
  world.vmSnapshots = world.vmSnapshots.filter((s) => s.virtualmachineid !== vm.id);
  untag(world, 'UserVm', vm.id);
  world.volumes = world.volumes.filter((v) => !(v.virtualmachineid === vm.id && v.type === 'ROOT'));
  for (const volume of world.volumes) {
    if (volume.virtualmachineid === vm.id) {
      volume.virtualmachineid = undefined;
      volume.deviceid = undefined;
    }
  }
  for (const ip of world.publicIps) if (ip.virtualmachineid === vm.id) ip.virtualmachineid = undefined;
}

function start(ctx: CommandContext): AsyncWork {
  const vm = lookup(ctx, ctx.world.vms, 'id');
  const requested = optionalLookup(ctx, ctx.world.hosts, 'hostid');
  return vmWork(vm, () => {
    // CloudStack's advanceStart returns quietly for a VM that is already running.
    if (vm.state === 'Running') return () => ({ virtualmachine: vmView(ctx.world, vm) });
    if (vm.state !== 'Stopped') throw new ApiError(431, `Unable to start VM ${vm.name}: it is in state ${vm.state}`);
    const last = ctx.world.hosts.find((h) => h.id === vm.lasthostid && isUsable(h));
    const host = requested ?? (flag(ctx, 'considerlasthost') === false ? undefined : last) ?? pickHost(ctx.world, vm.zoneid, offeringOf(ctx.world, vm));
    if (!host || !isUsable(host)) {
      throw new ApiError(533, `Unable to create a deployment for VM ${vm.name}: insufficient capacity in zone`);
    }
    vm.state = 'Starting';
    return () => {
      vm.state = 'Running';
      vm.hostid = host.id;
      vm.lasthostid = host.id;
      recordEvent(ctx, 'VM.START', `Successfully completed starting Vm. Vm Name: ${vm.name}`, { id: vm.id, type: 'VirtualMachine' });
      return { virtualmachine: vmView(ctx.world, vm) };
    };
  });
}

function stop(ctx: CommandContext): AsyncWork {
  const vm = lookup(ctx, ctx.world.vms, 'id');
  const forced = flag(ctx, 'forced') ?? false;
  return vmWork(vm, () => {
    if (vm.state === 'Stopped') return () => ({ virtualmachine: vmView(ctx.world, vm) });
    if (vm.state !== 'Running' && !(forced && (vm.state === 'Error' || vm.state === 'Starting' || vm.state === 'Migrating'))) {
      throw new ApiError(431, `Unable to stop VM ${vm.name}: it is in state ${vm.state}`);
    }
    vm.state = 'Stopping';
    return () => {
      vm.state = 'Stopped';
      if (vm.hostid) vm.lasthostid = vm.hostid;
      vm.hostid = undefined;
      recordEvent(ctx, 'VM.STOP', `Successfully completed stopping Vm. Vm Name: ${vm.name}`, { id: vm.id, type: 'VirtualMachine' });
      return { virtualmachine: vmView(ctx.world, vm) };
    };
  });
}

function reboot(ctx: CommandContext): AsyncWork {
  const vm = lookup(ctx, ctx.world.vms, 'id');
  return vmWork(vm, () => {
    if (vm.state !== 'Running') throw new ApiError(431, `VM ${vm.name} is not in Running state (it is ${vm.state}); unable to reboot it`);
    return () => {
      recordEvent(ctx, 'VM.REBOOT', `Successfully completed rebooting Vm. Vm Name: ${vm.name}`, { id: vm.id, type: 'VirtualMachine' });
      return { virtualmachine: vmView(ctx.world, vm) };
    };
  });
}

function destroy(ctx: CommandContext): AsyncWork {
  const vm = lookup(ctx, ctx.world.vms, 'id');
  const expunge = flag(ctx, 'expunge') ?? false;
  return vmWork(vm, () => {
    if (vm.state === 'Destroyed' || vm.state === 'Expunging') throw new ApiError(431, `VM ${vm.name} is already destroyed`);
    if (!['Running', 'Stopped', 'Error'].includes(vm.state)) throw new ApiError(431, `Unable to destroy VM ${vm.name} in state ${vm.state}`);
    return () => {
      recordEvent(ctx, 'VM.DESTROY', `Successfully completed destroying Vm. Vm Name: ${vm.name}`, { id: vm.id, type: 'VirtualMachine' });
      vm.state = expunge ? 'Expunging' : 'Destroyed';
      if (vm.hostid) vm.lasthostid = vm.hostid;
      vm.hostid = undefined;
      const view = vmView(ctx.world, vm);
      if (expunge) expungeVm(ctx.world, vm);
      return { virtualmachine: view };
    };
  });
}

/** Users may expunge only when allow.user.expunge.recover.vm is set (off here); the check runs in the job. */
function expunge(ctx: CommandContext): AsyncWork {
  const vm = lookup(ctx, ctx.world.vms, 'id');
  return vmWork(vm, () => {
    if (!isRootAdmin(ctx.caller)) throw new ApiError(531, 'Expunging a vm can only be done by an Admin. Or when the allow.user.expunge.recover.vm key is set.');
    if (vm.state !== 'Destroyed') throw new ApiError(431, `Please destroy vm with specified vmId before expunge (VM ${vm.name} is ${vm.state})`);
    vm.state = 'Expunging';
    return () => {
      expungeVm(ctx.world, vm);
      recordEvent(ctx, 'VM.EXPUNGE', `Successfully completed expunging Vm. Vm Name: ${vm.name}`, { id: vm.id, type: 'VirtualMachine' });
      return { success: true };
    };
  });
}

/**
 * recoverVirtualMachine is synchronous: a Destroyed VM comes back Stopped. Users may recover only when the
 * operator sets allow.user.expunge.recover.vm (off by default, and off here).
 */
function recover(ctx: CommandContext): Json {
  if (!isRootAdmin(ctx.caller)) {
    throw new ApiError(531, 'Recovering a vm can only be done by an Admin. Or when the allow.user.expunge.recover.vm key is set.');
  }
  const vm = lookup(ctx, ctx.world.vms, 'id');
  if (vm.state !== 'Destroyed') throw new ApiError(431, `Vm with id ${vm.id} is not in the right state`);
  vm.state = 'Stopped';
  recordEvent(ctx, 'VM.RECOVER', `Successfully completed recovering Vm. Vm Name: ${vm.name}`, { id: vm.id, type: 'VirtualMachine' });
  return { virtualmachine: vmView(ctx.world, vm) };
}

export function registerVmLifecycle(table: CommandTable): void {
  asyncCommand(table, 'startVirtualMachine', javaClass('user', 'vm', 'StartVMCmd'), start);
  asyncCommand(table, 'stopVirtualMachine', javaClass('user', 'vm', 'StopVMCmd'), stop);
  asyncCommand(table, 'rebootVirtualMachine', javaClass('user', 'vm', 'RebootVMCmd'), reboot);
  asyncCommand(table, 'destroyVirtualMachine', javaClass('user', 'vm', 'DestroyVMCmd'), destroy);
  syncCommand(table, 'recoverVirtualMachine', javaClass('user', 'vm', 'RecoverVMCmd'), recover);
  asyncCommand(table, 'expungeVirtualMachine', javaClass('admin', 'vm', 'ExpungeVMCmd'), expunge);
}

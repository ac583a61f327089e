/**
 * migrateVirtualMachine, findHostsForMigration and migrateVirtualMachineWithVolume (root admin only).
 * Following the management server, every rule about the VM's state and the target host is checked inside
 * the job: the HTTP call returns a jobid, and the job fails with 431 when a rule is broken.
 */
import { flag, lookup, optionalLookup, param, recordEvent, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import { migrationRefusal, requiresStorageMotion } from '../placement.js';
import { ApiError } from '../protocol.js';
import { hostView, vmView } from '../views.js';
import type { Host } from '../world/types-infra.js';
import type { VirtualMachine } from '../world/types-tenants.js';
import { asyncCommand, javaClass, syncCommand, type AsyncWork, type CommandTable } from './registry.js';

function candidates(ctx: CommandContext, vm: VirtualMachine): Host[] {
  return ctx.world.hosts.filter((host) => host.id !== vm.hostid && host.zoneid === vm.zoneid);
}

function liveMigration(ctx: CommandContext, vm: VirtualMachine, target: Host | undefined): () => () => Record<string, unknown> {
  return () => {
    if (vm.state !== 'Running') throw new ApiError(431, 'VM is not Running, unable to migrate the vm with specified id');
    const host = target ?? candidates(ctx, vm).find((h) => migrationRefusal(ctx.world, vm, h) === undefined);
    if (!host) throw new ApiError(533, `Unable to find a suitable host to migrate VM ${vm.name} to`);
    const refusal = migrationRefusal(ctx.world, vm, host);
    if (refusal) throw new ApiError(431, refusal);
    const source = vm.hostid;
    vm.state = 'Migrating';
    return () => {
      vm.state = 'Running';
      vm.hostid = host.id;
      vm.lasthostid = host.id;
      recordEvent(ctx, 'VM.MIGRATE', `Successfully completed migrating Vm. Vm Name: ${vm.name} from host ${source ?? '-'} to ${host.name}`, { id: vm.id, type: 'VirtualMachine' });
      return { virtualmachine: vmView(ctx.world, vm) };
    };
  };
}

function migrate(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const vm = lookup(ctx, world.vms, 'virtualmachineid');
  const host = optionalLookup(ctx, world.hosts, 'hostid');
  const pool = optionalLookup(ctx, world.storagePools, 'storageid');
  if (host && pool) throw new ApiError(431, 'Only one of hostId and storageId can be specified');
  if (!host && !pool && flag(ctx, 'autoselect') === false) {
    throw new ApiError(431, 'Either hostId or storageId must be specified, or autoselect must be true');
  }
  const work = (begin: AsyncWork['begin']): AsyncWork => ({ instanceType: 'VirtualMachine', instanceId: vm.id, begin });
  if (!pool) return work(liveMigration(ctx, vm, host));
  return work(() => {
    if (vm.state !== 'Stopped') throw new ApiError(431, 'VM is not Stopped, unable to migrate the vm having the specified id');
    const volumes = world.volumes.filter((v) => v.virtualmachineid === vm.id);
    if (volumes.every((v) => v.storageid === pool.id)) throw new ApiError(431, `VM ${vm.name} already has its volumes on storage pool ${pool.name}`);
    if (pool.zoneid !== vm.zoneid) throw new ApiError(431, `Storage pool ${pool.name} is in a different zone than VM ${vm.name}`);
    vm.state = 'Migrating';
    return () => {
      for (const volume of volumes) volume.storageid = pool.id;
      vm.state = 'Stopped';
      vm.lasthostid = undefined;
      recordEvent(ctx, 'VM.MIGRATE', `Successfully completed migrating Vm. Vm Name: ${vm.name} to storage pool ${pool.name}`, { id: vm.id, type: 'VirtualMachine' });
      return { virtualmachine: vmView(ctx.world, vm) };
    };
  });
}

/** With volume motion the storage rule no longer applies; the other host rules still do. */
function migrateWithVolume(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const vm = lookup(ctx, world.vms, 'virtualmachineid');
  const host = optionalLookup(ctx, world.hosts, 'hostid');
  return {
    instanceType: 'VirtualMachine',
    instanceId: vm.id,
    begin: () => {
      if (vm.state !== 'Running') throw new ApiError(431, 'VM is not Running, unable to migrate the vm with specified id');
      const target = host ?? candidates(ctx, vm).find((h) => isOnlyStorageRefusal(ctx, vm, h));
      if (!target) throw new ApiError(533, `Unable to find a suitable host to migrate VM ${vm.name} to`);
      if (!isOnlyStorageRefusal(ctx, vm, target)) throw new ApiError(431, migrationRefusal(world, vm, target) ?? 'Invalid target host');
      const pool = world.storagePools.find((p) => p.scope === 'CLUSTER' && p.clusterid === target.clusterid);
      if (!pool) throw new ApiError(431, `No storage pool reachable from host ${target.name}`);
      vm.state = 'Migrating';
      return () => {
        for (const volume of world.volumes) if (volume.virtualmachineid === vm.id) volume.storageid = pool.id;
        vm.state = 'Running';
        vm.hostid = target.id;
        vm.lasthostid = target.id;
        recordEvent(ctx, 'VM.MIGRATE', `Successfully completed migrating Vm with volumes. Vm Name: ${vm.name} to ${target.name}`, { id: vm.id, type: 'VirtualMachine' });
        return { virtualmachine: vmView(world, vm) };
      };
    },
  };
}

function isOnlyStorageRefusal(ctx: CommandContext, vm: VirtualMachine, host: Host): boolean {
  const refusal = migrationRefusal(ctx.world, vm, host);
  return refusal === undefined || (requiresStorageMotion(ctx.world, vm, host) && refusal.includes('migrateVirtualMachineWithVolume'));
}

function findHosts(ctx: CommandContext): Record<string, unknown> {
  const vm = lookup(ctx, ctx.world.vms, 'virtualmachineid');
  if (vm.state !== 'Running') throw new ApiError(431, `VM ${vm.name} is not Running; only running VMs can be live migrated`);
  const keyword = param(ctx, 'keyword')?.toLowerCase();
  const hosts = candidates(ctx, vm).filter((host) => keyword === undefined || host.name.toLowerCase().includes(keyword));
  return listResponse(ctx, 'host', hosts.map((host) => hostView(ctx.world, host, {
    suitableformigration: migrationRefusal(ctx.world, vm, host) === undefined,
    requiresStorageMotion: requiresStorageMotion(ctx.world, vm, host),
  })));
}

export function registerMigration(table: CommandTable): void {
  asyncCommand(table, 'migrateVirtualMachine', javaClass('admin', 'vm', 'MigrateVMCmd'), migrate, true);
  asyncCommand(table, 'migrateVirtualMachineWithVolume', javaClass('admin', 'vm', 'MigrateVirtualMachineWithVolumeCmd'), migrateWithVolume, true);
  syncCommand(table, 'findHostsForMigration', javaClass('admin', 'host', 'FindHostsForMigrationCmd'), findHosts, true);
}

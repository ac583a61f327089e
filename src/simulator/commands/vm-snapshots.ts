/**
 * VM snapshots (VMSnapshotManagerImpl): create, revert and delete are jobs. The newest snapshot is `current`
 * and the parent of the next one. A Running VM reverts only to a disk-and-memory snapshot and a Stopped VM
 * only to a disk snapshot, since anything else would change the VM's power state.
 */
import { flag, lookup, matching, ownerFields, param, recordEvent, visible, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import { ApiError, csDate, invalidId, withoutNulls, type Json } from '../protocol.js';
import { tagsOf, untag, withTags } from '../tags.js';
import { vmView } from '../views.js';
import type { VmSnapshot } from '../world/types-families.js';
import { asyncCommand, javaClass, syncCommand, type AsyncWork, type CommandTable } from './registry.js';

function snapshotView(ctx: CommandContext, snapshot: VmSnapshot): Json {
  const vm = ctx.world.vms.find((v) => v.id === snapshot.virtualmachineid);
  const parent = ctx.world.vmSnapshots.find((s) => s.id === snapshot.parentid);
  return withoutNulls({
    id: snapshot.id, name: snapshot.name, displayname: snapshot.displayname, description: snapshot.description, state: snapshot.state,
    type: snapshot.type, current: snapshot.current, parent: snapshot.parentid, parentName: parent?.displayname, hypervisor: 'KVM',
    virtualmachineid: snapshot.virtualmachineid, virtualmachinename: vm?.name, zoneid: snapshot.zoneid,
    zonename: ctx.world.zones.find((z) => z.id === snapshot.zoneid)?.name, created: csDate(snapshot.created),
    ...ownerFields(ctx.world, snapshot), tags: tagsOf(ctx.world, 'VMSnapshot', snapshot.id),
  });
}

function createSnapshot(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const vm = lookup(ctx, world.vms, 'virtualmachineid');
  const memory = flag(ctx, 'snapshotmemory') ?? false;
  const stamp = csDate(ctx.now).replace(/\D/g, '').slice(0, 14);
  const snapshot: VmSnapshot = {
    id: ctx.nextId(), name: `${vm.instancename}_VS_${stamp}`, displayname: param(ctx, 'name') ?? `${vm.instancename}_VS_${stamp}`,
    description: param(ctx, 'description'), virtualmachineid: vm.id, zoneid: vm.zoneid, type: memory ? 'DiskAndMemory' : 'Disk',
    state: 'Creating', current: false, created: ctx.now, accountid: vm.accountid, domainid: vm.domainid,
  };
  return {
    instanceType: 'VmSnapshot',
    instanceId: snapshot.id,
    accepted: { id: snapshot.id },
    begin: () => {
      if (vm.state !== 'Running' && vm.state !== 'Stopped') throw new ApiError(431, `Creating VM snapshot failed due to VM ${vm.name} is not in Running or Stopped state (it is ${vm.state})`);
      if (memory && vm.state !== 'Running') throw new ApiError(431, 'Can not snapshot memory when VM is not in Running state');
      if (world.vmSnapshots.some((s) => s.virtualmachineid === vm.id && s.state !== 'Ready' && s.state !== 'Error')) {
        throw new ApiError(431, `There is other active vm snapshot tasks on the instance ${vm.name}, please try again later`);
      }
      world.vmSnapshots.push(snapshot);
      return () => {
        const previous = world.vmSnapshots.find((s) => s.virtualmachineid === vm.id && s.current);
        if (previous) previous.current = false;
        snapshot.parentid = previous?.id;
        snapshot.current = true;
        snapshot.state = 'Ready';
        recordEvent(ctx, 'VMSNAPSHOT.CREATE', `Successfully completed creating snapshot for VM ${vm.name}: ${snapshot.displayname}`, { id: snapshot.id, type: 'VmSnapshot' });
        return { vmsnapshot: snapshotView(ctx, snapshot) };
      };
    },
  };
}

function revert(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const snapshot = lookup(ctx, world.vmSnapshots, 'vmsnapshotid');
  const vm = world.vms.find((v) => v.id === snapshot.virtualmachineid)!;
  return {
    instanceType: 'VmSnapshot',
    instanceId: snapshot.id,
    begin: () => {
      if (snapshot.state !== 'Ready') throw new ApiError(431, `VM Snapshot reverting failed due to vm snapshot is not in the Ready state (it is ${snapshot.state})`);
      if (vm.state !== 'Running' && vm.state !== 'Stopped') throw new ApiError(431, 'VM Snapshot reverting failed due to vm is not in the state of Running or Stopped.');
      if ((vm.state === 'Running' && snapshot.type === 'Disk') || (vm.state === 'Stopped' && snapshot.type === 'DiskAndMemory')) {
        throw new ApiError(431, 'VM Snapshot revert not allowed. This will result in VM state change. You can revert running VM to disk and memory type snapshot and stopped VM to disk type snapshot');
      }
      snapshot.state = 'Reverting';
      return () => {
        snapshot.state = 'Ready';
        for (const other of world.vmSnapshots) if (other.virtualmachineid === vm.id) other.current = other === snapshot;
        recordEvent(ctx, 'VMSNAPSHOT.REVERTTO', `Successfully completed reverting VM ${vm.name} to snapshot ${snapshot.displayname}`, { id: snapshot.id, type: 'VmSnapshot' });
        return { virtualmachine: vmView(world, vm) };
      };
    },
  };
}

function deleteSnapshot(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const snapshot = lookup(ctx, world.vmSnapshots, 'vmsnapshotid');
  return {
    instanceType: 'VmSnapshot',
    instanceId: snapshot.id,
    begin: () => {
      if (snapshot.state !== 'Ready' && snapshot.state !== 'Error') throw new ApiError(431, `Can't delete the vm snapshot ${snapshot.displayname}: it is in ${snapshot.state} state`);
      snapshot.state = 'Expunging';
      return () => {
        // Children hang off the deleted snapshot's parent; if it was current, its parent becomes current.
        for (const child of world.vmSnapshots) if (child.parentid === snapshot.id) child.parentid = snapshot.parentid;
        const parent = world.vmSnapshots.find((s) => s.id === snapshot.parentid);
        if (snapshot.current && parent) parent.current = true;
        world.vmSnapshots = world.vmSnapshots.filter((s) => s !== snapshot);
        untag(world, 'VMSnapshot', snapshot.id);
        recordEvent(ctx, 'VMSNAPSHOT.DELETE', `Successfully completed deleting VM snapshot ${snapshot.displayname}`, { id: snapshot.id, type: 'VmSnapshot' });
        return { success: true };
      };
    },
  };
}

/**
 * ListVMSnapshotCmd's `virtualmachineid`, `vmsnapshotid` and `vmsnapshotids` are UUID parameters of their entity
 * (UserVmResponse, VMSnapshotResponse): the API layer turns each into the internal id before the query, and one
 * that names no such entity is a 431 "entity does not exist", not an empty list.
 */
function knownIds(ctx: CommandContext, ids: readonly string[] | undefined): void {
  const vmId = param(ctx, 'virtualmachineid');
  if (vmId !== undefined && !ctx.world.vms.some((vm) => vm.id === vmId.toLowerCase())) throw invalidId(ctx.command, 'virtualmachineid', vmId);
  for (const [name, values] of [['vmsnapshotid', [param(ctx, 'vmsnapshotid')]], ['vmsnapshotids', ids ?? []]] as const) {
    const unknown = values.find((id) => id !== undefined && !ctx.world.vmSnapshots.some((snapshot) => snapshot.id === id.toLowerCase()));
    if (unknown !== undefined) throw invalidId(ctx.command, name, unknown);
  }
}

export function registerVmSnapshots(table: CommandTable): void {
  asyncCommand(table, 'createVMSnapshot', javaClass('user', 'vmsnapshot', 'CreateVMSnapshotCmd'), createSnapshot);
  asyncCommand(table, 'revertToVMSnapshot', javaClass('user', 'vmsnapshot', 'RevertToVMSnapshotCmd'), revert);
  asyncCommand(table, 'deleteVMSnapshot', javaClass('user', 'vmsnapshot', 'DeleteVMSnapshotCmd'), deleteSnapshot);
  syncCommand(table, 'listVMSnapshot', javaClass('user', 'vmsnapshot', 'ListVMSnapshotCmd'), (ctx) => {
    const ids = param(ctx, 'vmsnapshotids')?.split(',');
    knownIds(ctx, ids);
    return listResponse(ctx, 'vmsnapshot', matching(ctx, withTags(ctx, 'VMSnapshot', visible(ctx, ctx.world.vmSnapshots)), {
      vmsnapshotid: (s) => s.id, virtualmachineid: (s) => s.virtualmachineid, name: (s) => s.displayname, state: (s) => s.state,
    }).filter((s) => ids === undefined || ids.includes(s.id)).map((s) => snapshotView(ctx, s)));
  });
}

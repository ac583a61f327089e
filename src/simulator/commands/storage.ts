/** Volumes and snapshots: list, create, attach, detach (never a ROOT volume), resize (shrinkok to shrink), snapshot. */
import { flag, integer, lookup, matching, optionalLookup, param, recordEvent, visible, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import { ApiError, csDate, withoutNulls, type Json } from '../protocol.js';
import { tagsOf, withTags } from '../tags.js';
import { volumeView } from '../views.js';
import type { Snapshot, Volume } from '../world/types-tenants.js';
import { asyncCommand, javaClass, syncCommand, type AsyncWork, type CommandTable } from './registry.js';

const GB = 1024 ** 3;

function volumeWork(volume: Volume, begin: AsyncWork['begin']): AsyncWork {
  return { instanceType: 'Volume', instanceId: volume.id, begin };
}

function createVolume(ctx: CommandContext): AsyncWork {
  const { world, caller } = ctx;
  const offering = optionalLookup(ctx, world.diskOfferings, 'diskofferingid');
  const snapshot = optionalLookup(ctx, world.snapshots, 'snapshotid');
  if (!offering && !snapshot) throw new ApiError(431, 'Either disk Offering Id or snapshot Id must be passed whilst creating volume');
  const zone = snapshot ? world.zones.find((z) => z.id === snapshot.zoneid) : optionalLookup(ctx, world.zones, 'zoneid');
  if (!zone) throw new ApiError(431, 'Please specify zone id when creating a volume from a disk offering');
  let sizeGb = snapshot ? snapshot.virtualsize / GB : offering!.disksize;
  if (offering?.iscustomized) {
    const size = integer(ctx, 'size');
    if (!size || size <= 0) throw new ApiError(431, 'This disk offering requires a custom size specified');
    sizeGb = size;
  }
  const volume: Volume = {
    id: ctx.nextId(), name: param(ctx, 'name') ?? `DATA-${ctx.nextId().slice(0, 8)}`, type: 'DATADISK', state: 'Allocated', size: sizeGb * GB,
    zoneid: zone.id, diskofferingid: offering?.id, created: ctx.now, accountid: caller.id, domainid: caller.domainid,
  };
  world.volumes.push(volume);
  return volumeWork(volume, () => () => {
    recordEvent(ctx, 'VOLUME.CREATE', `Successfully completed creating volume. Volume Name: ${volume.name}`, { id: volume.id, type: 'Volume' });
    return { volume: volumeView(world, volume) };
  });
}

function attachVolume(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const volume = lookup(ctx, world.volumes, 'id');
  const vm = lookup(ctx, world.vms, 'virtualmachineid');
  return volumeWork(volume, () => {
    if (volume.virtualmachineid) throw new ApiError(431, `Volume ${volume.name} is already attached to a VM`);
    if (vm.state !== 'Running' && vm.state !== 'Stopped') throw new ApiError(431, `Please specify a VM that is either running or stopped (VM ${vm.name} is ${vm.state})`);
    if (volume.zoneid !== vm.zoneid) throw new ApiError(431, `Please specify a VM that is in the same zone as the volume ${volume.name}`);
    const used = new Set(world.volumes.filter((v) => v.virtualmachineid === vm.id).map((v) => v.deviceid));
    const deviceid = integer(ctx, 'deviceid') ?? [1, 2, 4, 5, 6, 7, 8, 9].find((n) => !used.has(n));
    if (deviceid === undefined || used.has(deviceid)) throw new ApiError(431, `Device id ${String(deviceid)} is used in VM ${vm.name}`);
    return () => {
      volume.virtualmachineid = vm.id;
      volume.deviceid = deviceid;
      if (volume.state === 'Allocated') {
        volume.state = 'Ready';
        const root = world.volumes.find((v) => v.virtualmachineid === vm.id && v.type === 'ROOT');
        volume.storageid = root?.storageid;
      }
      recordEvent(ctx, 'VOLUME.ATTACH', `Successfully completed attaching volume ${volume.name} to VM ${vm.name}`, { id: volume.id, type: 'Volume' });
      return { volume: volumeView(world, volume) };
    };
  });
}

function detachVolume(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  let volume = optionalLookup(ctx, world.volumes, 'id');
  if (!volume) {
    const vm = optionalLookup(ctx, world.vms, 'virtualmachineid');
    const deviceid = integer(ctx, 'deviceid');
    if (!vm || deviceid === undefined) throw new ApiError(431, 'Please provide either a volume id, or a tuple(device id, instance id)');
    volume = world.volumes.find((v) => v.virtualmachineid === vm.id && v.deviceid === deviceid);
    if (!volume) throw new ApiError(431, `Unable to find volume with device id ${deviceid} on VM ${vm.name}`);
  }
  const target = volume;
  return volumeWork(target, () => {
    if (target.type === 'ROOT') throw new ApiError(431, 'Please specify a VM that is in the right state for ROOT volume detach; a ROOT volume can be detached only from a Stopped VM of the VMware, XenServer or Hyper-V hypervisors — not KVM');
    if (!target.virtualmachineid) throw new ApiError(431, 'Please specify a volume that is attached to a VM.');
    return () => {
      const vmId = target.virtualmachineid;
      target.virtualmachineid = undefined;
      target.deviceid = undefined;
      recordEvent(ctx, 'VOLUME.DETACH', `Successfully completed detaching volume ${target.name} from VM ${vmId ?? ''}`, { id: target.id, type: 'Volume' });
      return { volume: volumeView(world, target) };
    };
  });
}

function resizeVolume(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const volume = lookup(ctx, world.volumes, 'id');
  const offering = optionalLookup(ctx, world.diskOfferings, 'diskofferingid');
  const requested = integer(ctx, 'size') ?? (offering && !offering.iscustomized ? offering.disksize : undefined);
  if (requested === undefined) throw new ApiError(431, 'Please specify a new size (size, in GB) or a disk offering with a fixed size');
  const shrinkOk = flag(ctx, 'shrinkok') ?? false;
  return volumeWork(volume, () => {
    const newSize = requested * GB;
    if (newSize < volume.size && !shrinkOk) {
      throw new ApiError(431, `Going from existing size of ${volume.size} to size of ${newSize} would shrink the volume. Need to sign off by supplying the shrinkok parameter with value of true.`);
    }
    if (volume.type === 'ROOT' && newSize < volume.size) throw new ApiError(431, 'Shrink operation on ROOT volume not supported');
    return () => {
      volume.size = newSize;
      if (offering) volume.diskofferingid = offering.id;
      recordEvent(ctx, 'VOLUME.RESIZE', `Successfully completed resizing volume ${volume.name} to ${requested} GB`, { id: volume.id, type: 'Volume' });
      return { volume: volumeView(world, volume) };
    };
  });
}

function snapshotView(ctx: CommandContext, snapshot: Snapshot): Json {
  const volume = ctx.world.volumes.find((v) => v.id === snapshot.volumeid);
  return withoutNulls({
    id: snapshot.id, name: snapshot.name, volumeid: snapshot.volumeid, volumename: volume?.name, volumetype: volume?.type, state: snapshot.state,
    snapshottype: 'MANUAL', intervaltype: 'MANUAL', locationtype: 'PRIMARY', zoneid: snapshot.zoneid, virtualsize: snapshot.virtualsize,
    physicalsize: Math.round(snapshot.virtualsize * 0.3), revertable: true, created: csDate(snapshot.created),
    zonename: ctx.world.zones.find((z) => z.id === snapshot.zoneid)?.name, ...ownerFieldsOf(ctx, snapshot),
    tags: tagsOf(ctx.world, 'Snapshot', snapshot.id),
  });
}

function ownerFieldsOf(ctx: CommandContext, snapshot: Snapshot): Json {
  const account = ctx.world.accounts.find((a) => a.id === snapshot.accountid);
  return { account: account?.name, domainid: snapshot.domainid, domain: ctx.world.domains.find((d) => d.id === snapshot.domainid)?.name };
}

function createSnapshot(ctx: CommandContext): AsyncWork {
  const volume = lookup(ctx, ctx.world.volumes, 'volumeid');
  const snapshot: Snapshot = {
    id: ctx.nextId(), name: param(ctx, 'name') ?? `${volume.name}_${csDate(ctx.now).replace(/\D/g, '').slice(0, 14)}`, volumeid: volume.id,
    zoneid: volume.zoneid, state: 'Creating', virtualsize: volume.size, created: ctx.now, accountid: volume.accountid, domainid: volume.domainid,
  };
  return {
    instanceType: 'Snapshot',
    instanceId: snapshot.id,
    begin: () => {
      if (volume.state !== 'Ready') throw new ApiError(431, `VolumeId: ${volume.id} is not in Ready state but ${volume.state}. Cannot take snapshot.`);
      ctx.world.snapshots.push(snapshot);
      return () => {
        snapshot.state = 'BackedUp';
        recordEvent(ctx, 'SNAPSHOT.CREATE', `Successfully completed creating snapshot ${snapshot.name}`, { id: snapshot.id, type: 'Snapshot' });
        return { snapshot: snapshotView(ctx, snapshot) };
      };
    },
  };
}

export function registerStorage(table: CommandTable): void {
  syncCommand(table, 'listVolumes', javaClass('user', 'volume', 'ListVolumesCmd'), (ctx) =>
    listResponse(ctx, 'volume', matching(ctx, withTags(ctx, 'Volume', visible(ctx, ctx.world.volumes)), {
      id: (v) => v.id, name: (v) => v.name, type: (v) => v.type, state: (v) => v.state, zoneid: (v) => v.zoneid,
      virtualmachineid: (v) => v.virtualmachineid, storageid: (v) => v.storageid, diskofferingid: (v) => v.diskofferingid,
    }).map((v) => volumeView(ctx.world, v))),
  );
  asyncCommand(table, 'createVolume', javaClass('user', 'volume', 'CreateVolumeCmd'), createVolume);
  asyncCommand(table, 'attachVolume', javaClass('user', 'volume', 'AttachVolumeCmd'), attachVolume);
  asyncCommand(table, 'detachVolume', javaClass('user', 'volume', 'DetachVolumeCmd'), detachVolume);
  asyncCommand(table, 'resizeVolume', javaClass('user', 'volume', 'ResizeVolumeCmd'), resizeVolume);
  asyncCommand(table, 'createSnapshot', javaClass('user', 'snapshot', 'CreateSnapshotCmd'), createSnapshot);
  syncCommand(table, 'listSnapshots', javaClass('user', 'snapshot', 'ListSnapshotsCmd'), (ctx) =>
    listResponse(ctx, 'snapshot', matching(ctx, withTags(ctx, 'Snapshot', visible(ctx, ctx.world.snapshots)), {
      id: (s) => s.id, name: (s) => s.name, volumeid: (s) => s.volumeid, zoneid: (s) => s.zoneid,
    }).map((s) => snapshotView(ctx, s))),
  );
}

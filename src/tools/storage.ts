/** Storage tools: volumes and snapshots. */
import { defineTools } from './define.js';
import { actionTool, createTool, listTool } from './kinds.js';
import { flag, nonNegativeInt, oneOf, positiveInt, text, uuid } from './schemas.js';

const VOLUME_TYPES = ['ROOT', 'DATADISK'] as const;
const VOLUME_STATES = ['Allocated', 'Creating', 'Ready', 'Resizing', 'Migrating', 'Snapshotting', 'Attaching', 'UploadOp', 'Uploaded', 'Destroy', 'Expunging', 'Expunged'] as const;
const SNAPSHOT_TYPES = ['MANUAL', 'RECURRING', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY'] as const;

const volumeId = uuid('The volume id (list_volumes).');

export const STORAGE_TOOLS = defineTools('storage', [
  listTool({
    name: 'list_volumes',
    title: 'List volumes',
    description: 'Lists disk volumes (ROOT and DATADISK) with size, state and the VM they are attached to.',
    command: 'listVolumes',
    resource: 'volume',
    fields: {
      id: uuid('Only this volume.').optional(),
      name: text('Exact volume name.').optional(),
      virtualmachineid: uuid('Only volumes of this VM.').optional(),
      type: oneOf(VOLUME_TYPES, 'ROOT or DATADISK.').optional(),
      state: oneOf(VOLUME_STATES, 'Only volumes in this state.').optional(),
      zoneid: uuid('Only volumes in this zone.').optional(),
      storageid: uuid('Only volumes on this storage pool (admin).').optional(),
    },
  }),
  createTool({
    name: 'create_volume',
    title: 'Create a volume',
    description:
      'Creates a data volume from a disk offering or from a snapshot (list_snapshots), and waits for it. ' +
      'Attach it with attach_volume, or pass virtualmachineid to attach it right away.',
    command: 'createVolume',
    resource: 'volume',
    fields: {
      name: text('Volume name.').optional(),
      zoneid: uuid('Zone to create it in (list_zones). Required unless created from a snapshot.').optional(),
      diskofferingid: uuid('Disk offering; its size applies unless the offering is custom.').optional(),
      size: positiveInt('Size in GB, for custom disk offerings.').optional(),
      snapshotid: uuid('Create from this snapshot instead of an offering.').optional(),
      virtualmachineid: uuid('Attach to this VM once created.').optional(),
    },
    refine: (input) =>
      input.refine((args) => args.diskofferingid !== undefined || args.snapshotid !== undefined, {
        message: 'give diskofferingid or snapshotid',
        path: ['diskofferingid'],
      }),
  }),
  actionTool({
    name: 'attach_volume',
    title: 'Attach a volume',
    description: 'Attaches a data volume to a VM and waits for the job. Find detached volumes with list_volumes.',
    command: 'attachVolume',
    resource: 'volume',
    fields: {
      id: volumeId,
      virtualmachineid: uuid('The VM to attach to (list_virtual_machines).'),
      deviceid: nonNegativeInt('Device slot on the VM; CloudStack picks one when absent.').optional(),
    },
    disruptive: false,
    idempotent: true,
  }),
  actionTool({
    name: 'detach_volume',
    title: 'Detach a volume',
    description:
      'Detaches a data volume from its VM and waits for the job. Unmount it in the guest first: in-flight writes are lost. ' +
      'Give the volume id, or the VM id and device id.',
    command: 'detachVolume',
    resource: 'volume',
    fields: {
      id: volumeId.optional(),
      virtualmachineid: uuid('The VM, with deviceid, when the volume id is not known.').optional(),
      deviceid: nonNegativeInt('Device slot of the volume on the VM.').optional(),
    },
    disruptive: true,
    idempotent: true,
    refine: (input) =>
      input.refine((args) => args.id !== undefined || (args.virtualmachineid !== undefined && args.deviceid !== undefined), {
        message: 'give id, or virtualmachineid and deviceid',
        path: ['id'],
      }),
  }),
  actionTool({
    name: 'resize_volume',
    title: 'Resize a volume',
    description:
      'Resizes a volume to a new size in GB (custom offerings) or to another disk offering, and waits for the job. ' +
      'Shrinking needs shrinkok=true and can destroy data; the guest file system must be grown separately.',
    command: 'resizeVolume',
    resource: 'volume',
    fields: {
      id: volumeId,
      size: positiveInt('New size in GB.').optional(),
      diskofferingid: uuid('New disk offering.').optional(),
      shrinkok: flag('Allow shrinking (data beyond the new size is lost).').optional(),
    },
    disruptive: true,
    idempotent: false,
    refine: (input) => input.refine((args) => args.size !== undefined || args.diskofferingid !== undefined, { message: 'give size or diskofferingid', path: ['size'] }),
  }),
  createTool({
    name: 'create_snapshot',
    title: 'Snapshot a volume',
    description: 'Takes a snapshot of a volume and waits until it is backed up. List them with list_snapshots.',
    command: 'createSnapshot',
    resource: 'snapshot',
    fields: {
      volumeid: uuid('The volume to snapshot (list_volumes).'),
      name: text('Snapshot name.').optional(),
      quiescevm: flag('Quiesce the VM first (hypervisor support needed).').optional(),
    },
  }),
  listTool({
    name: 'list_snapshots',
    title: 'List snapshots',
    description: 'Lists volume snapshots with their state and source volume.',
    command: 'listSnapshots',
    resource: 'snapshot',
    fields: {
      id: uuid('Only this snapshot.').optional(),
      name: text('Exact snapshot name.').optional(),
      volumeid: uuid('Only snapshots of this volume.').optional(),
      snapshottype: oneOf(SNAPSHOT_TYPES, 'Manual or scheduled snapshots.').optional(),
      zoneid: uuid('Only snapshots in this zone.').optional(),
    },
  }),
]);

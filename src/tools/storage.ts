/** Storage tools: volumes and snapshots. */
import { defineTools } from './define.js';
import { actionTool, BY_NAME, createTool, listTool } from './kinds.js';
import { flag, nonNegativeInt, oneOf, positiveInt, text, uuid } from './schemas.js';

const VOLUME_TYPES = ['ROOT', 'DATADISK'] as const;
const VOLUME_STATES = ['Allocated', 'Creating', 'Ready', 'Resizing', 'Migrating', 'Snapshotting', 'Attaching', 'UploadOp', 'Uploaded', 'Destroy', 'Expunging', 'Expunged'] as const;
const SNAPSHOT_TYPES = ['MANUAL', 'RECURRING', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY'] as const;

const volumeId = uuid();

export const STORAGE_TOOLS = defineTools('storage', [
  listTool({
    name: 'list_volumes',
    title: 'List volumes',
    description: 'Lists disk volumes (ROOT and DATADISK) with size, state and the VM they are attached to.',
    command: 'listVolumes',
    resource: 'volume',
    fields: {
      id: BY_NAME,
      name: BY_NAME,
      virtualmachineid: BY_NAME,
      type: oneOf(VOLUME_TYPES).optional(),
      state: oneOf(VOLUME_STATES).optional(),
      zoneid: BY_NAME,
      storageid: uuid('A storage pool (admin).').optional(),
    },
  }),
  createTool({
    name: 'create_volume',
    title: 'Create a volume',
    description:
      'Creates a data volume from a disk offering (list_disk_offerings) or a snapshot; virtualmachineid attaches it at once, ' +
      'else attach_volume.',
    command: 'createVolume',
    resource: 'volume',
    fields: {
      name: text().optional(),
      zoneid: uuid('Required unless from a snapshot.').optional(),
      diskofferingid: uuid().optional(),
      size: positiveInt('GB, for a custom disk offering.').optional(),
      snapshotid: uuid().optional(),
      virtualmachineid: uuid().optional(),
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
    description: 'Attaches a detached data volume (list_volumes) to a VM.',
    command: 'attachVolume',
    resource: 'volume',
    fields: {
      id: volumeId,
      virtualmachineid: uuid(),
      deviceid: nonNegativeInt('Device slot (default: the next free one).').optional(),
    },
    disruptive: false,
    idempotent: true,
  }),
  actionTool({
    name: 'detach_volume',
    title: 'Detach a volume',
    description:
      'Detaches a data volume, given by id or by virtualmachineid and deviceid, from its VM. Unmount it in the guest first: ' +
      'in-flight writes are lost.',
    command: 'detachVolume',
    resource: 'volume',
    fields: {
      id: volumeId.optional(),
      virtualmachineid: uuid().optional(),
      deviceid: nonNegativeInt().optional(),
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
      'Resizes a volume to a new size (custom offerings) or disk offering. Shrinking needs shrinkok=true and can destroy data; ' +
      'grow the guest file system separately.',
    command: 'resizeVolume',
    resource: 'volume',
    fields: {
      id: volumeId,
      size: positiveInt('GB.').optional(),
      diskofferingid: uuid().optional(),
      shrinkok: flag('Allow shrinking (data past the new size is lost).').optional(),
    },
    disruptive: true,
    idempotent: false,
    refine: (input) => input.refine((args) => args.size !== undefined || args.diskofferingid !== undefined, { message: 'give size or diskofferingid', path: ['size'] }),
  }),
  createTool({
    name: 'create_snapshot',
    title: 'Snapshot a volume',
    description: 'Takes a snapshot of a volume, backed up when the call returns.',
    command: 'createSnapshot',
    resource: 'snapshot',
    fields: {
      volumeid: uuid(),
      name: text().optional(),
      quiescevm: flag('Quiesce the VM first (if the hypervisor can).').optional(),
    },
  }),
  listTool({
    name: 'list_snapshots',
    title: 'List snapshots',
    description: 'Lists volume snapshots with their state and source volume.',
    command: 'listSnapshots',
    resource: 'snapshot',
    fields: {
      id: BY_NAME,
      name: BY_NAME,
      volumeid: uuid().optional(),
      snapshottype: oneOf(SNAPSHOT_TYPES).optional(),
      zoneid: BY_NAME,
    },
  }),
]);

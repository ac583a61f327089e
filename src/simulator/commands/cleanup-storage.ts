/** Deleting volumes (synchronous in CloudStack) and snapshots (a job), with VolumeApiServiceImpl's state rules. */
import { lookup, recordEvent, type CommandContext } from '../context.js';
import { ApiError, type Json } from '../protocol.js';
import { untag } from '../tags.js';
import { asyncCommand, javaClass, syncCommand, type AsyncWork, type CommandTable } from './registry.js';

function deleteVolume(ctx: CommandContext): Json {
  const { world } = ctx;
  const volume = lookup(ctx, world.volumes, 'id');
  if (volume.virtualmachineid && volume.state !== 'Allocated') throw new ApiError(431, 'Please specify a volume that is not attached to any VM.');
  if (world.snapshots.some((s) => s.volumeid === volume.id && s.state === 'Creating')) {
    throw new ApiError(431, 'There are snapshot operations in progress on the volume, unable to delete it');
  }
  world.volumes = world.volumes.filter((v) => v !== volume);
  untag(world, 'Volume', volume.id);
  recordEvent(ctx, 'VOLUME.DELETE', `Successfully completed deleting Volume. Volume Name: ${volume.name}`, { id: volume.id, type: 'Volume' });
  return { success: true };
}

function deleteSnapshot(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const snapshot = lookup(ctx, world.snapshots, 'id');
  return {
    instanceType: 'Snapshot',
    instanceId: snapshot.id,
    begin: () => {
      // The doubled "snapshotshot" is CloudStack's own text.
      if (snapshot.state !== 'BackedUp') throw new ApiError(431, `Can't delete snapshotshot ${snapshot.id} due to it is in ${snapshot.state} Status`);
      return () => {
        world.snapshots = world.snapshots.filter((s) => s !== snapshot);
        untag(world, 'Snapshot', snapshot.id);
        recordEvent(ctx, 'SNAPSHOT.DELETE', `Successfully completed deleting snapshot ${snapshot.name}`, { id: snapshot.id, type: 'Snapshot' });
        return { success: true };
      };
    },
  };
}

export function registerStorageCleanup(table: CommandTable): void {
  syncCommand(table, 'deleteVolume', javaClass('user', 'volume', 'DeleteVolumeCmd'), deleteVolume);
  asyncCommand(table, 'deleteSnapshot', javaClass('user', 'snapshot', 'DeleteSnapshotCmd'), deleteSnapshot);
}

/** Storage families: the disk offerings create_volume needs, and undoing volumes and snapshots. */
import { defineTools } from '../define.js';
import { BY_NAME, deleteTool, listTool } from '../kinds.js';

export const STORAGE_FAMILY_TOOLS = defineTools('storage', [
  listTool({
    name: 'list_disk_offerings',
    title: 'List disk offerings',
    description: 'Lists disk offerings (size, custom or fixed, storage type): the diskofferingid of create_volume and resize_volume.',
    command: 'listDiskOfferings',
    resource: 'diskoffering',
    fields: {
      id: BY_NAME,
      name: BY_NAME,
      zoneid: BY_NAME,
      virtualmachineid: 'Offerings its volumes can use.',
      volumeid: 'Offerings it can be resized to.',
    },
  }),
  deleteTool({
    name: 'delete_volume',
    title: 'Delete a volume',
    description: 'Deletes a detached data volume (detach_volume first) and its data. Cannot be undone.',
    command: 'deleteVolume',
    fields: { id: BY_NAME },
  }),
  deleteTool({
    name: 'delete_snapshot',
    title: 'Delete a snapshot',
    description: 'Deletes a volume snapshot (list_snapshots), or only its copy in zoneid. Cannot be undone.',
    command: 'deleteSnapshot',
    fields: { id: BY_NAME, zoneid: BY_NAME },
  }),
]);

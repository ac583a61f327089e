/** Storage families: the disk offerings create_volume needs, and undoing volumes and snapshots. */
import { defineTools } from '../define.js';
import { deleteTool, listTool } from '../kinds.js';

export const STORAGE_FAMILY_TOOLS = defineTools('storage', [
  listTool({
    name: 'list_disk_offerings',
    title: 'List disk offerings',
    description: 'Lists disk offerings (size, custom or fixed, storage type): the diskofferingid of create_volume and resize_volume.',
    command: 'listDiskOfferings',
    resource: 'diskoffering',
    fields: {
      id: 'Only this offering.',
      name: 'Exact offering name.',
      zoneid: 'Only offerings usable in this zone.',
      virtualmachineid: 'Only offerings a volume of this VM can use.',
      volumeid: 'Only offerings this volume can be resized to.',
    },
  }),
  deleteTool({
    name: 'delete_volume',
    title: 'Delete a volume',
    description: 'Deletes a detached data volume and its data (detach_volume first). Cannot be undone.',
    command: 'deleteVolume',
    fields: { id: 'The volume id (list_volumes).' },
  }),
  deleteTool({
    name: 'delete_snapshot',
    title: 'Delete a snapshot',
    description: 'Deletes a volume snapshot and waits for the job. Cannot be undone.',
    command: 'deleteSnapshot',
    fields: { id: 'The snapshot id (list_snapshots).', zoneid: 'Delete only its copy in this zone.' },
  }),
]);

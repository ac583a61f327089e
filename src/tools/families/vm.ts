/** VM families: recovering or expunging a destroyed VM, and VM snapshots (listed, taken, reverted to, deleted). */
import { defineTools } from '../define.js';
import { actionTool, BY_NAME, createTool, deleteTool, listTool } from '../kinds.js';
import { oneOf } from '../schemas.js';

const VM_SNAPSHOT_STATES = ['Allocated', 'Creating', 'Ready', 'Expunging', 'Reverting', 'Error', 'Removed'] as const;

export const VM_FAMILY_TOOLS = defineTools('vm', [
  actionTool({
    name: 'recover_virtual_machine',
    title: 'Recover a destroyed virtual machine',
    description: 'Brings a Destroyed, not yet expunged VM (list_virtual_machines state=Destroyed) back as Stopped.',
    command: 'recoverVirtualMachine',
    resource: 'virtualmachine',
    fields: { id: BY_NAME },
    disruptive: false,
    idempotent: true,
  }),
  actionTool({
    name: 'expunge_virtual_machine',
    title: 'Expunge a destroyed virtual machine',
    description: 'Removes a Destroyed VM (list_virtual_machines state=Destroyed) for good, its volumes released. Cannot be undone.',
    command: 'expungeVirtualMachine',
    fields: { id: BY_NAME },
    disruptive: true,
    idempotent: true,
  }),
  listTool({
    name: 'list_vm_snapshots',
    title: 'List VM snapshots',
    description: 'Lists VM snapshots (disk and optionally memory) with their state and whether each is the current one.',
    command: 'listVMSnapshot',
    resource: 'vmsnapshot',
    fields: {
      vmsnapshotid: BY_NAME,
      virtualmachineid: BY_NAME,
      name: BY_NAME,
      state: oneOf(VM_SNAPSHOT_STATES).optional(),
    },
  }),
  createTool({
    name: 'create_vm_snapshot',
    title: 'Snapshot a virtual machine',
    description: 'Takes a snapshot of a VM\'s disks (and memory with snapshotmemory=true) that revert_to_vm_snapshot can go back to.',
    command: 'createVMSnapshot',
    resource: 'vmsnapshot',
    fields: {
      virtualmachineid: BY_NAME,
      name: BY_NAME,
      description: BY_NAME,
      snapshotmemory: 'Include the memory (VM Running).',
      quiescevm: 'Quiesce the guest first (if the hypervisor can).',
    },
  }),
  actionTool({
    name: 'revert_to_vm_snapshot',
    title: 'Revert a VM to a snapshot',
    description: 'Returns a VM to a VM snapshot (list_vm_snapshots): everything written since the snapshot is lost.',
    command: 'revertToVMSnapshot',
    resource: 'virtualmachine',
    fields: { vmsnapshotid: BY_NAME },
    disruptive: true,
    idempotent: true,
  }),
  deleteTool({
    name: 'delete_vm_snapshot',
    title: 'Delete a VM snapshot',
    description: 'Deletes a VM snapshot (list_vm_snapshots); the VM itself is not changed.',
    command: 'deleteVMSnapshot',
    fields: { vmsnapshotid: BY_NAME },
  }),
]);

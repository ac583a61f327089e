/** VM families: recovering or expunging a destroyed VM, and VM snapshots (listed, taken, reverted to, deleted). */
import { defineTools } from '../define.js';
import { actionTool, createTool, deleteTool, listTool } from '../kinds.js';
import { oneOf } from '../schemas.js';

const VM_SNAPSHOT_STATES = ['Allocated', 'Creating', 'Ready', 'Expunging', 'Reverting', 'Error', 'Removed'] as const;

export const VM_FAMILY_TOOLS = defineTools('vm', [
  actionTool({
    name: 'recover_virtual_machine',
    title: 'Recover a destroyed virtual machine',
    description: 'Brings a Destroyed (not yet expunged) VM back as Stopped; start it with start_virtual_machine.',
    command: 'recoverVirtualMachine',
    resource: 'virtualmachine',
    fields: { id: 'The destroyed VM id (list_virtual_machines state=Destroyed).' },
    disruptive: false,
    idempotent: true,
  }),
  actionTool({
    name: 'expunge_virtual_machine',
    title: 'Expunge a destroyed virtual machine',
    description: 'Removes a Destroyed VM for good (its volumes are released) and waits for the job. Cannot be undone.',
    command: 'expungeVirtualMachine',
    fields: { id: 'The destroyed VM id (list_virtual_machines state=Destroyed).' },
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
      vmsnapshotid: 'Only this VM snapshot.',
      virtualmachineid: 'Only snapshots of this VM.',
      name: 'Exact snapshot name.',
      state: oneOf(VM_SNAPSHOT_STATES, 'Only snapshots in this state.').optional(),
    },
  }),
  createTool({
    name: 'create_vm_snapshot',
    title: 'Snapshot a virtual machine',
    description: 'Takes a snapshot of a VM\'s disks (and memory with snapshotmemory=true) and waits for it; revert_to_vm_snapshot goes back to it.',
    command: 'createVMSnapshot',
    resource: 'vmsnapshot',
    fields: {
      virtualmachineid: 'The VM (list_virtual_machines).',
      name: 'Snapshot name.',
      description: 'Description.',
      snapshotmemory: 'Include the memory (the VM must be Running).',
      quiescevm: 'Quiesce the guest first (hypervisor support needed).',
    },
  }),
  actionTool({
    name: 'revert_to_vm_snapshot',
    title: 'Revert a VM to a snapshot',
    description: 'Returns a VM to a VM snapshot and waits for the job: everything written since the snapshot is lost.',
    command: 'revertToVMSnapshot',
    resource: 'virtualmachine',
    fields: { vmsnapshotid: 'The VM snapshot id (list_vm_snapshots).' },
    disruptive: true,
    idempotent: true,
  }),
  deleteTool({
    name: 'delete_vm_snapshot',
    title: 'Delete a VM snapshot',
    description: 'Deletes a VM snapshot and waits for the job. The VM itself is not changed.',
    command: 'deleteVMSnapshot',
    fields: { vmsnapshotid: 'The VM snapshot id (list_vm_snapshots).' },
  }),
]);

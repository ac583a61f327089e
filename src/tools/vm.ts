/** Virtual machine tools: lifecycle, sizing, placement. destroy/deploy are workflows (workflows/). */
import { defineTools, DISRUPT_IDEMPOTENT } from './define.js';
import { actionTool, getTool, listTool } from './kinds.js';
import { flag, uuid } from './schemas.js';
import { deployVirtualMachineInput, prepareDeployVirtualMachine, runDeployVirtualMachine } from './workflows/deploy-vm.js';
import { destroyVirtualMachineInput, runDestroyVirtualMachine } from './workflows/destroy-vm.js';
import { offeringDetails, vmFilterFields, vmId } from './vm-fields.js';

const VM = 'virtualmachine';
const newOffering = uuid('The new service offering (list_service_offerings).');

export const VM_TOOLS = defineTools('vm', [
  listTool({
    name: 'list_virtual_machines',
    title: 'List virtual machines',
    description:
      'Lists virtual machines with their state, zone, host and offering. Filter by state, zone, host, name or keyword. ' +
      'Use get_virtual_machine for one VM by id.',
    command: 'listVirtualMachines',
    resource: VM,
    fields: vmFilterFields,
  }),
  getTool({
    name: 'get_virtual_machine',
    title: 'Get a virtual machine',
    description: 'Returns one virtual machine by id with all its details (NICs, host, offering, state). An unknown id is an error.',
    command: 'listVirtualMachines',
    resource: VM,
    listTool: 'list_virtual_machines',
  }),
  actionTool({
    name: 'start_virtual_machine',
    title: 'Start a virtual machine',
    description: 'Starts a Stopped VM and waits for the job. Optionally on a given host (admin). Reports progress while the job runs.',
    command: 'startVirtualMachine',
    resource: VM,
    fields: { id: vmId, hostid: uuid('Start on this host (admin; list_hosts).').optional() },
    disruptive: false,
    idempotent: true,
  }),
  actionTool({
    name: 'stop_virtual_machine',
    title: 'Stop a virtual machine',
    description:
      'Stops a Running VM and waits for the job. A graceful shutdown by default (forced=false, as CloudStack does: the ' +
      'guest OS is asked to shut down); forced=true is a hard power-off that can corrupt the guest file system.',
    command: 'stopVirtualMachine',
    resource: VM,
    fields: {
      id: vmId,
      // CloudStack's own default; a hard power-off is only ever asked for explicitly.
      forced: flag('Hard power-off (default false: the guest OS is asked to shut down).').default(false),
    },
    disruptive: true,
    idempotent: true,
  }),
  actionTool({
    name: 'reboot_virtual_machine',
    title: 'Reboot a virtual machine',
    description: 'Reboots a Running VM and waits for the job. The guest is interrupted.',
    command: 'rebootVirtualMachine',
    resource: VM,
    fields: { id: vmId, forced: flag('Hard reset instead of a guest reboot.').optional() },
    disruptive: true,
    idempotent: false,
  }),
  {
    name: 'destroy_virtual_machine',
    title: 'Destroy a virtual machine',
    description:
      'Destroys a VM from any state; by default it stays recoverable as Destroyed until CloudStack\'s expunge delay. ' +
      'expunge=true removes it at once (gone for good, volumes released). Waits for every job and reports the final state.',
    command: 'destroyVirtualMachine',
    input: destroyVirtualMachineInput,
    hints: DISRUPT_IDEMPOTENT,
    result: { kind: 'object', resource: VM },
    toolOnlyArgs: ['confirm'],
    run: runDestroyVirtualMachine,
  },
  {
    name: 'deploy_virtual_machine',
    title: 'Deploy a virtual machine',
    description:
      'Creates and starts a VM and waits for it. Needs serviceofferingid (list_service_offerings), templateid ' +
      '(list_templates) and zoneid (list_zones). In an Advanced zone without networkids it uses your default isolated ' +
      'network; when there is none or several, it says so and you pass networkids (list_networks).',
    command: 'deployVirtualMachine',
    input: deployVirtualMachineInput,
    hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    result: { kind: 'object', resource: VM },
    run: runDeployVirtualMachine,
    prepare: prepareDeployVirtualMachine,
  },
  actionTool({
    name: 'scale_virtual_machine',
    title: 'Scale a running virtual machine',
    description:
      'Changes a Running VM to another service offering live (the offering and template must be dynamically scalable). ' +
      'For a Stopped VM use change_service_offering_virtual_machine.',
    command: 'scaleVirtualMachine',
    resource: VM,
    fields: { id: vmId, serviceofferingid: newOffering, details: offeringDetails },
    disruptive: true,
    idempotent: false,
  }),
  actionTool({
    name: 'migrate_virtual_machine',
    title: 'Migrate a virtual machine',
    description:
      'Moves a VM to another host or its root volume to another storage pool, and waits for the job. Find a target ' +
      'with find_hosts_for_migration; the VM must be Running for hostid (live migration), Stopped for storageid. ' +
      'Give one of hostid/storageid, or neither to let CloudStack pick a host.',
    command: 'migrateVirtualMachine',
    resource: VM,
    fields: {
      virtualmachineid: vmId,
      hostid: uuid('Target host (find_hosts_for_migration). The VM must be Running.').optional(),
      storageid: uuid('Target storage pool (list_storage_pools). The VM must be Stopped.').optional(),
      autoselect: flag('Let CloudStack choose the host when hostid is not given (default true).').optional(),
    },
    disruptive: true,
    idempotent: true,
    refine: (input) =>
      input
        .refine((args) => !(args.hostid && args.storageid), { message: 'give only one of hostid and storageid', path: ['storageid'] })
        // CloudStack answers 431 when it may neither pick a host nor has a target.
        .refine((args) => args.autoselect !== false || args.hostid !== undefined || args.storageid !== undefined, {
          message: 'autoselect=false needs hostid or storageid',
          path: ['autoselect'],
        }),
  }),
  actionTool({
    name: 'reset_password_virtual_machine',
    title: 'Reset a VM password',
    description:
      'Generates a new password for a VM whose template is password-enabled (the VM should be Stopped) and returns it ' +
      'once: store it now, it is not shown again and never logged.',
    command: 'resetPasswordForVirtualMachine',
    resource: VM,
    fields: { id: vmId },
    disruptive: true,
    idempotent: false,
    secretFields: ['password'],
  }),
  actionTool({
    name: 'change_service_offering_virtual_machine',
    title: 'Change the service offering of a stopped VM',
    description:
      'Changes the CPU/memory offering of a Stopped VM (synchronous). For a Running VM use scale_virtual_machine, or ' +
      'stop it first with stop_virtual_machine.',
    command: 'changeServiceForVirtualMachine',
    resource: VM,
    fields: { id: vmId, serviceofferingid: newOffering, details: offeringDetails },
    disruptive: true,
    idempotent: true,
  }),
  listTool({
    name: 'list_virtual_machine_metrics',
    title: 'List virtual machine metrics',
    description: 'Lists VMs with their CPU, memory, disk and network usage figures. Same filters as list_virtual_machines.',
    command: 'listVirtualMachinesMetrics',
    resource: VM,
    view: 'virtualmachinemetrics',
    fields: vmFilterFields,
  }),
  listTool({
    name: 'find_hosts_for_migration',
    title: 'Find hosts a VM can migrate to',
    description:
      'Lists candidate hosts for migrating a VM, with whether each is suitable and whether its storage would have to ' +
      'move (requiresStorageMotion). Use a suitable host id as hostid in migrate_virtual_machine.',
    command: 'findHostsForMigration',
    resource: 'host',
    owner: false,
    fields: { virtualmachineid: vmId },
  }),
]);

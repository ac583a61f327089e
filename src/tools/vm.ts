/** Virtual machine tools: lifecycle, sizing, placement. destroy/deploy are workflows (workflows/). */
import { defineTools, DISRUPT_IDEMPOTENT } from './define.js';
import { actionTool, getTool, listTool } from './kinds.js';
import { flag, uuid } from './schemas.js';
import { deployVirtualMachineInput, prepareDeployVirtualMachine, runDeployVirtualMachine } from './workflows/deploy-vm.js';
import { DESTROY_ALSO_SENDS, destroyVirtualMachineInput, prepareDestroyVirtualMachine, runDestroyVirtualMachine } from './workflows/destroy-vm.js';
import { offeringDetails, vmFilterFields, vmId } from './vm-fields.js';

const VM = 'virtualmachine';
const newOffering = uuid('The new offering.');

export const VM_TOOLS = defineTools('vm', [
  listTool({
    name: 'list_virtual_machines',
    title: 'List virtual machines',
    description:
      'Lists virtual machines with their state, zone, host and offering; get_virtual_machine shows one with its NICs and IPs.',
    command: 'listVirtualMachines',
    resource: VM,
    fields: vmFilterFields,
  }),
  getTool({
    name: 'get_virtual_machine',
    title: 'Get a virtual machine',
    description: 'Returns one virtual machine by id with all its details (NICs and IPs, host, offering, state).',
    command: 'listVirtualMachines',
    resource: VM,
    listTool: 'list_virtual_machines',
  }),
  actionTool({
    name: 'start_virtual_machine',
    title: 'Start a virtual machine',
    description: 'Starts a Stopped VM, optionally on a given host (admin).',
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
      'Stops a Running VM: the guest OS is asked to shut down (graceful by default); forced=true is a hard power-off that can ' +
      'corrupt the guest file system.',
    command: 'stopVirtualMachine',
    resource: VM,
    fields: {
      id: vmId,
      // CloudStack's own default; a hard power-off is only ever asked for explicitly.
      forced: flag('Hard power-off.').default(false),
    },
    disruptive: true,
    idempotent: true,
  }),
  actionTool({
    name: 'reboot_virtual_machine',
    title: 'Reboot a virtual machine',
    description: 'Reboots a Running VM; the guest is interrupted.',
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
      'Destroys a VM from any state; it stays recoverable (recover_virtual_machine) as Destroyed until CloudStack\'s expunge ' +
      'delay, unless expunge=true removes it at once for good.',
    command: 'destroyVirtualMachine',
    input: destroyVirtualMachineInput,
    hints: DISRUPT_IDEMPOTENT,
    result: { kind: 'object', resource: VM },
    toolOnlyArgs: ['confirm'],
    run: runDestroyVirtualMachine,
    prepare: prepareDestroyVirtualMachine,
    alsoSends: DESTROY_ALSO_SENDS,
  },
  {
    name: 'deploy_virtual_machine',
    title: 'Deploy a virtual machine',
    description:
      'Creates and starts a VM from serviceofferingid (list_service_offerings), templateid (list_templates) and zoneid ' +
      '(list_zones). Without networkids an Advanced zone uses your one isolated network, else it asks for networkids.',
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
      'Changes a Running VM\'s service offering live (offering and template must be dynamically scalable); for a Stopped VM ' +
      'use change_service_offering_virtual_machine.',
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
      'Moves a VM to another host (find_hosts_for_migration) or its root volume to another storage pool: Running for hostid ' +
      '(live), Stopped for storageid; neither lets CloudStack pick a host.',
    command: 'migrateVirtualMachine',
    resource: VM,
    fields: {
      virtualmachineid: vmId,
      hostid: uuid().optional(),
      storageid: uuid('A storage pool (list_storage_pools).').optional(),
      autoselect: flag('Let CloudStack pick a host (default true).').optional(),
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
      'Sets a new generated password on a VM from a password-enabled template (Stopped) and returns it once: store it, it ' +
      'is never shown again or logged.',
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
      'Changes the CPU/memory offering of a Stopped VM; for a Running VM use scale_virtual_machine or stop it first.',
    command: 'changeServiceForVirtualMachine',
    resource: VM,
    fields: { id: vmId, serviceofferingid: newOffering, details: offeringDetails },
    disruptive: true,
    idempotent: true,
  }),
  listTool({
    name: 'list_virtual_machine_metrics',
    title: 'List virtual machine metrics',
    description: 'Lists VMs with their CPU, memory, disk and network usage figures.',
    command: 'listVirtualMachinesMetrics',
    resource: VM,
    view: 'virtualmachinemetrics',
    fields: vmFilterFields,
  }),
  listTool({
    name: 'find_hosts_for_migration',
    title: 'Find hosts a VM can migrate to',
    description:
      'Lists the hosts a VM could migrate to, whether each is suitable and needs its storage moved: the hostid of ' +
      'migrate_virtual_machine.',
    command: 'findHostsForMigration',
    resource: 'host',
    owner: false,
    fields: { virtualmachineid: vmId },
  }),
]);

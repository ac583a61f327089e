/** Virtual machine tools: lifecycle, sizing, placement. get/destroy/deploy are workflows (workflows/). */
import { z } from 'zod';
import { CHANGE_IDEMPOTENT, defineTools, DISRUPT, DISRUPT_IDEMPOTENT, READ } from './define.js';
import { confirm, DEFAULT_PAGE_SIZE, flag, listFields, uuid } from './schemas.js';
import { deployVirtualMachineInput, prepareDeployVirtualMachine, runDeployVirtualMachine } from './workflows/deploy-vm.js';
import { destroyVirtualMachineInput, runDestroyVirtualMachine } from './workflows/destroy-vm.js';
import { getVirtualMachineInput, runGetVirtualMachine } from './workflows/get-vm.js';
import { offeringDetails, vmFilters, vmId } from './vm-fields.js';


export const VM_TOOLS = defineTools('vm', [
  {
    name: 'list_virtual_machines',
    title: 'List virtual machines',
    description:
      'Lists virtual machines with their state, zone, host and offering. Filter by state, zone, host, name or keyword; ' +
      `paged (${DEFAULT_PAGE_SIZE} per page by default). Use get_virtual_machine for one VM by id.`,
    command: 'listVirtualMachines',
    input: z.strictObject(vmFilters('listVirtualMachines')),
    hints: READ,
    result: { kind: 'list', resource: 'virtualmachine' },
  },
  {
    name: 'get_virtual_machine',
    title: 'Get a virtual machine',
    description: 'Returns one virtual machine by id with all its details (NICs, host, offering, state). An unknown id is an error.',
    command: 'listVirtualMachines',
    input: getVirtualMachineInput,
    hints: READ,
    result: { kind: 'object', resource: 'virtualmachine' },
    run: runGetVirtualMachine,
  },
  {
    name: 'start_virtual_machine',
    title: 'Start a virtual machine',
    description: 'Starts a Stopped VM and waits for the job. Optionally on a given host (admin). Reports progress while the job runs.',
    command: 'startVirtualMachine',
    input: z.strictObject({ id: vmId, hostid: uuid('Start on this host (admin; list_hosts).').optional() }),
    hints: CHANGE_IDEMPOTENT,
    result: { kind: 'object', resource: 'virtualmachine' },
  },
  {
    name: 'stop_virtual_machine',
    title: 'Stop a virtual machine',
    description:
      'Stops a Running VM and waits for the job. A graceful shutdown by default (forced=false, as CloudStack does: the ' +
      'guest OS is asked to shut down); forced=true is a hard power-off that can corrupt the guest file system.',
    command: 'stopVirtualMachine',
    input: z.strictObject({
      id: vmId,
      // CloudStack's own default; a hard power-off is only ever asked for explicitly.
      forced: flag('Hard power-off (default false: the guest OS is asked to shut down).').default(false),
      confirm: confirm(),
    }),
    hints: DISRUPT_IDEMPOTENT,
    result: { kind: 'object', resource: 'virtualmachine' },
    toolOnlyArgs: ['confirm'],
  },
  {
    name: 'reboot_virtual_machine',
    title: 'Reboot a virtual machine',
    description: 'Reboots a Running VM and waits for the job. The guest is interrupted.',
    command: 'rebootVirtualMachine',
    input: z.strictObject({ id: vmId, forced: flag('Hard reset instead of a guest reboot.').optional(), confirm: confirm() }),
    hints: DISRUPT,
    result: { kind: 'object', resource: 'virtualmachine' },
    toolOnlyArgs: ['confirm'],
  },
  {
    name: 'destroy_virtual_machine',
    title: 'Destroy a virtual machine',
    description:
      'Destroys a VM from any state; by default it stays recoverable as Destroyed until CloudStack\'s expunge delay. ' +
      'expunge=true removes it at once (gone for good, volumes released). Waits for every job and reports the final state.',
    command: 'destroyVirtualMachine',
    input: destroyVirtualMachineInput,
    hints: DISRUPT_IDEMPOTENT,
    result: { kind: 'object', resource: 'virtualmachine' },
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
    result: { kind: 'object', resource: 'virtualmachine' },
    run: runDeployVirtualMachine,
    prepare: prepareDeployVirtualMachine,
  },
  {
    name: 'scale_virtual_machine',
    title: 'Scale a running virtual machine',
    description:
      'Changes a Running VM to another service offering live (the offering and template must be dynamically scalable). ' +
      'For a Stopped VM use change_service_offering_virtual_machine.',
    command: 'scaleVirtualMachine',
    input: z.strictObject({
      id: vmId,
      serviceofferingid: uuid('The new service offering (list_service_offerings).'),
      details: offeringDetails,
      confirm: confirm(),
    }),
    hints: DISRUPT,
    result: { kind: 'object', resource: 'virtualmachine' },
    toolOnlyArgs: ['confirm'],
  },
  {
    name: 'migrate_virtual_machine',
    title: 'Migrate a virtual machine',
    description:
      'Moves a VM to another host or its root volume to another storage pool, and waits for the job. Find a target ' +
      'with find_hosts_for_migration; the VM must be Running for hostid (live migration), Stopped for storageid. ' +
      'Give one of hostid/storageid, or neither to let CloudStack pick a host.',
    command: 'migrateVirtualMachine',
    input: z
      .strictObject({
        virtualmachineid: vmId,
        hostid: uuid('Target host (find_hosts_for_migration). The VM must be Running.').optional(),
        storageid: uuid('Target storage pool (list_storage_pools). The VM must be Stopped.').optional(),
        autoselect: flag('Let CloudStack choose the host when hostid is not given (default true).').optional(),
        confirm: confirm(),
      })
      .refine((args) => !(args.hostid && args.storageid), {
        message: 'give only one of hostid and storageid',
        path: ['storageid'],
      })
      // CloudStack answers 431 when it may neither pick a host nor has a target.
      .refine((args) => args.autoselect !== false || args.hostid !== undefined || args.storageid !== undefined, {
        message: 'autoselect=false needs hostid or storageid',
        path: ['autoselect'],
      }),
    hints: DISRUPT_IDEMPOTENT,
    result: { kind: 'object', resource: 'virtualmachine' },
    toolOnlyArgs: ['confirm'],
  },
  {
    name: 'reset_password_virtual_machine',
    title: 'Reset a VM password',
    description:
      'Generates a new password for a VM whose template is password-enabled (the VM should be Stopped) and returns it ' +
      'once: store it now, it is not shown again and never logged.',
    command: 'resetPasswordForVirtualMachine',
    input: z.strictObject({ id: vmId, confirm: confirm() }),
    hints: DISRUPT,
    result: { kind: 'object', resource: 'virtualmachine' },
    toolOnlyArgs: ['confirm'],
    secretFields: ['password'],
  },
  {
    name: 'change_service_offering_virtual_machine',
    title: 'Change the service offering of a stopped VM',
    description:
      'Changes the CPU/memory offering of a Stopped VM (synchronous). For a Running VM use scale_virtual_machine, or ' +
      'stop it first with stop_virtual_machine.',
    command: 'changeServiceForVirtualMachine',
    input: z.strictObject({
      id: vmId,
      serviceofferingid: uuid('The new service offering (list_service_offerings).'),
      details: offeringDetails,
      confirm: confirm(),
    }),
    hints: DISRUPT_IDEMPOTENT,
    result: { kind: 'object', resource: 'virtualmachine' },
    toolOnlyArgs: ['confirm'],
  },
  {
    name: 'list_virtual_machine_metrics',
    title: 'List virtual machine metrics',
    description: 'Lists VMs with their CPU, memory, disk and network usage figures. Same filters as list_virtual_machines.',
    command: 'listVirtualMachinesMetrics',
    input: z.strictObject(vmFilters('listVirtualMachinesMetrics')),
    hints: READ,
    result: { kind: 'list', resource: 'virtualmachine', view: 'virtualmachinemetrics' },
  },
  {
    name: 'find_hosts_for_migration',
    title: 'Find hosts a VM can migrate to',
    description:
      'Lists candidate hosts for migrating a VM, with whether each is suitable and whether its storage would have to ' +
      'move (requiresStorageMotion). Use a suitable host id as hostid in migrate_virtual_machine.',
    command: 'findHostsForMigration',
    input: z.strictObject({ virtualmachineid: vmId, ...listFields('findHostsForMigration') }),
    hints: READ,
    result: { kind: 'list', resource: 'host' },
  },
]);

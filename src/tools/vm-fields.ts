/** Input fields shared by several VM tools. */
import { z } from 'zod';
import { oneOf, positiveInt, text, uuid, uuidList } from './schemas.js';

/** CloudStack's VirtualMachine.State values, shared by the user VM and system VM filters. */
export const VM_STATES = ['Starting', 'Running', 'Stopping', 'Stopped', 'Destroyed', 'Expunging', 'Migrating', 'Error', 'Unknown', 'Shutdown'] as const;

/**
 * Scale/change-offering details for custom offerings, sent as CloudStack's `details[0].cpuNumber=...` map.
 * Only the three keys CloudStack documents for custom offerings, each a positive integer, so nothing else
 * (an unknown key, a negative size) reaches CloudStack.
 */
export const offeringDetails = z
  .strictObject({
    cpuNumber: positiveInt('Number of CPU cores.').optional(),
    cpuSpeed: positiveInt('CPU speed in MHz.').optional(),
    memory: positiveInt('Memory in MB.').optional(),
  })
  .describe('For custom service offerings: {cpuNumber, cpuSpeed, memory} (memory in MB).')
  .optional();

/** The VM filters of list_virtual_machines and list_virtual_machine_metrics (paging and owner fields come from listTool). */
export const vmFilterFields = {
  id: uuid('Only this VM.').optional(),
  ids: uuidList('Only these VMs.').optional(),
  name: text('Exact VM name.').optional(),
  state: oneOf(VM_STATES, 'Only VMs in this state.').optional(),
  zoneid: uuid('Only VMs in this zone (list_zones).').optional(),
  hostid: uuid('Only VMs on this host (list_hosts; admin).').optional(),
  templateid: uuid('Only VMs deployed from this template.').optional(),
  serviceofferingid: uuid('Only VMs with this service offering.').optional(),
  networkid: uuid('Only VMs with a NIC on this network.').optional(),
};

export const vmId = uuid('The VM id (list_virtual_machines).');


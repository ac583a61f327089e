/** Input fields shared by several VM tools. */
import { z } from 'zod';
import { BY_NAME } from './kind-fields.js';
import { oneOf, positiveInt, uuid } from './schemas.js';

/** CloudStack's VirtualMachine.State values, shared by the user VM and system VM filters. */
export const VM_STATES = ['Starting', 'Running', 'Stopping', 'Stopped', 'Destroyed', 'Expunging', 'Migrating', 'Error', 'Unknown', 'Shutdown'] as const;

/**
 * Scale/change-offering details for custom offerings, sent as CloudStack's `details[0].cpuNumber=...` map.
 * Only the three keys CloudStack documents for custom offerings, each a positive integer, so nothing else
 * (an unknown key, a negative size) reaches CloudStack.
 */
export const offeringDetails = z
  .strictObject({
    cpuNumber: positiveInt().optional(),
    cpuSpeed: positiveInt('MHz.').optional(),
    memory: positiveInt('MB.').optional(),
  })
  .describe('For custom offerings.')
  .optional();

/** The VM filters of list_virtual_machines and list_virtual_machine_metrics (paging and owner fields come from listTool). */
export const vmFilterFields = {
  id: BY_NAME,
  ids: BY_NAME,
  name: BY_NAME,
  state: oneOf(VM_STATES).optional(),
  zoneid: BY_NAME,
  hostid: uuid('Admin.').optional(),
  templateid: uuid().optional(),
  serviceofferingid: uuid().optional(),
  networkid: uuid('Only VMs with a NIC on it.').optional(),
};

/** The VM a tool acts on: its name says it (ids come from list_virtual_machines). */
export const vmId = uuid();


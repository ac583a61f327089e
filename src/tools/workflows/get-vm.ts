/** get_virtual_machine: one VM by id, where "no such VM" is an error the agent sees, not an empty list. */
import { z } from 'zod';
import { objectOutcome } from '../results.js';
import { uuid } from '../schemas.js';
import { ToolError } from '../tool-error.js';
import type { ToolContext, ToolOutcome } from '../types.js';
import type { JsonObject } from '../../cloudstack/api.js';

export const getVirtualMachineInput = z.strictObject({ id: uuid('The VM id (list_virtual_machines).') });

/** listall=true so an admin finds any account's VM by id, as the id alone identifies it. */
export async function findVirtualMachine(context: ToolContext, id: string): Promise<JsonObject | undefined> {
  const page = await context.api.list('listVirtualMachines', { id, listall: true }, { signal: context.signal });
  return page.items[0];
}

export async function runGetVirtualMachine(context: ToolContext, args: Record<string, unknown>): Promise<ToolOutcome> {
  const id = String(args.id);
  const vm = await findVirtualMachine(context, id);
  if (!vm) throw new ToolError('not_found', `Virtual machine ${id} not found (check the id with list_virtual_machines).`, { id });
  return objectOutcome({ virtualmachine: vm }, { title: 'Virtual machine', resource: 'virtualmachine', secretFields: [] });
}

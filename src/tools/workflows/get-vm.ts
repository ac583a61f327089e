/** One VM by id, for workflows that must see a VM's state before acting (destroy_virtual_machine). */
import type { JsonObject } from '../../cloudstack/api.js';
import type { ToolContext } from '../types.js';

/** listall=true so an admin finds any account's VM by id, as the id alone identifies it. */
export async function findVirtualMachine(context: ToolContext, id: string): Promise<JsonObject | undefined> {
  const page = await context.api.list('listVirtualMachines', { id, listall: true }, { signal: context.signal });
  return page.items[0];
}

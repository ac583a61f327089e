/**
 * "N more are visible with listall=true": an admin listing without listall sees only its own account's resources
 * (CloudStack's default), often without knowing it. One extra count query (pagesize 1) with listall=true tells how
 * many more the caller could see; for an ordinary user both counts are the same and nothing is said.
 */
import { commandSpec } from '../cloudstack/catalog.js';
import type { CloudStackParams } from '../cloudstack/params.js';
import type { ToolContext } from './types.js';

/** Only asked where the command has listall and the call did not set it (and did not pick one object by id). */
export async function moreWithListall(command: string, params: CloudStackParams, count: number, context: ToolContext): Promise<number | undefined> {
  const known = commandSpec(command)?.params ?? {};
  if (!('listall' in known) || params.listall !== undefined || params.id !== undefined) return undefined;
  try {
    const all = await context.api.list(command, { ...params, listall: true, page: 1, pagesize: 1 }, { signal: context.signal });
    return all.count > count ? all.count - count : undefined;
  } catch (error) {
    // The hint is a courtesy: its failure must not fail the list the agent asked for.
    context.logger.debug('listall count query failed', { command, error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

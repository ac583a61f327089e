/**
 * "N more are visible with listall=true": an admin listing without listall sees only its own account's resources
 * (CloudStack's default), often without knowing it. One extra count query (pagesize 1) with listall=true tells how
 * many more the caller could see; for an ordinary user both counts are the same and nothing is said.
 *
 * The count query is a call the agent did not make, so it goes only where the agent's own call could: the policy
 * judges it as the same list with listall=true (a `deny_if` on listall, a `commands` rule, a limit with no room
 * left all skip it), and it spends nothing — no audit record, no rate-limit slot: the limits' room is read, never
 * held, so an agent's call admitted while the judgement runs cannot find its last slot taken by it.
 */
import { commandSpec } from '../cloudstack/catalog.js';
import type { CanonicalCall } from './canonical.js';
import type { ToolContext } from './types.js';

/** Only asked where the command has listall and the call did not set it (and did not pick one object by id). */
export async function moreWithListall(call: CanonicalCall, count: number, context: ToolContext): Promise<number | undefined> {
  const known = commandSpec(call.command)?.params ?? {};
  if (!('listall' in known) || call.params.listall !== undefined || call.params.id !== undefined) return undefined;
  const query = countQuery(call);
  try {
    // No judge, no query: a server without one cannot tell whether the policy would let it through.
    if (!(await context.wouldAdmit?.(query))) return undefined;
    const all = await context.api.list(query.command, query.params, { signal: context.signal });
    return all.count > count ? all.count - count : undefined;
  } catch (error) {
    // The hint is a courtesy: its failure must not fail the list the agent asked for.
    context.logger.debug('listall count query failed', { command: call.command, error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

/** The agent's list as if called with listall=true, first page of one item: only its count is read. */
export function countQuery(call: CanonicalCall): CanonicalCall {
  const onePage = { page: 1, pagesize: 1 };
  const args: Record<string, unknown> = { ...call.args, listall: true };
  for (const [name, value] of Object.entries(onePage)) if (name in call.args) args[name] = value;
  return { ...call, args, params: { ...call.params, listall: true, ...onePage } };
}

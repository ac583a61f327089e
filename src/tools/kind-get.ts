/** The get kind's run: one object by id through its list command, where "no such id" is an error, not an empty list. */
import { objectOutcome } from './results.js';
import { commandSpec } from '../cloudstack/catalog.js';
import { ToolError } from './tool-error.js';
import type { CanonicalCall } from './canonical.js';
import type { ToolContext, ToolOutcome } from './types.js';
import { viewFor } from './views.js';

interface GetTarget {
  readonly title: string;
  readonly command: string;
  readonly resource: string;
  readonly listTool: string;
}

/**
 * listall=true (where the command has it) so an admin finds any account's object by id, as the id alone identifies
 * it. Part of the canonical call (the tool's `prepare`), so the policy sees it as sent.
 */
export async function withListall(_context: ToolContext, call: CanonicalCall): Promise<CanonicalCall> {
  return 'listall' in (commandSpec(call.command)?.params ?? {}) ? { ...call, params: { ...call.params, listall: true } } : call;
}

export async function runGet(context: ToolContext, call: CanonicalCall, target: GetTarget): Promise<ToolOutcome> {
  const fields = call.args.fields;
  const page = await context.api.list(target.command, call.params, { signal: context.signal });
  const found = page.items[0];
  const id = String(call.args.id);
  const noun = viewFor(target.resource).noun;
  if (!found) throw new ToolError('not_found', `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${id} not found (check the id with ${target.listTool}).`, { id });
  return objectOutcome(
    { [target.resource]: found },
    { title: target.title, resource: target.resource, secretFields: [], ...(Array.isArray(fields) ? { fields: fields.map(String) } : {}) },
  );
}

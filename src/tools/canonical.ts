/**
 * The canonical call: the exact CloudStack request a tool call will send, built once after validation. The
 * policy decides on it and the client sends its `params` object as is, so what is checked is what is sent.
 */
import { commandSpec, isReadCommand } from '../cloudstack/catalog.js';
import type { CloudStackParams, ParamValue } from '../cloudstack/params.js';
import { withExplicitDefaults } from './canonical-defaults.js';
import { canonicalValue } from './canonical-value.js';
import { DEFAULT_PAGE_SIZE } from './schemas.js';
import type { ToolDefinition } from './types.js';
import type { Issue } from './validate.js';

export { canonicalValue, canonicalId, normalizeCidr } from './canonical-value.js';

export interface CanonicalCall {
  readonly tool: string;
  /** The CloudStack command sent. */
  readonly command: string;
  /** The agent's validated arguments (zod defaults applied), each value in canonical form. */
  readonly args: Record<string, unknown>;
  /** The CloudStack parameters exactly as they will be sent, defaults that change CloudStack's behaviour explicit. */
  readonly params: CloudStackParams;
  /** The command only reads (the catalog's HTTP method). */
  readonly reads: boolean;
}

/** What a tool's own `canonicalize` hook answers: the call, or what is wrong with the arguments. */
export type Canonicalization = { readonly ok: true; readonly call: CanonicalCall } | { readonly ok: false; readonly issues: readonly Issue[] };

/** Each value by the catalog type of the command's parameter of the same name; names the command lacks unchanged. */
export function canonicalParams(command: string, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const types = commandSpec(command)?.params ?? {};
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const type = Object.hasOwn(types, name) ? types[name]! : 'string';
    const canonical = canonicalValue(type, value, name);
    if (canonical !== undefined) out[name] = canonical;
  }
  return out;
}

/**
 * The CloudStack request for `tool` called with `validatedArgs`: the tool's own arguments (confirm) and its local
 * filters are not sent; list tools send one page (CloudStack wants page and pagesize together).
 */
export function buildCanonicalCall(tool: ToolDefinition, validatedArgs: Readonly<Record<string, unknown>>): CanonicalCall {
  const args = canonicalParams(tool.command, validatedArgs);
  // A handful of names at most: searched in place rather than gathered into a Set on every call.
  const sent: Record<string, unknown> = {};
  for (const name of Object.keys(args)) if (!tool.toolOnlyArgs.includes(name) && !tool.localFilters.includes(name)) sent[name] = args[name];
  if (tool.result.kind === 'list' && !tool.run) {
    sent.page = typeof args.page === 'number' ? args.page : 1;
    sent.pagesize = typeof args.pagesize === 'number' ? args.pagesize : DEFAULT_PAGE_SIZE;
  }
  const params = withExplicitDefaults(tool.command, sent as Record<string, ParamValue>);
  return { tool: tool.name, command: tool.command, args, params, reads: isReadCommand(tool.command) };
}

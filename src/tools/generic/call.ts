/**
 * call_cloudstack_api: any catalogued CloudStack command, `{command, params}`, checked against the catalog before
 * anything is sent (check-params.ts) and governed by the policy command by command: its canonical call names the
 * command it sends, so a `commands.deleteNetwork` rule refuses this tool exactly as it refuses delete_network.
 * Reads go by GET and may be retried, changes by POST and never (the client decides by the same catalog); async
 * commands are waited for with progress; lists page like the curated list tools; secret fields never come back.
 */
import { z } from 'zod';
import type { JsonObject } from '../../cloudstack/api.js';
import { CLOUDSTACK_PAGE_SIZE, commandSpec, isReadCommand } from '../../cloudstack/catalog.js';
import type { ParamValue } from '../../cloudstack/params.js';
import { canonicalParams, type Canonicalization, type CanonicalCall } from '../canonical.js';
import { withExplicitDefaults } from '../canonical-defaults.js';
import { DISRUPT } from '../define.js';
import { isObject, listOutcome, objectOutcome } from '../results.js';
import { DEFAULT_PAGE_SIZE } from '../schemas.js';
import type { ToolContext, ToolDefinition, ToolOutcome } from '../types.js';
import { checkCall } from './check-params.js';

export const CALL_TOOL_NAME = 'call_cloudstack_api';

const input = z.strictObject({
  command: z
    .string({ error: 'must be a text' })
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters')
    .describe('Spelled as CloudStack does: listPortForwardingRules.'),
  params: z
    .record(z.string(), z.unknown(), { error: 'must be an object of parameter names and values' })
    .describe(
      'By name, typed as search_cloudstack_api says; lists as arrays, maps as arrays of objects ([{"key":"env","value":"prod"}]). ' +
        `Lists take page and pagesize (default ${DEFAULT_PAGE_SIZE}, at most ${CLOUDSTACK_PAGE_SIZE}).`,
    )
    .optional(),
});

/** The canonical call: checked parameters in canonical form, CloudStack's behaviour-changing defaults explicit, a page for lists. */
function canonicalize(args: Record<string, unknown>, context?: ToolContext): Canonicalization {
  const command = String(args.command);
  const given = isObject(args.params) ? args.params : {};
  // An unknown command's "did you mean" names only commands the policy lets this tool send.
  const checked = checkCall(command, given, context?.isCommandVisible);
  if (!checked.ok) return { ok: false, issues: checked.issues };
  const canonical = canonicalParams(command, checked.params) as Record<string, ParamValue>;
  const spec = commandSpec(command)!;
  const params: Record<string, ParamValue> = { ...withExplicitDefaults(command, canonical) } as Record<string, ParamValue>;
  if (spec.listKey !== undefined && Object.hasOwn(spec.params, 'pagesize') && Object.hasOwn(spec.params, 'page')) {
    params.page = typeof params.page === 'number' ? params.page : 1;
    params.pagesize = typeof params.pagesize === 'number' ? params.pagesize : DEFAULT_PAGE_SIZE;
  }
  const call: CanonicalCall = { tool: CALL_TOOL_NAME, command, args: { command, params: canonical }, params, reads: isReadCommand(command) };
  return { ok: true, call };
}

/** The one object an answer holds (`{network: {...}}`, `{virtualmachine: {...}}`), if it holds exactly one. */
function soleObjectKey(answer: JsonObject): string | undefined {
  const keys = Object.keys(answer).filter((key) => isObject(answer[key]));
  return keys.length === 1 && Object.keys(answer).length === 1 ? keys[0] : undefined;
}

async function runCall(context: ToolContext, _args: Record<string, unknown>, call: CanonicalCall): Promise<ToolOutcome> {
  const spec = commandSpec(call.command)!;
  const options = { signal: context.signal };
  if (spec.listKey !== undefined) {
    const page = await context.api.list(call.command, call.params, options);
    const request = typeof call.params.page === 'number' && typeof call.params.pagesize === 'number'
      ? { page: call.params.page, pagesize: call.params.pagesize }
      : { page: 1, pagesize: Math.max(page.items.length, 1) };
    return listOutcome(page, request, spec.listKey);
  }
  if (spec.async) {
    const job = await context.api.callAsync(call.command, call.params, { ...options, onProgress: context.onProgress });
    const resource = soleObjectKey(job.result);
    return objectOutcome(job.result, { title: call.command, ...(resource ? { resource } : {}), jobId: job.jobId, elapsedMs: job.elapsedMs, secretFields: [] });
  }
  const answer = await context.api.call(call.command, call.params, options);
  const resource = soleObjectKey(answer);
  return objectOutcome(answer, { title: call.command, ...(resource ? { resource } : {}), secretFields: [] });
}

export const CALL_TOOL: ToolDefinition = {
  name: CALL_TOOL_NAME,
  title: 'Call a CloudStack API command',
  domain: 'infrastructure',
  description:
    'Calls any CloudStack command (found with search_cloudstack_api) for a need no other tool covers; its parameters are checked ' +
    'first. The operator\'s policy allows reads unless a rule says otherwise, and changes only to the commands it names.',
  // The command is chosen per call; the policy and the client see the canonical call's (canonicalize).
  command: '(any command)',
  input,
  hints: DISRUPT,
  async: false,
  result: { kind: 'object' },
  toolOnlyArgs: [],
  localFilters: [],
  secretFields: [],
  canonicalize,
  run: runCall,
};

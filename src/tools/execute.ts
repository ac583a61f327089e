/**
 * The one generic path behind every declarative tool: the canonical call's parameters are sent as they are (the
 * object the policy decided on, never re-derived from the arguments), an async command's job is awaited with
 * progress, and the answer is shaped. Workflows replace it.
 */
import type { JsonObject, ListPage } from '../cloudstack/api.js';
import type { CloudStackParams } from '../cloudstack/params.js';
import { commandSpec } from '../cloudstack/catalog.js';
import type { CanonicalCall } from './canonical.js';
import { moreWithListall } from './listall-hint.js';
import { isObject, listOutcome, objectOutcome, type PageRequest } from './results.js';
import type { ResultShape, ToolContext, ToolDefinition, ToolOutcome } from './types.js';

type ListShape = Extract<ResultShape, { kind: 'list' }>;

export async function executeTool(tool: ToolDefinition, call: CanonicalCall, context: ToolContext): Promise<ToolOutcome> {
  if (tool.run) return tool.run(context, call.args, call);
  if (tool.result.kind === 'list') return listTool(tool, tool.result, call, context);
  const shape = { title: tool.title, resource: tool.result.resource, describe: tool.result.describe, secretFields: tool.secretFields };
  if (tool.async) {
    const job = await context.api.callAsync(call.command, call.params, { signal: context.signal, onProgress: context.onProgress });
    return objectOutcome(job.result, { ...shape, jobId: job.jobId, elapsedMs: job.elapsedMs });
  }
  return objectOutcome(await context.api.call(call.command, call.params, { signal: context.signal }), shape);
}

/** One CloudStack page (page and pagesize are in the canonical call); local filters keep the matching items of that page. */
async function listTool(tool: ToolDefinition, shape: ListShape, call: CanonicalCall, context: ToolContext): Promise<ToolOutcome> {
  const request = pageRequest(call.params);
  const page = await fetchPage(call.command, shape, call.params, context);
  const filters = tool.localFilters.filter((name) => call.args[name] !== undefined).map((name) => [name, String(call.args[name])] as const);
  // Ids and enum words: CloudStack's own comparisons are case-insensitive for both.
  const matches = (item: JsonObject) => filters.every(([name, value]) => String(item[name]).toLowerCase() === value.toLowerCase());
  const items = page.items.filter(matches);
  const filtering = filters.length > 0 ? { applied: filters.map(([name, value]) => `${name}=${value}`), scanned: page.items.length } : undefined;
  const fields = Array.isArray(call.args.fields) ? call.args.fields.map(String) : undefined;
  const more = await moreWithListall(call, page.count, context);
  return listOutcome({ count: page.count, items }, request, shape.view ?? shape.resource, filtering, { ...(fields ? { fields } : {}), ...(more ? { moreWithListall: more } : {}) });
}

function pageRequest(params: CloudStackParams): PageRequest {
  return { page: Number(params.page), pagesize: Number(params.pagesize) };
}

async function fetchPage(command: string, shape: ListShape, params: CloudStackParams, context: ToolContext): Promise<ListPage> {
  if (commandSpec(command)?.listKey) return context.api.list(command, params, { signal: context.signal });
  // findHostsForMigration answers `{count, host: [...]}` but the catalog has no list key for it.
  const answer = await context.api.call(command, params, { signal: context.signal });
  const raw = answer[shape.resource];
  const items = Array.isArray(raw) ? raw.filter(isObject) : [];
  return { count: typeof answer.count === 'number' ? answer.count : items.length, items };
}

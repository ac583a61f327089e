/**
 * The one generic path behind every declarative tool: arguments become CloudStack parameters, the command is
 * sent (and, when async, its job awaited with progress), and the answer is shaped. Workflows replace it.
 */
import type { CloudStackParams } from '../cloudstack/params.js';
import { commandSpec } from '../cloudstack/catalog.js';
import { isObject, listOutcome, objectOutcome, type PageRequest } from './results.js';
import { DEFAULT_PAGE_SIZE } from './schemas.js';
import type { ResultShape, ToolContext, ToolDefinition, ToolOutcome } from './types.js';

type ListShape = Extract<ResultShape, { kind: 'list' }>;
import type { JsonObject, ListPage } from '../cloudstack/api.js';


export async function executeTool(tool: ToolDefinition, args: Record<string, unknown>, context: ToolContext): Promise<ToolOutcome> {
  if (tool.run) return tool.run(context, args);
  const params = cloudStackParams(tool, args);
  if (tool.result.kind === 'list') return listTool(tool, tool.result, args, params, context);
  const shape = { title: tool.title, resource: tool.result.resource, describe: tool.result.describe, secretFields: tool.secretFields };
  if (tool.async) {
    const job = await context.api.callAsync(tool.command, params, { signal: context.signal, onProgress: context.onProgress });
    return objectOutcome(job.result, { ...shape, jobId: job.jobId, elapsedMs: job.elapsedMs });
  }
  return objectOutcome(await context.api.call(tool.command, params, { signal: context.signal }), shape);
}

/** One CloudStack page; local filters keep the matching items of that page (listOutcome drops secret fields). */
async function listTool(tool: ToolDefinition, shape: ListShape, args: Record<string, unknown>, params: CloudStackParams, context: ToolContext): Promise<ToolOutcome> {
  const request = pageRequest(args);
  const page = await fetchPage(tool, shape, { ...params, page: request.page, pagesize: request.pagesize }, context);
  const filters = tool.localFilters.filter((name) => args[name] !== undefined).map((name) => [name, String(args[name])] as const);
  // Ids and enum words: CloudStack's own comparisons are case-insensitive for both.
  const matches = (item: JsonObject) => filters.every(([name, value]) => String(item[name]).toLowerCase() === value.toLowerCase());
  const items = page.items.filter(matches);
  const filtering = filters.length > 0 ? { applied: filters.map(([name, value]) => `${name}=${value}`), scanned: page.items.length } : undefined;
  return listOutcome({ count: page.count, items }, request, shape.view ?? shape.resource, filtering);
}

/** Drops what is the tool's own (confirm, local filters); everything else goes to CloudStack by its own name. */
function cloudStackParams(tool: ToolDefinition, args: Record<string, unknown>): CloudStackParams {
  const skip = new Set([...tool.toolOnlyArgs, ...tool.localFilters]);
  return Object.fromEntries(Object.entries(args).filter(([name]) => !skip.has(name))) as CloudStackParams;
}

/** CloudStack wants page and pagesize together (one alone is a 431). */
function pageRequest(args: Record<string, unknown>): PageRequest {
  const page = typeof args.page === 'number' ? args.page : 1;
  const pagesize = typeof args.pagesize === 'number' ? args.pagesize : DEFAULT_PAGE_SIZE;
  return { page, pagesize };
}

async function fetchPage(tool: ToolDefinition, shape: ListShape, params: CloudStackParams, context: ToolContext): Promise<ListPage> {
  if (commandSpec(tool.command)?.listKey) return context.api.list(tool.command, params, { signal: context.signal });
  // findHostsForMigration answers `{count, host: [...]}` but the catalog has no list key for it.
  const answer = await context.api.call(tool.command, params, { signal: context.signal });
  const raw = answer[shape.resource];
  const items = Array.isArray(raw) ? raw.filter(isObject) : [];
  return { count: typeof answer.count === 'number' ? answer.count : items.length, items };
}

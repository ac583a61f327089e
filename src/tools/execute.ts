/**
 * The one generic path behind every declarative tool: arguments become CloudStack parameters, the command is
 * sent (and, when async, its job awaited with progress), and the answer is shaped. Workflows replace it.
 */
import type { CloudStackParams } from '../cloudstack/params.js';
import { commandSpec } from '../cloudstack/catalog.js';
import { isObject, listOutcome, objectOutcome, type PageRequest } from './results.js';
import type { ToolContext, ToolDefinition, ToolOutcome } from './types.js';
import type { JsonObject, ListPage } from '../cloudstack/api.js';

/** Lists are paged by default so a large cloud never floods the agent's context; the text says how to go on. */
export const DEFAULT_PAGE_SIZE = 50;

export async function executeTool(tool: ToolDefinition, args: Record<string, unknown>, context: ToolContext): Promise<ToolOutcome> {
  if (tool.run) return tool.run(context, args);
  const params = cloudStackParams(tool, args);
  if (tool.result.kind === 'list') {
    const request = pageRequest(args);
    const page = await fetchPage(tool, { ...params, page: request.page, pagesize: request.pagesize }, context);
    const filtered = applyLocalFilters(tool, args, page);
    return listOutcome(filtered, request, tool.result.view ?? tool.result.resource);
  }
  const shape = { title: tool.title, resource: tool.result.resource, secretFields: tool.secretFields };
  if (tool.async) {
    const job = await context.api.callAsync(tool.command, params, { signal: context.signal, onProgress: context.onProgress });
    return objectOutcome(job.result, { ...shape, jobId: job.jobId, elapsedMs: job.elapsedMs });
  }
  return objectOutcome(await context.api.call(tool.command, params, { signal: context.signal }), shape);
}

/** Drops what is the tool's own (confirm, local filters); everything else goes to CloudStack by its own name. */
export function cloudStackParams(tool: ToolDefinition, args: Record<string, unknown>): CloudStackParams {
  const skip = new Set([...tool.toolOnlyArgs, ...tool.localFilters]);
  return Object.fromEntries(Object.entries(args).filter(([name]) => !skip.has(name))) as CloudStackParams;
}

/** CloudStack wants page and pagesize together (one alone is a 431). */
export function pageRequest(args: Record<string, unknown>): PageRequest {
  const page = typeof args.page === 'number' ? args.page : 1;
  const pagesize = typeof args.pagesize === 'number' ? args.pagesize : DEFAULT_PAGE_SIZE;
  return { page, pagesize };
}

async function fetchPage(tool: ToolDefinition, params: CloudStackParams, context: ToolContext): Promise<ListPage> {
  if (commandSpec(tool.command)?.listKey) return context.api.list(tool.command, params, { signal: context.signal });
  // findHostsForMigration answers `{count, host: [...]}` but the catalog has no list key for it.
  const answer = await context.api.call(tool.command, params, { signal: context.signal });
  const raw = answer[tool.result.kind === 'list' ? tool.result.resource : ''];
  const items = Array.isArray(raw) ? raw.filter(isObject) : [];
  return { count: typeof answer.count === 'number' ? answer.count : items.length, items };
}

function applyLocalFilters(tool: ToolDefinition, args: Record<string, unknown>, page: ListPage): ListPage {
  const active = tool.localFilters.filter((name) => args[name] !== undefined);
  const omit = tool.result.kind === 'list' ? (tool.result.omit ?? []) : [];
  const matches = (item: JsonObject) => active.every((name) => String(item[name]) === String(args[name]));
  const strip = (item: JsonObject) => Object.fromEntries(Object.entries(item).filter(([key]) => !omit.includes(key)));
  return { count: page.count, items: page.items.filter(matches).map(strip) };
}

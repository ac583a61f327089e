/**
 * Shapes CloudStack answers into tool outcomes: structuredContent for programs, one short text for people and
 * agents (a compact table for lists, a one-paragraph summary for objects — never a JSON dump).
 */
import type { JsonObject, ListPage } from '../cloudstack/api.js';
import type { ToolOutcome } from './types.js';
import { viewFor, type ResourceView } from './views.js';

export interface PageRequest {
  readonly page: number;
  readonly pagesize: number;
}

const MAX_CELL = 40;

export function listOutcome(listPage: ListPage, request: PageRequest, view: string): ToolOutcome {
  const { noun, columns } = viewFor(view);
  const items = [...listPage.items];
  const first = (request.page - 1) * request.pagesize + 1;
  const last = first + items.length - 1;
  const more = last < listPage.count && items.length > 0;
  const structured: JsonObject = {
    count: listPage.count,
    items,
    page: request.page,
    pagesize: request.pagesize,
    ...(more ? { nextpage: request.page + 1 } : {}),
  };
  if (items.length === 0) {
    const text = listPage.count > 0 ? `No ${plural(noun)} on page ${request.page} (count ${listPage.count}).` : `No ${plural(noun)} found.`;
    return { structured, text };
  }
  const heading = more
    ? `${listPage.count} ${plural(noun)}, showing ${first}–${last}; call again with page=${request.page + 1} for more.`
    : `${listPage.count} ${listPage.count === 1 ? noun : plural(noun)}${first > 1 ? `, showing ${first}–${last}` : ''}.`;
  return { structured, text: `${heading}\n${table(items, columns)}` };
}

export interface ObjectContext {
  readonly title: string;
  readonly resource?: string;
  readonly jobId?: string;
  readonly elapsedMs?: number;
  readonly secretFields: readonly string[];
}

/** `{virtualmachine: {...}}` stays keyed; a flat answer (`{success: true}`, a job status) is returned as is. */
export function objectOutcome(answer: JsonObject, context: ObjectContext): ToolOutcome {
  const inner = context.resource !== undefined ? answer[context.resource] : undefined;
  const keyed = isObject(inner);
  const structured: JsonObject = keyed && context.resource !== undefined ? { [context.resource]: inner } : answer;
  const subject = keyed ? inner : answer;
  const parts = [keyed ? describeObject(subject, viewFor(context.resource)) : describeFlat(context.title, subject)];
  if (context.jobId) {
    const took = context.elapsedMs !== undefined ? ` in ${(context.elapsedMs / 1000).toFixed(1)} s` : '';
    parts.push(`Job ${context.jobId} finished${took}.`);
  }
  for (const field of context.secretFields) {
    const value = subject[field];
    if (typeof value === 'string') parts.push(`${field} (shown once, store it now; it is never logged): ${value}`);
  }
  return { structured, text: parts.join(' '), ...(context.jobId ? { jobId: context.jobId } : {}) };
}

function describeObject(object: JsonObject, view: ResourceView): string {
  const name = cell(object.name ?? object.displayname ?? object.username ?? object.ipaddress);
  const id = cell(object.id ?? object.jobid);
  const details = view.columns
    .filter((column) => !['id', 'name', 'username', 'ipaddress', 'jobid'].includes(column) && object[column] !== undefined)
    .map((column) => `${column} ${cell(object[column])}`);
  const head = `${capitalize(view.noun)} ${name || id}${name && id ? ` (${id})` : ''}`;
  return details.length > 0 ? `${head}: ${details.join(', ')}.` : `${head}.`;
}

function describeFlat(title: string, object: JsonObject): string {
  const scalars = Object.entries(object)
    .filter(([, value]) => value === null || typeof value !== 'object')
    .slice(0, 8)
    .map(([key, value]) => `${key} ${cell(value)}`);
  return `${title}: ${scalars.length > 0 ? scalars.join(', ') : 'done'}.`;
}

function table(items: readonly JsonObject[], columns: readonly string[]): string {
  const shown = columns.filter((column) => items.some((item) => item[column] !== undefined));
  const rows = items.map((item) => `| ${shown.map((column) => cell(item[column]).replace(/\|/g, '\\|')).join(' | ')} |`);
  return [`| ${shown.join(' | ')} |`, `| ${shown.map(() => '---').join(' | ')} |`, ...rows].join('\n');
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const raw = Array.isArray(value) ? value.map(String).join(',') : typeof value === 'object' ? '{…}' : String(value);
  const oneLine = raw.replace(/\s+/g, ' ');
  return oneLine.length > MAX_CELL ? `${oneLine.slice(0, MAX_CELL - 1)}…` : oneLine;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function plural(noun: string): string {
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return /(s|x|ch|sh)$/.test(noun) ? `${noun}es` : `${noun}s`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

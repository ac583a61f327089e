/**
 * Shapes CloudStack answers into tool outcomes: structuredContent for programs, and a text that carries the result
 * itself, because many clients hand the model only the text (MCP: a tool returning structured content SHOULD also
 * return it serialized in a text block): for lists a summary line, a compact table of the view's fields (or of the
 * `fields` asked for) and the next-page hint; for objects a summary line and the object as compact JSON.
 */
import type { JsonObject, ListPage } from '../cloudstack/api.js';
import type { ToolOutcome } from './types.js';
import { viewFor, type ResourceView } from './views.js';
import { withoutSecrets } from './without-secrets.js';

export interface PageRequest {
  readonly page: number;
  readonly pagesize: number;
}

/** Filters applied here to the page CloudStack returned, because CloudStack cannot filter by them. */
export interface LocalFiltering {
  /** `name=value` for each active filter, as the agent gave them. */
  readonly applied: readonly string[];
  /** How many items CloudStack returned on this page before the filters. */
  readonly scanned: number;
}

/** Optional parts of a list result: the agent's `fields`, and how many more `listall=true` would show. */
export interface ListOptions {
  readonly fields?: readonly string[];
  /** Items visible with listall=true beyond `count` (an admin who did not ask for listall). */
  readonly moreWithListall?: number;
}

const MAX_CELL = 60;
/** Free text (event and alert descriptions) is what the reader came for: cut much later. */
const MAX_TEXT_CELL = 300;
const FREE_TEXT = new Set(['description', 'displaytext']);

/**
 * Paging follows CloudStack's page, not the filtered items: `count` stays CloudStack's total and the next page
 * is offered while CloudStack has more, even when no item of this page matched a local filter.
 */
export function listOutcome(listPage: ListPage, request: PageRequest, view: string, filtering?: LocalFiltering, options: ListOptions = {}): ToolOutcome {
  const { noun, columns: viewColumns } = viewFor(view);
  const selected = options.fields;
  const items = listPage.items.map((item) => select(withoutSecrets(item), selected));
  const columns = selected ?? viewColumns;
  const returned = filtering?.scanned ?? items.length;
  const first = (request.page - 1) * request.pagesize + 1;
  const last = first + returned - 1;
  const more = returned > 0 && last < listPage.count;
  const structured: JsonObject = {
    count: listPage.count,
    items,
    page: request.page,
    pagesize: request.pagesize,
    ...(more ? { nextpage: request.page + 1 } : {}),
    ...(filtering ? { scanned: filtering.scanned } : {}),
    ...(options.moreWithListall ? { morewithlistall: options.moreWithListall } : {}),
  };
  const next = more ? `; call again with page=${request.page + 1} for more` : '';
  const heading = filtering
    ? `${items.length} of the ${returned} ${plural(noun)} on page ${request.page} match ${filtering.applied.join(', ')} ` +
      `(filtered here; CloudStack's count is ${listPage.count}${returned > 0 ? `, this page holds ${first}–${last}` : ''})${next}.`
    : unfilteredHeading(listPage.count, items.length, request, noun, first, last, next);
  const listall = options.moreWithListall
    ? `\n${options.moreWithListall} more ${options.moreWithListall === 1 ? noun : plural(noun)} of other accounts are visible with listall=true.`
    : '';
  return { structured, text: (items.length > 0 ? `${heading}\n${table(items, columns, selected !== undefined)}` : heading) + listall };
}

/** Only the named fields of an object (in the order asked), for `fields`; all of them when none were asked. */
function select(object: JsonObject, fields: readonly string[] | undefined): JsonObject {
  if (!fields) return object;
  return Object.fromEntries(fields.filter((field) => object[field] !== undefined).map((field) => [field, object[field]]));
}

function unfilteredHeading(count: number, shown: number, request: PageRequest, noun: string, first: number, last: number, next: string): string {
  if (shown === 0) {
    if (count === 0) return `No ${plural(noun)} found.`;
    const lastPage = Math.ceil(count / request.pagesize);
    return `No ${plural(noun)} on page ${request.page}: there are ${count}, so the last page at pagesize ${request.pagesize} is ${lastPage}.`;
  }
  if (next) return `${count} ${plural(noun)}, showing ${first}–${last}${next}.`;
  return `${count} ${count === 1 ? noun : plural(noun)}${first > 1 ? `, showing ${first}–${last}` : ''}.`;
}

export interface ObjectContext {
  readonly title: string;
  readonly resource?: string;
  readonly jobId?: string;
  readonly elapsedMs?: number;
  readonly secretFields: readonly string[];
  /** A summary of its own for answers the generic one reads poorly (a job status); it replaces the JSON too. */
  readonly describe?: (answer: JsonObject) => string;
  /** The agent's `fields` (get tools): only these fields of the object are returned. */
  readonly fields?: readonly string[];
}

/** `{virtualmachine: {...}}` stays keyed; a flat answer (`{success: true}`, a job status) is returned as is. */
export function objectOutcome(raw: JsonObject, context: ObjectContext): ToolOutcome {
  const rawInner = context.resource !== undefined ? raw[context.resource] : undefined;
  const keyed = isObject(rawInner);
  // The tool's own secret fields sit on its resource object (or on a flat answer); nothing else secret is kept.
  const inner = keyed ? select(withoutSecrets(rawInner, context.secretFields), context.fields) : undefined;
  const answer = keyed ? withoutSecrets(raw) : withoutSecrets(raw, context.secretFields);
  const structured: JsonObject = inner && context.resource !== undefined ? { [context.resource]: inner } : answer;
  const subject = inner ?? answer;
  const summary = context.describe?.(answer) ?? (keyed ? describeObject(subject, viewFor(context.resource)) : describeFlat(context.title, subject));
  const parts = [summary];
  if (context.jobId) {
    const took = context.elapsedMs !== undefined ? ` in ${(context.elapsedMs / 1000).toFixed(1)} s` : '';
    parts.push(`Job ${context.jobId} finished${took}.`);
  }
  for (const field of context.secretFields) {
    const value = subject[field];
    if (typeof value === 'string') parts.push(`${field} (shown once, store it now; it is never logged): ${value}`);
  }
  // The object itself follows the summary (its secret fields are on the line above, not repeated).
  const json = context.describe ? '' : `\n${JSON.stringify(omit(subject, context.secretFields))}`;
  return { structured, text: parts.join(' ') + json, ...(context.jobId ? { jobId: context.jobId } : {}) };
}

export function describeObject(object: JsonObject, view: ResourceView): string {
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

function omit(object: JsonObject, fields: readonly string[]): JsonObject {
  return fields.length === 0 ? object : Object.fromEntries(Object.entries(object).filter(([key]) => !fields.includes(key)));
}

/** Asked-for fields are shown whole (nested objects as JSON); the default view's cells are kept short. */
function table(items: readonly JsonObject[], columns: readonly string[], whole = false): string {
  const shown = columns.filter((column) => items.some((item) => item[column] !== undefined));
  const show = (item: JsonObject, column: string) => (whole ? wholeCell(item[column]) : cell(item[column], FREE_TEXT.has(column) ? MAX_TEXT_CELL : MAX_CELL));
  const rows = items.map((item) => `| ${shown.map((column) => show(item, column).replace(/\|/g, '\\|')).join(' | ')} |`);
  return [`| ${shown.join(' | ')} |`, `| ${shown.map(() => '---').join(' | ')} |`, ...rows].join('\n');
}

/** CloudStack names job commands by Java class (org.apache.cloudstack.api.command.user.vm.RebootVMCmd). */
const JAVA_CLASS = /^(?:org\.apache\.cloudstack|com\.cloud)\.(?:\w+\.)*([A-Z]\w*)$/;

function wholeCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  return (typeof value === 'object' ? JSON.stringify(value) : String(value)).replace(/\s+/g, ' ');
}

function cell(value: unknown, limit = MAX_CELL): string {
  if (value === undefined || value === null) return '';
  const raw = Array.isArray(value) ? value.map(String).join(',') : typeof value === 'object' ? '{…}' : String(value);
  const className = JAVA_CLASS.exec(raw)?.[1];
  if (className) return className;
  const oneLine = raw.replace(/\s+/g, ' ');
  return oneLine.length > limit ? `${oneLine.slice(0, limit - 1)}…` : oneLine;
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

/**
 * Rebuilding catalog.json (tools/refresh-catalog.mjs): from another catalog file of the same shape, checked
 * field by field, or from a live management server's listApis merged over the current catalog.
 *
 * listApis tells a command's parameters, their types and which are required, whether it is async and its
 * response fields — for this server's version and plugins. It does not tell the HTTP method, the API family
 * or the list key, so those are kept from the current catalog; for a command it lacks they are derived from
 * the name (reading verbs by GET, the family and list key from the noun) and reported for review. A server
 * lists only what the caller's role may call, so commands it does not list are kept unless asked otherwise.
 */
import type { CommandSpec, ParamType } from './catalog.js';

export interface CatalogFile {
  readonly source: string;
  readonly commands: Readonly<Record<string, CommandSpec>>;
}

/** One entry of listApis' `api` array (the fields the refresh reads). */
export interface ListedApi {
  readonly name: string;
  readonly isasync?: boolean;
  readonly params?: readonly { readonly name: string; readonly type?: string; readonly required?: boolean }[];
  readonly response?: readonly { readonly name: string; readonly type?: string }[];
}

export interface RefreshReport {
  readonly catalog: CatalogFile;
  /** Commands the server lists that the previous catalog lacked: their method, family and list key are guesses. */
  readonly added: readonly string[];
  /** Commands of the previous catalog the server did not list (kept unless `dropMissing`). */
  readonly missing: readonly string[];
  /** Known commands whose parameters, required set or async flag changed. */
  readonly changed: readonly string[];
}

const PARAM_TYPES = new Set(['string', 'boolean', 'integer', 'list', 'map', 'UUID', 'number']);
const FIELD_TYPES = new Set(['string', 'boolean', 'integer', 'list', 'map', 'object', 'number']);

/** listApis' CommandType names in the catalog's vocabulary (ids are UUID strings). */
function catalogParamType(type: string | undefined): ParamType {
  switch ((type ?? 'string').toLowerCase()) {
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'long':
    case 'short':
      return 'integer';
    case 'float':
    case 'double':
      return 'number';
    case 'list':
      return 'list';
    case 'map':
      return 'map';
    default:
      return 'string'; // string, uuid, date, tzdate
  }
}

/** listApis' response types as JSON types. */
function jsonFieldType(type: string | undefined): string {
  const lower = (type ?? 'string').toLowerCase();
  if (lower === 'integer' || lower === 'long' || lower === 'short' || lower === 'int') return 'integer';
  if (lower === 'double' || lower === 'float' || lower === 'number') return 'number';
  if (lower === 'boolean') return 'boolean';
  if (lower === 'list' || lower === 'set' || lower.startsWith('list')) return 'list';
  if (lower === 'map') return 'map';
  if (lower === 'object' || lower.endsWith('response')) return 'object';
  return 'string';
}

/** A previous type is kept when the server's says the same in the catalog's vocabulary (e.g. `UUID` ≈ uuid). */
function mergedType(previous: ParamType | undefined, listed: string | undefined): ParamType {
  const fresh = catalogParamType(listed);
  if (previous !== undefined && catalogParamType(previous === 'UUID' ? 'uuid' : previous) === fresh) return previous;
  return fresh;
}

function sortedRecord<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `listFooBars` → `FooBar`, the family and (lower-cased) list key a new command most likely has. */
function nounOf(command: string): string {
  return command.replace(/^[a-z]+/, '').replace(/ies$/, 'y').replace(/(?<!s)s$/, '');
}

function specFromListing(api: ListedApi, previous: CommandSpec | undefined): CommandSpec {
  // Names as the server spells them (a few are camel-cased, e.g. forDisplay); the server matches them in lower case.
  const required = (api.params ?? []).filter((param) => param.required).map((param) => param.name).sort();
  const params = sortedRecord((api.params ?? []).map((param) => [param.name, mergedType(previous?.params[param.name], param.type)] as const));
  const responseFields = sortedRecord((api.response ?? []).map((field) => [field.name, jsonFieldType(field.type)] as const));
  const isList = previous ? previous.listKey !== undefined : /^list[A-Z]/.test(api.name);
  const listKey = previous?.listKey ?? (isList ? nounOf(api.name).toLowerCase() : undefined);
  return {
    service: previous?.service ?? (nounOf(api.name) || 'Other'),
    async: api.isasync === true,
    http: previous?.http ?? (/^(list|get|query|find)[A-Z]/.test(api.name) ? 'GET' : 'POST'),
    required,
    params,
    ...(listKey !== undefined ? { listKey } : {}),
    responseFields: Object.keys(responseFields).length > 0 ? responseFields : (previous?.responseFields ?? {}),
  };
}

function sameShape(a: CommandSpec, b: CommandSpec): boolean {
  return a.async === b.async && JSON.stringify(a.required) === JSON.stringify(b.required) && JSON.stringify(a.params) === JSON.stringify(b.params);
}

export function catalogFromListApis(apis: readonly ListedApi[], previous: CatalogFile, options: { source: string; dropMissing?: boolean }): RefreshReport {
  const listed = new Map(apis.map((api) => [api.name, api]));
  const commands = new Map<string, CommandSpec>();
  const added: string[] = [];
  const changed: string[] = [];
  for (const [name, api] of listed) {
    const before = Object.hasOwn(previous.commands, name) ? previous.commands[name] : undefined;
    const spec = specFromListing(api, before);
    if (!before) added.push(name);
    else if (!sameShape(before, spec)) changed.push(name);
    commands.set(name, spec);
  }
  const missing = Object.keys(previous.commands).filter((name) => !listed.has(name));
  if (!options.dropMissing) for (const name of missing) commands.set(name, previous.commands[name]!);
  return { catalog: { source: options.source, commands: sortedRecord(commands) }, added: added.sort(), missing, changed: changed.sort() };
}

/** A catalog file of the expected shape, or an error naming the command and the field that is wrong. */
export function checkCatalogFile(value: unknown): CatalogFile {
  const fail = (where: string, rule: string): never => {
    throw new Error(`catalog: ${where} ${rule}`);
  };
  if (typeof value !== 'object' || value === null) return fail('the file', 'must be a JSON object {source, commands}');
  const { source, commands } = value as { source?: unknown; commands?: unknown };
  if (typeof source !== 'string') fail('source', 'must be a string');
  if (typeof commands !== 'object' || commands === null || Object.keys(commands).length === 0) fail('commands', 'must be a non-empty object');
  for (const [name, raw] of Object.entries(commands as Record<string, unknown>)) {
    const spec = raw as Partial<CommandSpec>;
    if (!/^[a-z][A-Za-z0-9]*$/.test(name)) fail(`command ${JSON.stringify(name)}`, 'must be a camel-case CloudStack command name');
    if (typeof spec.service !== 'string' || spec.service === '') fail(`${name}.service`, 'must be a non-empty string');
    if (typeof spec.async !== 'boolean') fail(`${name}.async`, 'must be a boolean');
    if (spec.http !== 'GET' && spec.http !== 'POST') fail(`${name}.http`, 'must be GET or POST');
    if (typeof spec.params !== 'object' || spec.params === null) fail(`${name}.params`, 'must be an object');
    for (const [param, type] of Object.entries(spec.params!)) {
      if (!PARAM_TYPES.has(type)) fail(`${name}.params.${param}`, `must be one of ${[...PARAM_TYPES].join(', ')}`);
    }
    if (!Array.isArray(spec.required) || spec.required.some((param) => !Object.hasOwn(spec.params!, param))) {
      fail(`${name}.required`, 'must list parameters of the command');
    }
    if (spec.listKey !== undefined && typeof spec.listKey !== 'string') fail(`${name}.listKey`, 'must be a string');
    if (typeof spec.responseFields !== 'object' || spec.responseFields === null) fail(`${name}.responseFields`, 'must be an object');
    for (const [field, type] of Object.entries(spec.responseFields!)) {
      if (!FIELD_TYPES.has(type)) fail(`${name}.responseFields.${field}`, `must be one of ${[...FIELD_TYPES].join(', ')}`);
    }
  }
  return value as CatalogFile;
}

/** The file's text: compact (it is read by a program), keys sorted so a refresh diffs cleanly. */
export function formatCatalogFile(catalog: CatalogFile): string {
  return `${JSON.stringify({ source: catalog.source, commands: sortedRecord(Object.entries(catalog.commands)) })}\n`;
}

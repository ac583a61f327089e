/**
 * call_cloudstack_api's checks, made before anything is sent: the command is in the catalog, every parameter is
 * one of its parameters, the required ones are there, and each value has its catalog type — booleans, integers,
 * UUIDs for entity ids, lists in either form (array or comma-separated text), maps as objects. Each problem is
 * one issue naming the parameter and the rule, all of them at once, so an agent fixes its call in one go.
 */
import { CLOUDSTACK_PAGE_SIZE, commandSpec, type CommandSpec, type ParamType } from '../../cloudstack/catalog.js';
import type { Issue } from '../validate.js';
import { rankCommands } from './rank.js';
import { listItems } from '../canonical-value.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `...id` parameters that hold something other than an entity's UUID (free text, vendor and OAuth client ids). */
const NOT_UUID_IDS: ReadonlySet<string> = new Set(['customid', 'externalid', 'clientid', 'vendorid', 'deviceid', 'osid']);
/** Request parameters the server itself sets: an agent giving them would alter the signing or the envelope. */
const RESERVED: ReadonlySet<string> = new Set(['command', 'apikey', 'signature', 'signatureversion', 'expires', 'response', 'sessionkey']);
const MAX_NAMED = 40;

export type CheckedParams = { readonly ok: true; readonly command: string; readonly params: Record<string, unknown> } | { readonly ok: false; readonly issues: Issue[] };

type Scalar = string | number | boolean;
const isScalar = (value: unknown): value is Scalar => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isEntityId(name: string, type: ParamType): boolean {
  const lower = name.toLowerCase();
  return type === 'UUID' || (type === 'string' && lower.endsWith('id') && !NOT_UUID_IDS.has(lower));
}

/** The type as call_cloudstack_api checks it, for the search result: entity ids are `uuid`, `...ids` lists of them. */
export function paramTypeName(name: string, type: ParamType): string {
  if (isEntityId(name, type)) return 'uuid';
  if (type === 'list' && name.toLowerCase().endsWith('ids')) return 'list of uuid';
  if (type === 'long') return 'integer';
  return type;
}

/** What is wrong with one value of a parameter of catalog type `type`, or undefined when it is fine. */
export function valueProblem(name: string, type: ParamType, value: unknown): string | undefined {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean' || (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) ? undefined : 'must be true or false';
    case 'integer':
    case 'long':
      return (typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim()))
        ? undefined
        : 'must be an integer';
    case 'number':
      return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        ? undefined
        : 'must be a number';
    case 'list':
      return listProblem(name, value);
    case 'map':
      return mapProblem(value);
    default: {
      if (!isScalar(value)) return 'must be a single value (text, number or boolean), not an object or array';
      if (isEntityId(name, type) && !UUID.test(String(value).trim())) return 'must be a UUID (an entity id)';
      return undefined;
    }
  }
}

function listProblem(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string' && !(Array.isArray(value) && value.every(isScalar))) return 'must be a list: an array of values or a comma-separated text';
  // Split as CloudStack splits (canonical-value.ts): an element holding a comma is checked as the elements it becomes.
  const items = listItems(value);
  const texts = items.map((item) => String(item).trim());
  if (texts.length === 0 || texts.some((text) => text === '')) return 'must be a list without empty elements';
  if (name.toLowerCase().endsWith('ids') && texts.some((text) => !UUID.test(text))) return 'must be a list of UUIDs (entity ids)';
  return undefined;
}

function mapProblem(value: unknown): string | undefined {
  const entries = isPlainObject(value) ? [value] : Array.isArray(value) ? value : undefined;
  const rule = 'must be an object or an array of objects, e.g. {"key": "env", "value": "prod"} (sent as name[0].key=value)';
  if (!entries || entries.length === 0 || !entries.every(isPlainObject)) return rule;
  for (const entry of entries) {
    if (Object.keys(entry).length === 0) return `${rule}; an entry is empty`;
    const bad = Object.entries(entry).find(([, item]) => item !== null && item !== undefined && !isScalar(item));
    if (bad) return `${rule}; ${bad[0]} holds an object or array, CloudStack takes only text, numbers and booleans`;
  }
  return undefined;
}

/**
 * The issue for a command this server does not know — and for one the policy hides, which must read the same:
 * the near commands never include the command itself.
 */
export function unknownCommandIssue(command: string, offered?: (command: string) => boolean): Issue {
  const near = rankCommands(command, { limit: 4, ...(offered ? { offered } : {}) }).map((entry) => entry.command).filter((name) => name !== command).slice(0, 3);
  const hint = near.length > 0 ? `; did you mean ${near.join(', ')}?` : '';
  return { path: 'command', message: `${JSON.stringify(command)} is not a CloudStack command known to this server${hint} (search_cloudstack_api finds commands by words)` };
}

function unknownParameter(command: string, spec: CommandSpec, given: string): Issue {
  const names = Object.keys(spec.params).sort();
  if (RESERVED.has(given.toLowerCase())) return { path: `params.${given}`, message: 'is set by the server for every request, not by the caller' };
  const mapForm = /^([a-z0-9_]+)\[\d+\]\.\w+$/i.exec(given);
  if (mapForm && spec.params[mapForm[1]!] === 'map') {
    return { path: `params.${given}`, message: `give the map parameter ${mapForm[1]} as an object or an array of objects; it is sent as ${mapForm[1]}[0].key=value` };
  }
  const shown = names.length > MAX_NAMED ? `${names.slice(0, MAX_NAMED).join(', ')}, …` : names.join(', ');
  return { path: `params.${given}`, message: `is not a parameter of ${command} (its parameters: ${shown || 'none'})` };
}

/** Paging of list commands, as CloudStack wants it: both together, a page size it accepts. */
function pagingProblems(spec: CommandSpec, params: Record<string, unknown>): Issue[] {
  if (spec.listKey === undefined) return [];
  const issues: Issue[] = [];
  if (params.page !== undefined && Number(params.page) < 1) issues.push({ path: 'params.page', message: 'must be at least 1' });
  const size = params.pagesize === undefined ? undefined : Number(params.pagesize);
  if (size !== undefined && (size < 1 || size > CLOUDSTACK_PAGE_SIZE)) issues.push({ path: 'params.pagesize', message: `must be from 1 to ${CLOUDSTACK_PAGE_SIZE}` });
  return issues;
}

/**
 * The command's own spelling of each given parameter (CloudStack matches names in any letter case), or the issues.
 * Absent (null) values are dropped: CloudStack has no null.
 */
export function checkCall(command: string, params: Readonly<Record<string, unknown>>, offered?: (command: string) => boolean): CheckedParams {
  const spec = commandSpec(command);
  if (!spec) return { ok: false, issues: [unknownCommandIssue(command, offered)] };
  const byLowerName = new Map(Object.keys(spec.params).map((name) => [name.toLowerCase(), name]));
  const issues: Issue[] = [];
  const named: Record<string, unknown> = {};
  for (const [given, value] of Object.entries(params)) {
    const name = byLowerName.get(given.toLowerCase());
    if (name === undefined) {
      issues.push(unknownParameter(command, spec, given));
      continue;
    }
    if (value === null || value === undefined) continue;
    if (Object.hasOwn(named, name)) {
      issues.push({ path: `params.${given}`, message: `is given twice (as ${name} too); names are matched in any letter case` });
      continue;
    }
    const problem = valueProblem(name, spec.params[name]!, value);
    if (problem) issues.push({ path: `params.${given}`, message: problem });
    else named[name] = value;
  }
  for (const name of spec.required) {
    const value = params[Object.keys(params).find((given) => given.toLowerCase() === name.toLowerCase()) ?? name];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      issues.push({ path: `params.${name}`, message: `is required by ${command}` });
    }
  }
  issues.push(...pagingProblems(spec, named));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, command, params: named };
}

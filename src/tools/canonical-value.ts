/**
 * One canonical form for every CloudStack parameter value, by the catalog's parameter type, so that a policy
 * compares like with like and the client sends exactly what was compared: ids lower-case, lists as arrays of
 * trimmed strings (from an array or CloudStack's comma-separated text), booleans and integers typed, CIDRs in
 * network/prefix form, maps as arrays of flat objects.
 */
import ipaddr from 'ipaddr.js';
import type { ParamType } from '../cloudstack/catalog.js';

const UUID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL_PREFIX = /^\d{1,3}$/;

/** A UUID-looking text in lower case (CloudStack compares ids case-insensitively); anything else unchanged. */
export function canonicalId(value: string): string {
  return UUID_LIKE.test(value) ? value.toLowerCase() : value;
}

/**
 * `1.0.0.0/0` → `0.0.0.0/0`, `2001:DB8::1/32` → `2001:db8::/32`; undefined when the text is no CIDR. IPv4 must be
 * four decimal parts: ipaddr.js alone would read `010.0.0.1` as octal (8.0.0.1), which CloudStack does not.
 */
export function normalizeCidr(text: string): string | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!DECIMAL_PREFIX.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (ipaddr.IPv4.isValidFourPartDecimal(address) && prefix <= 32) {
    return `${ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`).toString()}/${prefix}`;
  }
  if (address.includes(':') && ipaddr.IPv6.isValid(address) && prefix <= 128) {
    return `${ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`).toString()}/${prefix}`;
  }
  return undefined;
}

/** `...id` parameters that hold the caller's own free text, not an entity's UUID (their case is the caller's). */
const FREE_TEXT_IDS = new Set(['customid', 'externalid']);

/**
 * Whether a parameter holds entity ids (`id`, `virtualmachineid`, `networkids`, the catalog's `uuid` type). Only
 * these are lower-cased: a password, a name or user data that happens to look like a UUID is sent as written.
 */
export function holdsIds(name: string, type: ParamType): boolean {
  const lower = name.toLowerCase();
  if (FREE_TEXT_IDS.has(lower)) return false;
  return type.toLowerCase() === 'uuid' || lower.endsWith('id') || lower.endsWith('ids');
}

/**
 * A list parameter's elements as CloudStack will read them. CloudStack splits a list parameter's text on every
 * comma, and an array is sent joined by commas, so an element holding a comma (`["10.0.0.0/8,0.0.0.0/0"]`) is
 * two elements to CloudStack: split here too, or a rule would compare one text CloudStack never sees.
 */
export function listItems(value: unknown): unknown[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]));
}

/** One element of a list parameter: trimmed, a CIDR normalized, an id lower-cased. */
function listElement(value: unknown, ids: boolean): string {
  const text = String(value).trim();
  return normalizeCidr(text) ?? (ids ? canonicalId(text) : text);
}

function typedBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  return word === 'true' ? true : word === 'false' ? false : value;
}

function typedNumber(value: unknown): unknown {
  if (typeof value !== 'string' || value.trim() === '') return value;
  const number = Number(value.trim());
  return Number.isFinite(number) ? number : value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `{a: 1}` or `[{a: 1}]` → `[{a: 1}]` (CloudStack's `name[0].a=1`); nested values are kept as scalars, since
 * CloudStack reads each entry as flat key=value pairs.
 */
function mapEntries(value: unknown): unknown {
  const entries = isPlainObject(value) ? [value] : Array.isArray(value) ? value : undefined;
  if (!entries || !entries.every(isPlainObject)) return value;
  return entries.map((entry) =>
    Object.fromEntries(Object.entries(entry).filter(([, item]) => item !== undefined && item !== null).map(([key, item]) => [key, isPlainObject(item) || Array.isArray(item) ? JSON.stringify(item) : item])),
  );
}

/**
 * The canonical form of one value of a parameter of catalog type `type`; undefined and null stay absent. With the
 * parameter's `name`, only id parameters are lower-cased (see holdsIds); without it, every UUID-looking text is.
 */
export function canonicalValue(type: ParamType, value: unknown, name?: string): unknown {
  const ids = name === undefined || holdsIds(name, type);
  if (value === undefined || value === null) return undefined;
  switch (type.toLowerCase()) {
    case 'boolean':
      return typedBoolean(value);
    case 'integer':
    case 'long':
    case 'short':
    case 'number':
      return typedNumber(value);
    case 'list':
      return listItems(value).map((item) => listElement(item, ids)).filter((item) => item !== '');
    case 'map':
      return mapEntries(value);
    default:
      return typeof value === 'string' && ids ? canonicalId(value) : value;
  }
}

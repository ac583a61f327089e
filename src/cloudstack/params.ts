/**
 * Turn typed tool arguments into the flat string parameters CloudStack reads.
 * CloudStack's conventions: lists are comma-joined; maps are `name[0].key=value` (one index per entry);
 * booleans are `true`/`false`; absent values are not sent at all.
 */
import type { FlatParams } from './signer.js';

export type Scalar = string | number | boolean;
export type MapEntry = Readonly<Record<string, Scalar>>;
export type ParamValue = Scalar | readonly Scalar[] | readonly MapEntry[] | MapEntry;
export type CloudStackParams = Readonly<Record<string, ParamValue | null | undefined>>;

function isMapEntry(value: unknown): value is MapEntry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function flattenParams(params: CloudStackParams): FlatParams {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (isMapEntry(value)) {
      addMapEntries(flat, name, [value]);
    } else if (Array.isArray(value)) {
      if (value.length > 0 && value.every(isMapEntry)) addMapEntries(flat, name, value as readonly MapEntry[]);
      else flat[name] = (value as readonly Scalar[]).map(String).join(',');
    } else {
      flat[name] = String(value);
    }
  }
  return flat;
}

function addMapEntries(flat: Record<string, string>, name: string, entries: readonly MapEntry[]): void {
  entries.forEach((entry, index) => {
    for (const [key, value] of Object.entries(entry)) flat[`${name}[${index}].${key}`] = String(value);
  });
}

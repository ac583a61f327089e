/**
 * Parameter checks the API layer makes before a command runs: required parameters (from the catalog),
 * integers, and UUID-valued ids (CloudStack resolves every `...id` parameter to an entity up front).
 */
import type { CommandSpec } from '../cloudstack/catalog.js';
import { isUuid } from './ids.js';
import { invalidId, invalidInteger, missingParameter } from './protocol.js';

/** `...id` parameters that hold free text rather than an entity's UUID. */
const FREE_TEXT_IDS = new Set(['customid', 'externalid']);

function isEntityId(name: string, type: string): boolean {
  return (type === 'string' || type === 'uuid' || type === 'UUID') && name.endsWith('id') && !FREE_TEXT_IDS.has(name);
}

export function validateParams(command: string, spec: CommandSpec, params: Readonly<Record<string, string>>): void {
  for (const name of spec.required) {
    const lowered = name.toLowerCase();
    // A map parameter arrives as `name[0].key=...`: any such entry is the parameter being present.
    const present = spec.params[name] === 'map' ? Object.keys(params).some((key) => key.startsWith(`${lowered}[`)) : Boolean(params[lowered]);
    if (!present) throw missingParameter(command, name);
  }
  for (const [name, type] of Object.entries(spec.params)) {
    const value = params[name.toLowerCase()];
    if (value === undefined || value === '') continue;
    if ((type === 'integer' || type === 'long') && !/^-?\d+$/.test(value)) throw invalidInteger(command, name, value);
    if (isEntityId(name, type) && !isUuid(value)) throw invalidId(command, name, value);
    if (type === 'list' && name.endsWith('ids')) {
      const bad = value.split(',').find((item) => !isUuid(item));
      if (bad !== undefined) throw invalidId(command, name, bad);
    }
  }
}

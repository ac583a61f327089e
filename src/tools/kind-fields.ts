/**
 * Input fields read from the catalog: a field's zod type follows the catalog's parameter type (ids are UUIDs,
 * booleans flags, integers whole numbers, lists arrays or comma-separated text), and it is required exactly when
 * CloudStack requires it. The checks here run when a tool is declared, so a mistyped name fails the load.
 */
import { z } from 'zod';
import { commandSpec } from '../cloudstack/catalog.js';
import { described, flag, text, uuid, uuidList } from './schemas.js';

/**
 * A field: its description (everything else from the catalog), BY_NAME (from the catalog, listed without a
 * description: its name and the tool's description say what it is), or a zod schema of its own (an enum, an IP).
 */
export type FieldSpecs = Readonly<Record<string, string | typeof BY_NAME | z.ZodType>>;

/** A list tool's `zoneid`, a delete tool's `id`: a description would only repeat the name. */
export const BY_NAME = null;

/** Parameters named like ids that CloudStack does not fill with a UUID. */
const NOT_UUIDS = new Set(['vlanid', 'customid']);

const wholeNumber = (description?: string) => described(z.number({ error: 'must be a number' }).int('must be an integer'), description);

const textList = (description?: string) =>
  described(
    z.union([z.array(text()).min(1, 'must not be empty'), text()], { error: 'must be a list (an array, or comma-separated)' }),
    description,
  );

/** CloudStack's `map` parameters (`tags[0].key=…`): an array of flat string objects. */
const flatObjects = (description?: string) =>
  described(z.array(z.record(z.string(), z.string({ error: 'must be text' }))).min(1, 'must not be empty'), description);

export function catalogField(command: string, name: string, description: string | undefined, required = false): z.ZodType {
  const spec = commandSpec(command);
  const type = spec?.params[name];
  if (!spec || type === undefined) throw new Error(`${command} has no parameter ${name}`);
  const field = fieldOfType(name, type, description);
  return required || spec.required.includes(name) ? field : field.optional();
}

function fieldOfType(name: string, type: string, description: string | undefined): z.ZodType {
  if (type === 'boolean') return flag(description);
  if (type === 'integer' || type === 'long' || type === 'short') return wholeNumber(description);
  if (type === 'list') return /ids$/.test(name) ? uuidList(description) : textList(description);
  if (type === 'map') return flatObjects(description);
  if (type === 'uuid' || (/id$/.test(name) && !NOT_UUIDS.has(name))) return uuid(description);
  return text(description);
}

/** `fields` on list and get tools: which fields of each object come back (as cloudmonkey's `filter=`). */
export function fieldsSelector(): z.ZodType {
  return z.array(z.string().min(1, 'must not be empty')).min(1, 'must not be empty').describe('Only these fields.').optional();
}

/**
 * Every field is a parameter of the command (or one of the tool's own), and every parameter CloudStack requires
 * is a field the agent must give (or one with a default).
 */
export function checkFields(tool: string, command: string, fields: Readonly<Record<string, z.ZodType>>, toolOnly: readonly string[]): void {
  const spec = commandSpec(command)!;
  for (const name of Object.keys(fields)) {
    if (!toolOnly.includes(name) && !(name in spec.params)) throw new Error(`tool ${tool}: ${name} is not a parameter of ${command}`);
  }
  for (const name of spec.required) {
    const field = fields[name];
    if (!field) throw new Error(`tool ${tool}: ${command} requires ${name}, which the tool does not take`);
    const absent = field.safeParse(undefined);
    if (absent.success && absent.data === undefined) throw new Error(`tool ${tool}: ${name} is required by ${command} but optional here`);
  }
}

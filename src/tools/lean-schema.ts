/**
 * The JSON Schema a model reads, reduced to what helps it fill arguments. zod's JSON Schema repeats a 100-byte
 * UUID regular expression on every id field, adds `maximum: 9007199254740991` to every integer and an
 * `anyOf [array, comma-separated string]` pair to every list; a model needs none of them (and the server validates
 * them all anyway). Kept: type, enum, const, required, description, default, items, properties, small numeric
 * bounds (ports, page size); a UUID pattern becomes `format: "uuid"`. `additionalProperties: false` goes too (28
 * bytes on every tool): a model fills the properties it is shown, and the server refuses any other argument with
 * an error naming it (every tool input is a zod strict object).
 */

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** Bounds beyond this are JavaScript's number limits, not CloudStack rules worth a model's attention. */
const MEANINGFUL_BOUND = 65_535;
const DROPPED = new Set(['pattern', 'minLength', 'maxLength', 'minItems', 'maxItems', '$schema']);

type Json = unknown;

export function leanSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(leanSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const node = schema as Record<string, Json>;
  const listForm = arrayOfListPair(node);
  if (listForm) return leanSchema({ ...listForm, ...(node.description !== undefined ? { description: node.description } : {}) });
  const choice = enumOfConstants(node);
  if (choice) return leanSchema(choice);
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key)) continue;
    if ((key === 'minimum' || key === 'maximum') && typeof value === 'number' && Math.abs(value) > MEANINGFUL_BOUND) continue;
    // `{}` (anything goes) says nothing, and `false` is the server's rule (see above); a map's value type is kept.
    if (key === 'additionalProperties' && (value === false || (typeof value === 'object' && value !== null && Object.keys(value).length === 0))) continue;
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, leanSchema(property)]));
      continue;
    }
    out[key] = leanSchema(value);
  }
  if (node.pattern === UUID_PATTERN) out.format = 'uuid';
  return out;
}

/** `anyOf: [{type: array, items}, {type: string}]` (a list as an array or as CloudStack's comma-separated text). */
function arrayOfListPair(node: Record<string, Json>): Record<string, Json> | undefined {
  const options = node.anyOf;
  if (!Array.isArray(options) || options.length !== 2) return undefined;
  const [first, second] = options as Record<string, Json>[];
  if (first?.type === 'array' && second?.type === 'string') return first;
  return undefined;
}

/** `anyOf` of same-typed constants (a zod union of literals) says what `enum` says in a third of the bytes. */
function enumOfConstants(node: Record<string, Json>): Record<string, Json> | undefined {
  const options = node.anyOf;
  if (!Array.isArray(options) || options.length === 0) return undefined;
  const type = (options[0] as Record<string, Json> | undefined)?.type;
  const constants = options.every((option) => {
    const entry = option as Record<string, Json>;
    return typeof entry === 'object' && entry !== null && entry.type === type && 'const' in entry && Object.keys(entry).length === 2;
  });
  if (!constants) return undefined;
  const { anyOf: _options, ...rest } = node;
  return { type, enum: options.map((option) => (option as Record<string, Json>).const), ...rest };
}

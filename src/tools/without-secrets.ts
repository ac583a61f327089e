/**
 * CloudStack answers without their secret-named fields, for every result a tool returns (results.ts). Most answers
 * hold none, and every item of every list passes through here: an answer is first searched, and copied only when a
 * field has to go, so a list of zones or VMs is returned as CloudStack sent it, with no copy made per call.
 */
import type { JsonObject } from '../cloudstack/api.js';
import { isSecretField } from '../redact.js';

/** Deeper than this, an answer is cut (hostile or broken input cannot make the walk run away). */
const MAX_DEPTH = 20;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `value` without secret fields (redact.ts decides which: by name, and a secret-labelled map entry's `value`, as in
 * listConfigurations or listResourceDetails) at any depth, except the top-level fields in `keep`:
 * a password or private key reaches the agent only from the tool that creates it (declared as its secretFields),
 * never from a list, a get or a job record (listAsyncJobs and queryAsyncJobResult carry past jobs' results).
 * The same object when nothing has to go.
 */
export function withoutSecrets(value: JsonObject, keep: readonly string[] = []): JsonObject {
  return mustCopy(value, keep, 0) ? (strip(value, keep, 0) as JsonObject) : value;
}

/** Whether stripping would change `inner`: a secret-named field below the top level's `keep`, or a cut. */
function mustCopy(inner: unknown, keep: readonly string[], depth: number): boolean {
  if (depth > MAX_DEPTH) return true;
  if (Array.isArray(inner)) return inner.some((item) => mustCopy(item, keep, depth + 1));
  if (!isObject(inner)) return false;
  for (const key of Object.keys(inner)) {
    if (!(depth === 0 && keep.includes(key)) && isSecretField(inner, key)) return true;
    if (mustCopy(inner[key], keep, depth + 1)) return true;
  }
  return false;
}

function strip(inner: unknown, keep: readonly string[], depth: number): unknown {
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(inner)) return inner.map((item) => strip(item, keep, depth + 1));
  if (!isObject(inner)) return inner;
  // A loop, not entries/filter/fromEntries: an answer with a secret in it is copied field by field.
  const copy: JsonObject = {};
  for (const key of Object.keys(inner)) {
    if ((depth === 0 && keep.includes(key)) || !isSecretField(inner, key)) copy[key] = strip(inner[key], keep, depth + 1) as JsonObject[string];
  }
  return copy;
}

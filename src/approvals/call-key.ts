/**
 * The key that binds an approval to one exact call in one session: a keyed hash (HMAC-SHA256) of the canonical
 * call written as JSON with sorted keys, so the same call always gives the same key whatever the order its
 * parameters came in, and a different parameter, resource or session never does.
 *
 * Keyed, not a bare hash: the canonical parameters may hold secrets (a password, user data), and a plain sha256 of
 * them could be guessed offline if a key ever leaked. A shared store (Redis) shares the secret between servers.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { ApprovalCall } from './types.js';

/**
 * The resource is not part of the key: the parameters name it, and a destroyed VM resolves to nothing, which must
 * still find its (used) approval. The store compares the resolved resource's identity separately (store.ts).
 */
export type CallKey = (call: ApprovalCall, session: string) => string;

export function createCallKey(secret: Buffer = randomBytes(32)): CallKey {
  return (call, session) => {
    const bound = {
      session,
      tool: call.tool,
      command: call.command,
      params: call.params,
    };
    return createHmac('sha256', secret).update(stableJson(bound)).digest('hex');
  };
}

/** JSON with object keys sorted at every depth; arrays keep their order (it is meaningful in a list). */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, 0));
}

function sortKeys(value: unknown, depth: number): unknown {
  if (depth > 32) throw new Error('canonical call nested too deeply to bind an approval to it');
  if (Array.isArray(value)) return value.map((item) => sortKeys(item, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner, depth + 1)]));
}

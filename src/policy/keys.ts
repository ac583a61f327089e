/**
 * Counter keys: which count a call adds to. The gate computes them (the store only counts), from the limit's
 * identity (counter, window, scope) and the scope's value in this call: the session, the canonical value of an
 * `args.`/`params.` field (ids arrive lower-cased from the canonical call, so case cannot buy a fresh count), or
 * the id of the resolved resource.
 */
import type { CompiledLimit } from './compile.js';
import { readPath } from './paths.js';
import type { LimitSlot } from './limiter.js';
import type { ResolvedResource } from './resources.js';
import type { PolicyCall } from './types.js';

/** What a key may read besides the call: the resource the call acts on, once resolved. */
export interface KeyContext {
  readonly resource?: ResolvedResource | null;
}

/**
 * A counter's identity: name, window and scope (and the scope's value). A hot reload that keeps these keeps the
 * count, because the key is the same; a changed window or scope starts a fresh count. `undefined` when the limit
 * does not apply to this call: a `resource` scope on a call that acts on no resource.
 */
export function counterKey(limit: CompiledLimit, call: PolicyCall, context: KeyContext = {}): string | undefined {
  let scopeValue: string | null = null;
  const { scope } = limit;
  if (scope.kind === 'session') scopeValue = call.sessionId;
  else if (scope.kind === 'resource') {
    if (!context.resource) return undefined;
    scopeValue = context.resource.id;
  } else if (scope.kind === 'arg' || scope.kind === 'param') {
    const value = readPath(scope.kind === 'arg' ? call.args : call.params, scope.param);
    scopeValue = value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value);
  }
  return `${keyPrefix(limit)},${JSON.stringify(scopeValue)}]`;
}

/**
 * `JSON.stringify([counter, windowMs, scopeLabel, value])` without its last element and bracket, kept per limit
 * (a compiled limit is immutable): the key of every call is this plus the scope's value.
 */
const prefixes = new WeakMap<CompiledLimit, string>();
function keyPrefix(limit: CompiledLimit): string {
  let prefix = prefixes.get(limit);
  if (prefix === undefined) prefixes.set(limit, (prefix = JSON.stringify([limit.counter, limit.windowMs, limit.scopeLabel]).slice(0, -1)));
  return prefix;
}

/** The slots a call asks the limiter for, one per limit that applies to it. */
export function limitSlots(limits: readonly CompiledLimit[], call: PolicyCall, context: KeyContext = {}): LimitSlot[] {
  const slots: LimitSlot[] = [];
  for (const limit of limits) {
    const key = counterKey(limit, call, context);
    if (key !== undefined) slots.push({ limit, key });
  }
  return slots;
}

/**
 * Counter keys: which count a call adds to. The gate computes them (the store only counts), from the limit's
 * identity (counter, window, scope) and the scope's value in this call: the session, the canonical value of an
 * `args.`/`params.` field (ids arrive lower-cased from the canonical call, so case cannot buy a fresh count), or
 * the id of the resolved resource.
 */
import type { CompiledLimit } from './compile.js';
import { readPath } from './paths.js';
import type { LimitSlot } from './limiter.js';
import type { PolicyCall, ResolvedResource } from './types.js';

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
  return JSON.stringify([limit.counter, limit.windowMs, limit.scopeLabel, scopeValue]);
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

/**
 * Policy text → compiled policy, or every problem with its JSON path. Tool names are checked against the tools
 * this server really has: a typo in a tool name must fail loudly, because under `default: allow` a misspelt
 * `deny` would otherwise leave the real tool allowed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { compilePolicy, pointerSegment, type CompiledLimit, type CompiledPolicy } from './compile.js';
import { PolicySchema } from './schema.js';
import type { ToolFacts } from './types.js';

export type LoadResult = { readonly ok: true; readonly policy: CompiledPolicy } | { readonly ok: false; readonly errors: readonly string[] };

export interface LoadOptions {
  /** Shown when `default: deny` refuses a tool; the built-in policy uses it to say how to enable more. */
  readonly defaultReason?: string;
}

export function policyHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

function pointerOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '/' : path.map((key) => `/${pointerSegment(String(key))}`).join('');
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const at = pointerOf(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${at === '/' ? '' : at}/${pointerSegment(key)}: unknown field`);
    }
    return [`${at}: ${issue.message}`];
  });
}

/** Edit distance, for "did you mean" on misspelt tool names. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function unknownTool(name: string, known: readonly string[]): string {
  let best: { name: string; cost: number } | undefined;
  for (const candidate of known) {
    const cost = distance(name, candidate);
    if (!best || cost < best.cost) best = { name: candidate, cost };
  }
  const close = best && best.cost <= Math.max(2, Math.floor(name.length / 4));
  return close ? `unknown tool (did you mean ${best!.name}?)` : 'unknown tool';
}

/** Reads tool names wherever the document has them, valid or not, so every problem is reported in one pass. */
function checkToolNames(value: unknown, tools: readonly ToolFacts[]): string[] {
  if (value === null || typeof value !== 'object') return [];
  const { tools: named, hide } = value as { tools?: unknown; hide?: unknown };
  const known = tools.map((tool) => tool.name);
  const knownSet = new Set(known);
  const errors: string[] = [];
  if (named !== null && typeof named === 'object' && !Array.isArray(named)) {
    for (const name of Object.keys(named)) {
      if (!knownSet.has(name)) errors.push(`/tools/${pointerSegment(name)}: ${unknownTool(name, known)}`);
    }
  }
  if (Array.isArray(hide)) {
    hide.forEach((name: unknown, index) => {
      if (typeof name === 'string' && name !== '*' && !knownSet.has(name)) errors.push(`/hide/${index}: ${unknownTool(name, known)}`);
    });
  }
  return errors;
}

/**
 * A counter is shared by name, so every entry naming it must agree on window and scope; otherwise the operator
 * believes two tools share one count while the server keeps two. (`max` may differ: each entry checks its own.)
 */
function checkSharedCounters(policy: CompiledPolicy): string[] {
  const first = new Map<string, CompiledLimit>();
  const errors: string[] = [];
  const all = [...[...policy.tools.values()].flatMap((rule) => rule.limits), ...policy.allToolsLimits];
  for (const limit of all) {
    const earlier = first.get(limit.counter);
    if (!earlier) first.set(limit.counter, limit);
    else if (earlier.windowMs !== limit.windowMs || earlier.scopeLabel !== limit.scopeLabel) {
      errors.push(
        `${limit.pointer}: counter ${limit.counter} is also defined at ${earlier.pointer} with ${earlier.windowLabel} per ${earlier.scopeLabel}; ` +
          'entries sharing a counter need the same window and scope',
      );
    }
  }
  return errors;
}

/** Validates and compiles a policy given as a value (tests, benchmarks, the built-in default). */
export function loadPolicyValue(value: unknown, tools: readonly ToolFacts[], hash: string, options: LoadOptions = {}): LoadResult {
  const parsed = PolicySchema.safeParse(value);
  const errors = [...(parsed.success ? [] : describeIssues(parsed.error.issues)), ...checkToolNames(value, tools)];
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  const policy = compilePolicy(parsed.data, hash, options);
  const conflicts = checkSharedCounters(policy);
  return conflicts.length > 0 ? { ok: false, errors: conflicts } : { ok: true, policy };
}

export function loadPolicyText(text: string, tools: readonly ToolFacts[], options: LoadOptions = {}): LoadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`/: not valid JSON (${error instanceof Error ? error.message : String(error)})`] };
  }
  return loadPolicyValue(value, tools, policyHash(text), options);
}

export function loadPolicyFile(file: string, tools: readonly ToolFacts[]): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    return { ok: false, errors: [`/: cannot read ${file} (${code})`] };
  }
  return loadPolicyText(text, tools);
}

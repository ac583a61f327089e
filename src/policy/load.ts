/**
 * Policy text → compiled policy, or every problem with its JSON path. Tool and command names, paths, scopes and
 * values are checked against the tools this server really has and CloudStack's catalog (references.ts): a typo
 * must fail loudly, because under `default: allow` a misspelt `deny` would otherwise leave the real tool allowed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { compilePolicy, type CompiledLimit, type CompiledPolicy } from './compile.js';
import { describeIssues, jsonSyntaxError } from './issues.js';
import { checkNames } from './names.js';
import { checkReferences } from './references.js';
import { PolicySchema } from './schema.js';
import type { ToolFacts } from './tool-facts.js';

export type LoadResult = { readonly ok: true; readonly policy: CompiledPolicy } | { readonly ok: false; readonly errors: readonly string[] };

export interface LoadOptions {
  /** Shown when `default: deny` refuses a tool; the built-in policy uses it to say how to enable more. */
  readonly defaultReason?: string;
}

export function policyHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/**
 * A counter is shared by name, so every entry naming it must agree on window and scope; otherwise the operator
 * believes two tools share one count while the server keeps two. (`max` may differ: each entry checks its own.)
 */
function checkSharedCounters(policy: CompiledPolicy): string[] {
  const first = new Map<string, CompiledLimit>();
  const errors: string[] = [];
  const all = [...[...policy.tools.values(), ...policy.commands.values()].flatMap((rule) => rule.limits), ...policy.allToolsLimits];
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
  const errors = [...(parsed.success ? [] : describeIssues(parsed.error.issues)), ...checkNames(value, tools)];
  if (parsed.success) errors.push(...checkReferences(parsed.data, tools));
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
    return { ok: false, errors: [jsonSyntaxError(text, error)] };
  }
  return loadPolicyValue(value, tools, policyHash(text), options);
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
};

export function loadPolicyFile(file: string, tools: readonly ToolFacts[]): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    const words = READ_ERRORS[code] ?? 'it cannot be read';
    return { ok: false, errors: [`/: cannot read ${file} (${code}): ${words}`] };
  }
  return loadPolicyText(text, tools);
}

/**
 * Argument validation with errors an agent can fix in one go: every failing field and its rule, in one text.
 */
import type { z } from 'zod';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { errorResult } from './error-result.js';
import type { ToolDefinition } from './types.js';

export interface Issue {
  readonly path: string;
  readonly message: string;
}

export type Validation =
  | { readonly ok: true; readonly args: Record<string, unknown> }
  | { readonly ok: false; readonly result: CallToolResult; readonly issues: readonly Issue[] };

const UNKNOWN_ARGUMENT = 'unknown argument (not accepted by this tool)';

export function validateArguments(tool: ToolDefinition, raw: unknown): Validation {
  const given = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const unknown = unknownKeys(tool, given);
  const parsed = tool.input.safeParse(raw ?? {});
  if (parsed.success && unknown.length === 0) return { ok: true, args: parsed.data as Record<string, unknown> };
  // Top-level unknown keys are ours (above); nested ones (inside `details`) stay zod's.
  const schemaIssues = parsed.success ? [] : parsed.error.issues.filter((issue) => issue.code !== 'unrecognized_keys' || issue.path.length > 0);
  const issues = [
    ...schemaIssues.map((issue) => describeIssue(issue, given)),
    ...(unknown.length > 0 ? [{ path: unknown.join(', '), message: UNKNOWN_ARGUMENT }] : []),
  ];
  return { ok: false, issues, result: invalidArgumentsResult(tool.name, issues) };
}

/** One text naming every failing field and its rule (also used for a tool's own canonicalize hook). */
export function invalidArgumentsResult(toolName: string, issues: readonly Issue[]): CallToolResult {
  const text = `Invalid arguments for ${toolName}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`;
  return errorResult(text, { error: { code: 'invalid_arguments', issues } });
}

/**
 * Keys the schema does not declare. zod's strict objects report most of them, but not `__proto__`: JSON.parse
 * makes it an own key, and copying the arguments (as the SDK's request parsing does) turns it into the object's
 * prototype, where no strict check sees it. Either way it is refused here instead of dropped silently.
 */
function unknownKeys(tool: ToolDefinition, given: Record<string, unknown>): string[] {
  const unknown = Object.keys(given).filter((key) => !Object.hasOwn(tool.input.shape, key));
  const prototype: unknown = Object.getPrototypeOf(given);
  if (prototype !== Object.prototype && prototype !== null && !unknown.includes('__proto__')) unknown.push('__proto__');
  return unknown;
}

function describeIssue(issue: z.core.$ZodIssue, given: Record<string, unknown>): Issue {
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(arguments)';
  if (issue.code === 'unrecognized_keys') return { path: issue.keys.map((key) => `${path}.${key}`).join(', '), message: UNKNOWN_ARGUMENT };
  // A missing top-level field fails its type or enum check; say what is really wrong.
  const top = issue.path[0];
  if (issue.path.length === 1 && typeof top === 'string' && !Object.hasOwn(given, top) && issue.code !== 'custom') {
    return { path, message: 'is required' };
  }
  return { path, message: issue.message };
}

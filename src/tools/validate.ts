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

export function validateArguments(tool: ToolDefinition, raw: unknown): Validation {
  const parsed = tool.input.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, args: parsed.data as Record<string, unknown> };
  const given = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const issues = parsed.error.issues.map((issue) => describeIssue(issue, given));
  const text = `Invalid arguments for ${tool.name}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`;
  return { ok: false, issues, result: errorResult(text, { error: { code: 'invalid_arguments', issues } }) };
}

function describeIssue(issue: z.core.$ZodIssue, given: Record<string, unknown>): Issue {
  if (issue.code === 'unrecognized_keys') {
    return { path: issue.keys.join(', '), message: 'unknown argument (not accepted by this tool)' };
  }
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(arguments)';
  // A missing top-level field fails its type or enum check; say what is really wrong.
  const top = issue.path[0];
  if (issue.path.length === 1 && typeof top === 'string' && given[top] === undefined && issue.code !== 'custom') {
    return { path, message: 'is required' };
  }
  return { path, message: issue.message };
}

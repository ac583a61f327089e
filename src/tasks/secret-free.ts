/**
 * What a task record keeps of a result: the tool's result without any secret. A plain call returns a secret it
 * creates (a deployed or reset VM's password) once, to the caller; a task's result instead sits in the store for
 * the task's ttl — possibly in Redis — and is readable from any session that knows the task id (README "Tasks"), so
 * like wait_for_job (which any session may call with a job id) it carries none: secret-named fields are replaced
 * and their values removed from the text, which says how to get the secret instead.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isSecretName, redact, scrubText } from '../redact.js';

function secretValues(value: unknown, found: string[], depth = 0): string[] {
  if (depth > 20 || value === null || typeof value !== 'object') return found;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (isSecretName(key) && typeof inner === 'string') found.push(inner);
    else secretValues(inner, found, depth + 1);
  }
  return found;
}

export function secretFreeResult(result: CallToolResult, tool: string): CallToolResult {
  const secrets = secretValues(result.structuredContent, []);
  if (secrets.length === 0) return result;
  const note =
    `\nSecrets in ${tool}'s result are not kept in task records (readable for the task's ttl from any session with its id): ` +
    'call it without a task to receive them once, or reset them (e.g. reset_password_virtual_machine, without a task).';
  return {
    ...result,
    content: [...result.content.map((part) => (part.type === 'text' ? { ...part, text: scrubText(part.text, secrets) } : part)), { type: 'text', text: note.trim() }],
    ...(result.structuredContent ? { structuredContent: redact(result.structuredContent) } : {}),
  };
}

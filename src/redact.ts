/**
 * Secrets never leave the process in logs, errors, audit records or snapshots. One place decides what a
 * secret is, so the logger, the audit log, error texts and the simulator's request log all agree.
 */

/** Parameter and field names whose values are secrets, compared in lower case. */
const SECRET_NAMES = new Set([
  'apikey',
  'secretkey',
  'signature',
  'password',
  'privatekey',
  'userdata',
  'token',
  'authorization',
  'cloudstack_api_key',
  'cloudstack_secret_key',
  'cloudstack_mcp_token',
]);

export const REDACTED = '[REDACTED]';

/** Name endings that make any name a secret (`details[0].password`, `client_secret`). */
const SECRET_SUFFIXES = ['password', 'secret'];

export function isSecretName(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_NAMES.has(lower) || SECRET_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * `name=value` in a query string or form, for every secret name above (`privatekey=`, `details[0].password=`,
 * `token=`): the same names as `isSecretName`, so free text and structured fields cannot disagree.
 */
const SECRET_ASSIGNMENT = new RegExp(
  `((?:^|[^a-z0-9_])(?:${[...SECRET_NAMES].map(escape).join('|')}|[\\w.\\[\\]-]*(?:${SECRET_SUFFIXES.join('|')}))=)[^&\\s"']*`,
  'gi',
);

/** A deep copy with every secret-named field replaced. Cycles and depth are bounded so hostile input cannot hang it. */
export function redact<T>(value: T, depth = 0): T {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1)) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    copy[key] = isSecretName(key) ? REDACTED : redact(inner, depth + 1);
  }
  return copy as T;
}

/**
 * Removes known secret strings (keys, signatures) from free text such as an axios error message or URL.
 * `secrets` are exact values the caller knows; query-string secrets are caught by name as well.
 */
export function scrubText(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(SECRET_ASSIGNMENT, `$1${REDACTED}`);
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

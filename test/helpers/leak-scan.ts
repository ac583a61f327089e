/**
 * A secret-leak detector for whole suites: distinctive simulator keys (a hit cannot be a coincidence), a logger
 * and an audit sink that keep every line, and `note()` for tool results and error texts. `leaks()` scans all of
 * it for the API and secret keys (in any letter case: the signer lower-cases what it signs) and for any
 * `signature=<value>` a request carried.
 */
import type { Credentials } from '../../src/cloudstack/signer.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { AuditRecord, AuditSink } from '../../src/policy/index.js';

/** Used by the reliability suite instead of the simulator's public demo keys. */
export const DISTINCT_KEYS: { admin: Credentials; user: Credentials } = {
  admin: { apiKey: 'RELIAB-admin-apikey-Q7f3c9e1aZ', secretKey: 'RELIAB-admin-secret-W84d2e6fX' },
  user: { apiKey: 'RELIAB-user-apikey-K5a0e4c72V', secretKey: 'RELIAB-user-secret-J19c7f3adU' },
};

/** `signature=` followed by a value (raw or URL-encoded base64), wherever it appears. */
const SIGNATURE_WITH_VALUE = /signature=(?:[A-Za-z0-9+/]|%2B|%2F|%3D){4,}/i;

export interface LeakCollector {
  readonly logger: Logger;
  readonly audit: AuditSink & { readonly records: AuditRecord[] };
  /** Keeps anything else the suite saw: tool results, thrown errors, HTTP bodies. */
  note(label: string, value: unknown): void;
  /** How many texts were collected (a scan of nothing proves nothing). */
  count(): { logLines: number; auditRecords: number; notes: number };
  /**
   * Every collected text that contains a secret, with what it contained. `alsoSecret`: further values to look for
   * (e.g. a password a tool returned), scanned in log lines and audit records only.
   */
  leaks(alsoSecret?: readonly string[]): string[];
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}\n${JSON.stringify(value)}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function createLeakCollector(keys: { admin: Credentials; user: Credentials } = DISTINCT_KEYS): LeakCollector {
  const logLines: string[] = [];
  const records: AuditRecord[] = [];
  const notes: Array<{ label: string; text: string }> = [];
  const secrets = [keys.admin.apiKey, keys.admin.secretKey, keys.user.apiKey, keys.user.secretKey].map((s) => s.toLowerCase());
  return {
    logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    audit: { records, write: (record) => void records.push(record) },
    note: (label, value) => void notes.push({ label, text: textOf(value) }),
    count: () => ({ logLines: logLines.length, auditRecords: records.length, notes: notes.length }),
    leaks(alsoSecret = []) {
      const texts = [
        ...logLines.map((text) => ({ label: 'log', text })),
        ...records.map((record) => ({ label: 'audit', text: JSON.stringify(record) })),
        ...notes,
      ];
      const found: string[] = [];
      for (const { label, text } of texts) {
        const lower = text.toLowerCase();
        for (const secret of secrets) if (lower.includes(secret)) found.push(`${label} contains a key: ${text.slice(0, 300)}`);
        if (SIGNATURE_WITH_VALUE.test(text)) found.push(`${label} contains a signature: ${text.slice(0, 300)}`);
        if (label === 'log' || label === 'audit') {
          for (const secret of alsoSecret) if (text.includes(secret)) found.push(`${label} contains a returned secret: ${text.slice(0, 300)}`);
        }
      }
      return found;
    },
  };
}

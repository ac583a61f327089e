/**
 * What reached the simulated CloudStack: every request, with secrets removed — no signature at all, the API
 * key replaced, passwords, user data and private keys redacted — so tests can assert on what was (and was
 * not) sent without the log itself leaking anything. It keeps the most recent requests only, so a simulator
 * left running under a benchmark or a demo does not grow without bound.
 */
import { isSecretLabel, isSecretParam, REDACTED } from '../redact.js';

export interface RecordedRequest {
  /** ISO time the request arrived. */
  readonly time: string;
  readonly method: string;
  /** The `command` parameter as sent, if any. */
  readonly command?: string;
  readonly params: Readonly<Record<string, string>>;
  /** The authenticated account's name; absent when authentication failed. */
  readonly account?: string;
  /** Whether the command was executed (a job counts as accepted even if it later fails). */
  readonly accepted: boolean;
  readonly status: number;
  readonly errortext?: string;
  readonly jobid?: string;
}

/** `details[1].value` → `details[1]`: the entry whose `.key` or `.name` labels that value. */
const ENTRY_VALUE = /^(.+\[\d+\])\.value$/i;

/**
 * The parameters as received (flat: `details[1].key=secretkey&details[1].value=…`), with every secret replaced by
 * the rules of src/redact.ts: secret names, the command's own secret parameters (addSwift's `key`), and the value
 * of a map entry labelled with a secret name (or a label secret under that command's map: redact-labels.ts).
 */
export function loggableParams(params: Readonly<Record<string, string>>): Record<string, string> {
  const command = Object.entries(params).find(([name]) => name.toLowerCase() === 'command')?.[1] ?? '';
  const lowered = new Map(Object.entries(params).map(([name, value]) => [name.toLowerCase(), value]));
  const labelledSecret = (name: string): boolean => {
    const entry = ENTRY_VALUE.exec(name)?.[1]?.toLowerCase();
    if (entry === undefined) return false;
    const label = lowered.get(`${entry}.key`) ?? lowered.get(`${entry}.name`);
    return label !== undefined && isSecretLabel(command, entry.slice(0, entry.indexOf('[')), label);
  };
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name.toLowerCase() === 'signature') continue;
    out[name] = isSecretParam(command, name) || labelledSecret(name) ? REDACTED : value;
  }
  return out;
}

/** Enough for any test or benchmark run to inspect; older entries are dropped first. */
export const MAX_LOGGED_REQUESTS = 10_000;

export function appendToLog<T>(log: T[], entry: T, limit = MAX_LOGGED_REQUESTS): void {
  log.push(entry);
  if (log.length > limit) log.splice(0, log.length - limit);
}

/**
 * The audit trail: one JSON line per event of a call — approval requested, approval answered, the decision,
 * and how an admitted call ended — correlated by `call`. Arguments are redacted here, at the one place records
 * are built, so no sink can receive a secret.
 */
import { createWriteStream, openSync } from 'node:fs';
import { redact, scrubText } from '../redact.js';
import type { Logger } from '../logger.js';
import type { ApprovalAnswer, CallOutcome, RefusalKind } from './types.js';

export type AuditEvent = 'allow' | 'deny' | 'would_deny' | 'approval_requested' | 'approval_granted' | 'approval_declined' | 'executed';

export interface AuditRecord {
  readonly time: string;
  readonly event: AuditEvent;
  /** Correlates the events of one call. */
  readonly call: string;
  readonly session: string;
  readonly tool: string;
  /** Short sha256 of the policy text that decided. */
  readonly policy: string;
  readonly rule?: string;
  readonly reason?: string;
  readonly refusal?: RefusalKind;
  readonly answer?: ApprovalAnswer;
  readonly args?: Readonly<Record<string, unknown>>;
  /** From admission to `finish`, on `executed`. */
  readonly durationMs?: number;
  readonly outcome?: CallOutcome;
}

export interface AuditSink {
  write(record: AuditRecord): void;
  close?(): Promise<void>;
}

/** Builds a record with the arguments redacted and the outcome's error text scrubbed. */
export function auditRecord(fields: Omit<AuditRecord, 'time'>, now: number): AuditRecord {
  return {
    time: new Date(now).toISOString(),
    ...fields,
    args: fields.args === undefined ? undefined : redact(fields.args),
    outcome: fields.outcome?.error === undefined ? fields.outcome : { ...fields.outcome, error: scrubText(fields.outcome.error) },
  };
}

/**
 * Appends JSON lines to `file` (CLOUDSTACK_MCP_AUDIT_LOG), or writes them to stderr when no file is named.
 * The file is opened here, synchronously, so a wrong path stops the server at start-up with its name and reason
 * instead of losing records later. If writing fails afterwards (disk full, volume gone), that is logged once and
 * the records that follow go to stderr: an audit trail that stops silently is worse than one that moves.
 */
export function createAuditSink(file: string | undefined, logger: Logger): AuditSink {
  const toStderr = (record: AuditRecord): void => void process.stderr.write(`${JSON.stringify(record)}\n`);
  if (!file) return { write: toStderr };
  let fd: number;
  try {
    fd = openSync(file, 'a', 0o600);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new Error(`audit log ${file} (CLOUDSTACK_MCP_AUDIT_LOG) cannot be opened for appending (${code})`);
  }
  const stream = createWriteStream(file, { fd, flags: 'a' });
  let failed = false;
  // Handled, so a write error is not an unhandled 'error' event that would crash the whole server.
  stream.on('error', (error) => {
    if (failed) return;
    failed = true;
    logger.error('audit log not writable; audit records go to stderr from now on', { file, error: error.message });
  });
  return {
    write: (record) => (failed ? toStderr(record) : void stream.write(`${JSON.stringify(record)}\n`)),
    close: () => new Promise<void>((resolve) => (failed ? resolve() : stream.end(resolve))),
  };
}

/**
 * The audit trail: one JSON line per event of a call — approval requested, approval answered, the decision,
 * and how an admitted call ended — correlated by `call`. Arguments are redacted here, at the one place records
 * are built, so no sink can receive a secret.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
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
  let failed = false;
  // Written synchronously: the record is in the file before the call it records goes on to CloudStack, and an
  // append to a local file costs about 2 µs where a stream write costs a thread-pool round trip per record.
  const append = (record: AuditRecord): void => {
    if (failed) return toStderr(record);
    try {
      writeSync(fd, `${JSON.stringify(record)}\n`);
    } catch (error) {
      failed = true;
      logger.error('audit log not writable; audit records go to stderr from now on', { file, error: error instanceof Error ? error.message : String(error) });
      toStderr(record);
    }
  };
  return {
    write: append,
    close: async () => closeSync(fd),
  };
}

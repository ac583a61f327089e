/**
 * The audit trail: one JSON line per event of a call — approval requested, approval answered, the decision,
 * and how an admitted call ended — correlated by `call`. Arguments are redacted here, at the one place records
 * are built, so no sink can receive a secret.
 */
import { redact, redactParams, scrubText } from '../redact.js';
import type { ApprovalAnswer, CallOutcome, RefusalKind, ResourceSummary } from './types.js';

export type AuditEvent =
  | 'allow'
  | 'deny'
  | 'would_deny'
  | 'approval_requested'
  | 'approval_granted'
  | 'approval_declined'
  | 'executed'
  // The operator's approval (src/approvals), by its `approval` id: shown on the page or CLI, decided `by` whom,
  // used by the repeated call, expired, or cancelled by a reload that denies the tool.
  | 'approval_shown'
  | 'approval_approved'
  | 'approval_denied'
  | 'approval_used'
  | 'approval_expired'
  | 'approval_cancelled';

export interface AuditRecord {
  readonly time: string;
  readonly event: AuditEvent;
  /** Correlates the events of one call; absent on the operator-approval events, which `approval` correlates. */
  readonly call?: string;
  /** The operator approval's id (apr_…), on its events (requested by the store, shown, approved, denied, used, expired, cancelled). */
  readonly approval?: string;
  /** Who decided, or to whom it was shown: the operator's name and channel, e.g. `alice (web)`. */
  readonly by?: string;
  readonly session: string;
  readonly tool: string;
  /** The CloudStack command the call sends (for the generic tool, the one it was asked to send). */
  readonly command?: string;
  /** Short sha256 of the policy text that decided. */
  readonly policy: string;
  readonly rule?: string;
  readonly reason?: string;
  readonly refusal?: RefusalKind;
  readonly answer?: ApprovalAnswer;
  readonly args?: Readonly<Record<string, unknown>>;
  /** The canonical CloudStack parameters the call sends, secret parameters of that command redacted. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** The resource the call acts on and its target, as resolved for the policy (name, state, zone, owner, tags). */
  readonly resource?: ResourceSummary;
  readonly target?: ResourceSummary;
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
    ...(fields.params ? { params: fields.command ? redactParams(fields.command, fields.params) : redact(fields.params) } : {}),
    ...(fields.resource ? { resource: redact(fields.resource) as unknown as ResourceSummary } : {}),
    ...(fields.target ? { target: redact(fields.target) as unknown as ResourceSummary } : {}),
    outcome: fields.outcome?.error === undefined ? fields.outcome : { ...fields.outcome, error: scrubText(fields.outcome.error) },
  };
}

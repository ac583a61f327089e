/**
 * The audit trail: one JSON line per event of a call — approval requested, approval answered, the decision,
 * and how an admitted call ended — correlated by `call`. Arguments are redacted here, at the one place records
 * are built, so no sink can receive a secret.
 */
import { isoTime } from '../iso-time.js';
import { redact, redactParams, scrubText } from '../redact.js';
import type { ResourceSummary } from './resources.js';
import type { ApprovalAnswer, CallOutcome, RefusalKind } from './types.js';

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
  /** The tool's arguments under the command's rules too (call_cloudstack_api's `params` under its `command`'s). */
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

/**
 * The redacted copies of the last arguments and parameters seen: a call's `allow` and `executed` records carry the
 * same objects, and redacting them again for the second was a tenth of a decision's cost. One entry each, compared
 * by identity (a WeakMap's bookkeeping cost more than it saved on calls with one record); another call's record in
 * between only means redacting again.
 */
type Memo = { readonly of: object; readonly command: string | undefined; readonly copy: Readonly<Record<string, unknown>> };
let lastArgs: Memo | undefined;
let lastParams: Memo | undefined;

/**
 * Arguments and parameters alike under the command's rules (redactParams): a tool's arguments may hold the
 * command's own secret parameters, and the generic tool's hold them under `params` (redact.ts).
 */
function redacted(last: Memo | undefined, command: string | undefined, of: Readonly<Record<string, unknown>>): Memo {
  return last?.of === of && last.command === command ? last : { of, command, copy: redactParams(command, of) };
}

function argsRedacted(command: string | undefined, args: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  lastArgs = redacted(lastArgs, command, args);
  return lastArgs.copy;
}

function paramsRedacted(command: string | undefined, params: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  lastParams = redacted(lastParams, command, params);
  return lastParams.copy;
}

/** A record's fields but its time; the event may come apart from the call's own fields (auditRecord). */
export type AuditFields = Omit<AuditRecord, 'time' | 'event'> & { readonly event?: AuditEvent };

/**
 * Builds a record with the arguments redacted and the outcome's error text scrubbed, from a call's fields and,
 * apart, the event's (which win). One object literal in the order of AuditRecord's fields (absent ones are left
 * out of the JSON line): spreading both into a copy per record was a third of a decision's time (`--cpu-prof`).
 */
export function auditRecord(fields: AuditFields, now: number, event?: Partial<AuditFields>): AuditRecord {
  const command = event?.command ?? fields.command;
  const args = event?.args ?? fields.args;
  const params = event?.params ?? fields.params;
  const resource = event?.resource ?? fields.resource;
  const target = event?.target ?? fields.target;
  const outcome = event?.outcome ?? fields.outcome;
  const kind = event?.event ?? fields.event;
  if (kind === undefined) throw new Error('an audit record needs an event');
  return {
    time: isoTime(now),
    event: kind,
    call: event?.call ?? fields.call,
    approval: event?.approval ?? fields.approval,
    by: event?.by ?? fields.by,
    session: event?.session ?? fields.session,
    tool: event?.tool ?? fields.tool,
    command,
    policy: event?.policy ?? fields.policy,
    rule: event?.rule ?? fields.rule,
    reason: event?.reason ?? fields.reason,
    refusal: event?.refusal ?? fields.refusal,
    answer: event?.answer ?? fields.answer,
    args: args === undefined ? undefined : argsRedacted(command, args),
    params: params === undefined ? undefined : paramsRedacted(command, params),
    resource: resource === undefined ? undefined : (redact(resource) as unknown as ResourceSummary),
    target: target === undefined ? undefined : (redact(target) as unknown as ResourceSummary),
    durationMs: event?.durationMs ?? fields.durationMs,
    outcome: outcome?.error === undefined ? outcome : { ...outcome, error: scrubText(outcome.error) },
  };
}

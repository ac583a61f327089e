/**
 * Operator approval, out of band: what a pending approval is and the store that keeps them. The store is an
 * interface (async throughout) so a shared Redis store can replace the in-memory one without touching callers.
 */
import type { ResolvedResource } from '../policy/resources.js';
import type { OperatorApprovalEvent } from '../policy/types.js';

/** The canonical call an approval is bound to: exactly what the client would send (see PolicyCall). */
export interface ApprovalCall {
  readonly tool: string;
  readonly command: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The resolved resource at the time of the request, when the call acts on one. */
  readonly resource?: ResolvedResource | null;
}

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired' | 'used' | 'cancelled';

/** What the operator sees and the API returns: never secrets (params are redacted when the record is made). */
export interface ApprovalRecord {
  readonly id: string;
  readonly status: ApprovalStatus;
  readonly tool: string;
  readonly command: string;
  /** The canonical parameters with every secret-named value replaced (redact.ts). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The resource as it was when the approval was requested: kind, id and its policy fields (name, state, tags…). */
  readonly resource?: { readonly kind: string; readonly id: string; readonly fields: Readonly<Record<string, unknown>> };
  /** The MCP session that asked: only this session can use the approval. */
  readonly session: string;
  /** JSON pointer of the policy rule that required the approval, and its reason. */
  readonly rule: string;
  readonly reason: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Who approved or denied (the operator's name and channel, e.g. `alice (web)`), when, and why. */
  readonly decidedBy?: string;
  readonly decidedAt?: number;
  readonly decisionReason?: string;
  readonly usedAt?: number;
}

export interface ApprovalRequestInput {
  readonly call: ApprovalCall;
  readonly session: string;
  readonly rule: string;
  readonly reason: string;
}

/**
 * What `consume` found for a call in a session:
 * - `approved`: the approval was approved and is now `used` (the caller runs the call, once);
 * - `pending`: asked, not yet decided;
 * - `denied` / `expired` / `used` / `cancelled`: the last approval for this call ended so; told once, after which
 *   the same call finds `none` and may ask again;
 * - `none`: nothing for this call in this session.
 */
export type ConsumeResult =
  | { readonly status: 'none' }
  | { readonly status: 'approved' | 'pending' | 'denied' | 'expired' | 'used' | 'cancelled'; readonly approval: ApprovalRecord };

/** One step of an approval for the audit trail: the policy's own record type (src/policy/types.ts), not a copy. */
export type ApprovalAuditEntry = OperatorApprovalEvent;
export type ApprovalAuditEvent = OperatorApprovalEvent['event'];

export type DecisionOutcome =
  | { readonly ok: true; readonly approval: ApprovalRecord }
  | { readonly ok: false; readonly error: 'not_found' | 'not_pending'; readonly approval?: ApprovalRecord };

export interface ApprovalStore {
  /** Creates a pending approval for the call, or returns the one already pending for the same call and session. */
  request(input: ApprovalRequestInput): Promise<{ readonly approval: ApprovalRecord; readonly created: boolean }>;
  get(id: string): Promise<ApprovalRecord | undefined>;
  /** Pending approvals first (oldest first), then recent decided ones (newest first). */
  list(): Promise<readonly ApprovalRecord[]>;
  approve(id: string, by: string, reason?: string): Promise<DecisionOutcome>;
  deny(id: string, by: string, reason: string): Promise<DecisionOutcome>;
  /** See ConsumeResult; an approved approval becomes used here, atomically, so it runs once. */
  consume(call: ApprovalCall, session: string): Promise<ConsumeResult>;
  /** Notes that approvals were shown to an operator (audited the first time each one is shown). */
  shown(ids: readonly string[], to: string): Promise<void>;
  /** A reload that makes the tool `deny` cancels its pending (and approved, unused) approvals; returns how many. */
  cancelForTool(tool: string, reason: string): Promise<number>;
}

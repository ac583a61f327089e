/**
 * The contract between the policy engine and the tool pipeline. Every tool call asks `admit` before anything
 * reaches CloudStack; an admitted call reports how it ended through `finish`, so the audit log has one
 * proposal, decision and execution per call.
 */
import type { ResourceResolver, ResourceSummary } from './resources.js';

export interface PolicyCall {
  readonly tool: string;
  /**
   * The canonical call (src/tools/canonical.ts): the CloudStack command it sends and its effective parameters,
   * exactly as the client will send them (defaults that change what CloudStack does made explicit, ids
   * lower-case, lists as arrays of trimmed strings, booleans and numbers typed, CIDRs normalized).
   */
  readonly command: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The agent's arguments after validation and canonicalization (the `args.` paths of conditions). */
  readonly args: Readonly<Record<string, unknown>>;
  /** Whether the command only reads (the catalog's HTTP method): governs the generic call tool. */
  readonly reads: boolean;
  /** The MCP session (HTTP session id, or a fixed id for stdio): the `session` scope of limits. */
  readonly sessionId: string;
  /** Absent where the call acts on no resource. */
  readonly resources?: ResourceResolver;
}

export type RefusalKind =
  | 'denied'
  | 'hidden'
  | 'missing_argument'
  /** A deny_if on the call's arguments or parameters. */
  | 'argument_rule'
  /** A deny_if on the resource the call acts on, or its target, as CloudStack reports it now. */
  | 'resource_rule'
  /** The resource the call names does not exist (refused before any counter is touched). */
  | 'not_found'
  /** The resource could not be looked up: the call is refused (fail closed). */
  | 'lookup_failed'
  | 'rate_limited'
  | 'approval_declined'
  /** The shared counts (Redis) could not be read or written: no decision, so the call is refused (fail closed). */
  | 'state_unavailable';

export interface PolicyRefusal {
  readonly decision: RefusalKind;
  /** JSON pointer into the policy file, e.g. `/tools/migrate_virtual_machine/limits/0`. */
  readonly rule: string;
  /** Words an agent can act on, e.g. `rate limit: 10 per minute on migrate_rate, retry in 23 s`. */
  readonly reason: string;
  readonly limit?: number;
  readonly remaining?: number;
  readonly retryAfterSeconds?: number;
}

/** The human's answer to an approval request (MCP elicitation), or why there was none. */
export type ApprovalAnswer = 'accept' | 'decline' | 'cancel' | 'timeout' | 'unsupported' | 'pending' | 'no_operator';

export interface ApprovalRequest {
  readonly tool: string;
  /** The policy pointer that asked, and who it says approves (the operator out of band, or the MCP client). */
  readonly rule?: string;
  readonly approver?: 'operator' | 'client';
  /** The CloudStack command the call sends. */
  readonly command?: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly reason: string;
  /** The resource the call acts on and where it puts it, when the policy resolved them. */
  readonly resource?: ResourceSummary;
  readonly target?: ResourceSummary;
}

export type AskApproval = (request: ApprovalRequest) => Promise<ApprovalAnswer>;

/** The answer an approval would get without anyone being asked (no operator on this server), when it is certain. */
export type AnswerWithoutAsking = (approver: 'operator' | 'client') => Exclude<ApprovalAnswer, 'accept'> | undefined;

export interface CallOutcome {
  readonly ok: boolean;
  /** CloudStack's job id, for async commands. */
  readonly jobId?: string;
  /** Error code and text when the call failed (never secrets). */
  readonly error?: string;
}

export type Admission =
  | { readonly allowed: true; finish(outcome: CallOutcome): void }
  | { readonly allowed: false; readonly refusal: PolicyRefusal };

export interface PolicyGate {
  /** Whether `tools/list` shows the tool; a tool that is not visible is answered as an unknown tool. */
  isVisible(tool: string): boolean;
  /** Runs the whole decision (action, require, deny_if, limits, approval); reserves quota atomically. */
  admit(call: PolicyCall, askApproval: AskApproval): Promise<Admission>;
  /** Called after a hot reload swapped the policy in: the server then emits tools/list_changed. */
  onChange(listener: () => void): () => void;
  /** Whether the generic tools may list or suggest the CloudStack command (not hidden, not denied, named under default deny). */
  isCommandVisible?(command: string): boolean;
  /** Whether the policy in force sends any approval to the operator (approver `operator`, the default). */
  needsOperatorApprover?(): boolean;
  /** Whether the policy in force hides the tool or denies it outright (its pending approvals are then void). */
  isDenied?(tool: string): boolean;
  /**
   * Whether the policy in force would admit this call at once (no refusal, no approval to wait for, room in every
   * limit), deciding exactly as `admit` does but holding, counting and auditing nothing: for a query the server
   * makes on its own behalf around an admitted call (the listall hint), which must not go where the agent's call
   * may not, nor take a slot the agent's next call needs.
   */
  wouldAdmit?(call: PolicyCall): Promise<boolean>;
  /**
   * Asked before the server reads CloudStack only to complete a call's canonical form (deploy's default network,
   * destroy's choice of command), with the call as far as it is built: the refusal `admit` would give it whatever
   * those reads find (the tool denied, a limit with no room, an approval nobody can give), audited as admit audits
   * it; undefined when the decision depends on what they find (admit then decides on the complete call).
   * `answerWithoutAsking` says what an approval would get without anyone being asked (no operator configured).
   */
  refuseBeforeReads?(call: PolicyCall, answerWithoutAsking: AnswerWithoutAsking): Promise<PolicyRefusal | undefined>;
  /** Writes an operator-approval step (src/approvals) to the audit trail, with the policy hash in force. */
  recordApproval?(event: OperatorApprovalEvent): void;
}

/** One step of an operator approval, as the approval store reports it. */
export interface OperatorApprovalEvent {
  readonly event: 'approval_requested' | 'approval_shown' | 'approval_approved' | 'approval_denied' | 'approval_used' | 'approval_expired' | 'approval_cancelled';
  readonly time: string;
  readonly approval: string;
  readonly tool: string;
  readonly session: string;
  readonly rule: string;
  /** Who decided, or to whom it was shown. */
  readonly by?: string;
  readonly reason?: string;
}

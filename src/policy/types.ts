/**
 * The contract between the policy engine and the tool pipeline. Every tool call asks `admit` before anything
 * reaches CloudStack; an admitted call reports how it ended through `finish`, so the audit log has one
 * proposal, decision and execution per call.
 */

/** What the policy needs to know about the tools it governs (names are validated against this). */
export interface ToolFacts {
  readonly name: string;
  /** The tool's `readOnlyHint`: the built-in default policy allows exactly these. */
  readonly readOnly: boolean;
}

export interface PolicyCall {
  readonly tool: string;
  /**
   * The agent's arguments after validation (defaults filled in), which the tool then sends. The policy decides on
   * these alone: what a workflow adds afterwards (deploy_virtual_machine's default network when networkids is
   * absent) is not seen, so a rule on such an argument must `require` it — as for any argument CloudStack may pick.
   */
  readonly args: Readonly<Record<string, unknown>>;
  /** The MCP session (HTTP session id, or a fixed id for stdio): the `session` scope of limits. */
  readonly sessionId: string;
}

export type RefusalKind = 'denied' | 'hidden' | 'missing_argument' | 'argument_rule' | 'rate_limited' | 'approval_declined';

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
export type ApprovalAnswer = 'accept' | 'decline' | 'cancel' | 'timeout' | 'unsupported';

export interface ApprovalRequest {
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly reason: string;
}

export type AskApproval = (request: ApprovalRequest) => Promise<ApprovalAnswer>;

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
}

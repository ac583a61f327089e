/**
 * The contract between the policy engine and the tool pipeline. Every tool call asks `admit` before anything
 * reaches CloudStack; an admitted call reports how it ended through `finish`, so the audit log has one
 * proposal, decision and execution per call.
 */

/** What the policy needs to know about the tools it governs (names, arguments and commands are validated against this). */
export interface ToolFacts {
  readonly name: string;
  /** The tool's `readOnlyHint`: the built-in default policy allows exactly these. */
  readonly readOnly: boolean;
  /** The CloudStack command the tool sends (for the generic `call_cloudstack_api`: none, it sends any). */
  readonly command?: string;
  /** The tool's argument names (its input schema's top-level keys), for load-time checks of `args.` paths. */
  readonly args?: readonly string[];
  /** The kind of resource the call acts on (`resource.` paths), when it acts on one. */
  readonly resourceKind?: ResourceKind;
  /** The kind of resource the call moves or places it onto (`target.` paths), e.g. a migration's host. */
  readonly targetKind?: ResourceKind;
  /** The toolset the tool belongs to, shown by `policy check`. */
  readonly toolset?: string;
  /**
   * Other commands the tool's canonical call may be, chosen per call before the policy decides (destroy on a VM
   * already Destroyed is expungeVirtualMachine): a tool rule's `params.` path must hold for each of them.
   */
  readonly alsoSends?: readonly AlsoSent[];
}

/** A command a tool sends instead of its usual one, and when, in words that complete "<tool> …". */
export interface AlsoSent {
  readonly command: string;
  /** e.g. `expunges a VM that is already Destroyed`. */
  readonly when: string;
}

/** Resource kinds the resolver can look up in CloudStack; each has a fixed set of fields (resources.ts). */
export type ResourceKind =
  | 'virtualmachine'
  | 'volume'
  | 'snapshot'
  | 'network'
  | 'publicipaddress'
  | 'host'
  | 'storagepool'
  | 'securitygroup'
  | 'firewallrule'
  | 'vpc'
  | 'template';

/**
 * A resource as CloudStack reports it right now, reduced to the fields a policy may test (`resource.state`,
 * `resource.tags.env`). Ids are lower-case; `tags` maps each tag key to its value.
 */
export interface ResolvedResource {
  readonly kind: ResourceKind;
  readonly id: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * Looks the call's resources up on demand: the gate asks only when a rule in force reads `resource.`/`target.`
 * (or a limit is scoped on the resource), so reads pay nothing otherwise. A resource that does not exist resolves
 * to `null`; a lookup that fails throws (the gate refuses the call: fail closed).
 */
export interface ResourceResolver {
  /** `undefined`: the call names no such resource (e.g. a migration that lets CloudStack pick the host). */
  resource(): Promise<ResolvedResource | null | undefined>;
  target(): Promise<ResolvedResource | null | undefined>;
  /** What the call names, before any lookup: lets a refusal say `virtualmachine 1f0c… does not exist`. */
  readonly resourceRef?: ResourceRef;
  readonly targetRef?: ResourceRef;
}

export interface ResourceRef {
  readonly kind: ResourceKind;
  readonly id: string;
}

/** The tool that sends any CloudStack command (`{command, params}`): governed by the `commands` section. */
export const GENERIC_CALL_TOOL = 'call_cloudstack_api';
/** The generic pair's search tool: offered with GENERIC_CALL_TOOL, so the agent can find the commands the policy names. */
export const GENERIC_SEARCH_TOOL = 'search_cloudstack_api';

/**
 * The resolved resource as shown to a human approving a call and in the audit record, next to the arguments:
 * enough to recognise it (name, state, zone, owner, tags), not only a UUID.
 */
export interface ResourceSummary {
  readonly kind: ResourceKind;
  readonly id: string;
  readonly name?: string;
  readonly state?: string;
  readonly zone?: string;
  readonly account?: string;
  readonly domain?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

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
   * limit), deciding exactly as `admit` does but counting and auditing nothing: for a query the server makes on
   * its own behalf around an admitted call (the listall hint), which must not go where the agent's call may not.
   */
  wouldAdmit?(call: PolicyCall): Promise<boolean>;
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

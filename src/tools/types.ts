/**
 * What a tool is: data. Each entry names its CloudStack command, its zod input schema, its MCP annotations and
 * how its result is shaped; one generic path (execute.ts) serves every entry that has no workflow of its own.
 */
import type { z } from 'zod';
import type { CloudStackApi, JsonObject } from '../cloudstack/api.js';
import type { CallTracker } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import type { PolicyGate } from '../policy/types.js';
import type { CanonicalCall, Canonicalization } from './canonical.js';
import type { ResourceCache } from './resolve.js';

export interface ToolRuntime {
  readonly api: CloudStackApi;
  readonly policy: PolicyGate;
  readonly logger: Logger;
  /** Only readOnlyHint tools are listed or callable. */
  readonly readOnly: boolean;
  readonly sessionId: string;
  readonly approvalTimeoutMs: number;
  /** Counts calls in flight for a clean shutdown; once it stops accepting, new calls are refused. */
  readonly calls?: CallTracker;
  /** Resolved resources shared by the sessions of one process (one per server when absent). */
  readonly resourceCache?: ResourceCache;
  /** The tools served (the chosen toolsets); absent = every tool. A tool outside them answers as unknown. */
  readonly served?: ReadonlySet<string>;
  /** CLOUDSTACK_MCP_MAX_WAIT: one tool call's reads and job wait together stay inside it (withDeadline). */
  readonly maxWaitMs?: number;
  /** Operator approval (store + page URL); absent without CLOUDSTACK_MCP_APPROVER_TOKEN: operator-approved calls are refused. */
  readonly approvals?: import('../approvals/operator-approval.js').OperatorApprovals;
  /** MCP Tasks: this session's view of the task store, the process's job waits, CLOUDSTACK_ASYNC_TIMEOUT. Absent: no tasks. */
  readonly tasks?: {
    readonly store: import('@modelcontextprotocol/sdk/experimental/tasks/interfaces.js').TaskStore;
    readonly waits: import('../tasks/task-waits.js').TaskWaits;
    readonly asyncTimeoutMs: number;
    /** How often a client is told to poll tasks/get (ms). */
    readonly pollIntervalMs: number;
  };
}

export type ToolDomain = 'vm' | 'storage' | 'network' | 'monitoring' | 'accounts' | 'infrastructure' | 'security';

/** Every hint is required so no tool can forget one (a guardrail test checks the listed tools too). */
export interface ToolHints {
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

/**
 * How the CloudStack answer becomes the tool result.
 * - list: `{count, items}` where items are `resource` objects (rendered with `view`, default `resource`);
 * - object: the object under `resource` (e.g. `{virtualmachine: {...}}`), or the whole answer when CloudStack
 *   answers flat (`{success: true}`, a job status); `describe` replaces the generic one-paragraph text.
 */
export type ResultShape =
  | { readonly kind: 'list'; readonly resource: string; readonly view?: string }
  | { readonly kind: 'object'; readonly resource?: string; readonly describe?: (answer: JsonObject) => string };

export type ToolInput = z.ZodObject;

/** What a tool run produces before it becomes an MCP result. */
export interface ToolOutcome {
  readonly structured: JsonObject;
  readonly text: string;
  /** The CloudStack job behind the result, for the audit trail. */
  readonly jobId?: string;
}

/** What a running tool may use: the API with the request's signal and progress reporting already bound. */
export interface ToolContext {
  readonly api: CloudStackApi;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** Pass to `api.callAsync`/`waitForJob` as `onProgress`: forwards job progress to the client when it asked. */
  readonly onProgress: (progress: import('../cloudstack/api.js').JobProgress) => void;
  /** The MCP session of the call (get_approval shows only this session's approvals). */
  readonly sessionId?: string;
  /** Whether the policy in force lets the generic tools offer a CloudStack command (search_cloudstack_api lists only those). */
  readonly isCommandVisible?: (command: string) => boolean;
  /** Operator approval, when CLOUDSTACK_MCP_APPROVER_TOKEN is set (get_approval reads it). */
  readonly approvals?: import('../approvals/operator-approval.js').OperatorApprovals;
  /**
   * Whether the policy in force would admit a variant of this call (same tool and session) at once, counting and
   * auditing nothing. A query the server adds on its own (the listall hint) is sent only when this says yes.
   */
  readonly wouldAdmit?: (variant: CanonicalCall) => Promise<boolean>;
}

/**
 * A workflow gets the canonical call's arguments and the call itself; what it sends for the tool's own command is
 * `call.params`, the object the policy decided on.
 */
export type WorkflowHandler = (context: ToolContext, args: Record<string, unknown>, call: CanonicalCall) => Promise<ToolOutcome>;

/**
 * Completes a canonical call with what only CloudStack can tell (deploy's default network) before the policy
 * decides, so the policy sees the parameters that will be sent. Reads only; may throw a ToolError. Its
 * `context.api` asks the policy before the first read (prepare-reads.ts): a call refused whatever the reads
 * would find is refused there, with nothing sent.
 */
export type CallPreparer = (context: ToolContext, call: CanonicalCall) => Promise<CanonicalCall>;

export interface ToolDefinition {
  readonly name: string;
  readonly title: string;
  readonly domain: ToolDomain;
  /** Written for an agent: what it does, what to call before or after. */
  readonly description: string;
  readonly command: string;
  readonly input: ToolInput;
  readonly hints: ToolHints;
  /** From the catalog: the command returns a job id that is waited for. */
  readonly async: boolean;
  readonly result: ResultShape;
  /**
   * Arguments that are the tool's own and never sent to CloudStack, e.g. `confirm` (accepted for compatibility
   * with the older CloudStack MCP server; the policy decides, not this flag).
   */
  readonly toolOnlyArgs: readonly string[];
  /** Arguments CloudStack does not filter by; applied to the returned page instead. */
  readonly localFilters: readonly string[];
  /**
   * Secret fields of the result returned once to the caller (never logged). Every other secret-named field
   * (redact.ts) is dropped from every result, at any depth.
   */
  readonly secretFields: readonly string[];
  /** A workflow replaces the generic path (get, destroy, deploy). */
  readonly run?: WorkflowHandler;
  /**
   * For a tool whose command is chosen per call (call_cloudstack_api): builds the canonical call itself, or says
   * which arguments are wrong. Without it the call is `buildCanonicalCall(tool, args)`.
   */
  readonly canonicalize?: (args: Record<string, unknown>, context?: ToolContext) => Canonicalization;
  /** Fills in parameters CloudStack must be asked for, before the decision. */
  readonly prepare?: CallPreparer;
  /**
   * Every other command `prepare` may make the canonical call (and so the workflow send), with when: the policy
   * checks a tool rule's `params.` paths against each, and `policy check` names the tool as a sender of each.
   */
  readonly alsoSends?: readonly import('../policy/tool-facts.js').AlsoSent[];
}

/**
 * The steps every tool call takes, each a small function the registry composes:
 * track → validate → canonicalize → decide → execute → audit.
 * The canonical call built in `canonicalize` is what `decide` shows the policy and what `execute` sends.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createOperatorAsk } from '../approvals/operator-approval.js';
import { approvalResult, type ApprovalNotice } from '../approvals/pending-result.js';
import { GENERIC_CALL_TOOL } from '../policy/tool-facts.js';
import type { Admission, AskApproval, PolicyCall, PolicyRefusal } from '../policy/types.js';
import { buildCanonicalCall, type CanonicalCall } from './canonical.js';
import { errorResult, failureResult } from './error-result.js';
import { unknownCommandIssue } from './generic/check-params.js';
import { executeTool } from './execute.js';
import { readsAfter, RefusedBeforeReads, refusalBeforeReads } from './prepare-reads.js';
import { createResolver, hasResources, type CallResolver, type ResourceCache } from './resolve.js';
import type { ToolContext, ToolDefinition, ToolOutcome, ToolRuntime } from './types.js';
import { invalidArgumentsResult, validateArguments } from './validate.js';

/** A step either hands its value on or ends the call with a result. */
export type Step<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly result: CallToolResult };

const pass = <T>(value: T): Step<T> => ({ ok: true, value });
const stop = <T>(result: CallToolResult): Step<T> => ({ ok: false, result });

/** Counts the call in flight for a clean shutdown; refuses it once the server stops accepting. */
export function track(runtime: ToolRuntime): Step<() => void> {
  if (runtime.calls && !runtime.calls.accepting) {
    return stop(
      errorResult('The server is shutting down and takes no new calls; retry on a new connection.', {
        error: { code: 'shutting_down', message: 'the server is shutting down' },
      }),
    );
  }
  return pass(runtime.calls?.begin() ?? (() => {}));
}

export function validate(tool: ToolDefinition, raw: unknown): Step<Record<string, unknown>> {
  const validation = validateArguments(tool, raw);
  return validation.ok ? pass(validation.args) : stop(validation.result);
}

/**
 * The exact CloudStack request: the tool's own hook (a command chosen per call) or the catalog-typed build, then
 * what only CloudStack can tell (deploy's default network), so the policy sees the parameters that will be sent.
 * Those reads wait for the policy's early answer (prepare-reads.ts): a call it refuses whatever they would find
 * ends here, refused as `decide` would refuse it, with nothing sent.
 */
export async function canonicalize(runtime: ToolRuntime, tool: ToolDefinition, args: Record<string, unknown>, context: ToolContext): Promise<Step<CanonicalCall>> {
  let call: CanonicalCall;
  if (tool.canonicalize) {
    const built = tool.canonicalize(args, context);
    if (!built.ok) return stop(invalidArgumentsResult(tool.name, built.issues));
    call = built.call;
  } else {
    call = buildCanonicalCall(tool, args);
  }
  if (!tool.prepare) return pass(call);
  // What the policy is asked about before the reads: the call as far as it is built (`call` is reassignable).
  const built = call;
  try {
    return pass(await tool.prepare({ ...context, api: readsAfter(context.api, () => refusalBeforeReads(runtime, built)) }, built));
  } catch (error) {
    if (error instanceof RefusedBeforeReads) return stop(refusedResult(runtime, call, error.refusal));
    return stop(failureResult(tool.name, error, context.logger).result);
  }
}

export interface Decision {
  readonly admission: Extract<Admission, { allowed: true }>;
  readonly resolver: CallResolver | undefined;
}

/** The policy decides on the canonical call; the resolver reads CloudStack only if a rule asks for `resource.`. */
export async function decide(
  runtime: ToolRuntime,
  cache: ResourceCache,
  call: CanonicalCall,
  askApproval: AskApproval,
  signal: AbortSignal,
  onApprovalNotice?: (notice: ApprovalNotice) => void,
): Promise<Step<Decision>> {
  const resolver = hasResources(call.command) ? createResolver(runtime.api, call, cache, signal) : undefined;
  const policyCall: PolicyCall = { ...call, sessionId: runtime.sessionId, ...(resolver ? { resources: resolver } : {}) };
  // `approver: client` asks the MCP client (elicitation); the operator (the default) decides on the approvals page.
  // Without operator approval the answer is no_operator, known in advance (prepare-reads.ts: answerWithoutAsking).
  const operator = runtime.approvals ? createOperatorAsk(runtime.approvals, policyCall) : undefined;
  const ask: AskApproval = (request) =>
    request.approver === 'client' ? askApproval(request) : operator ? operator.ask(request) : Promise.resolve('no_operator');
  let admission: Admission;
  try {
    admission = await runtime.policy.admit(policyCall, ask);
  } catch (error) {
    // A policy that cannot decide must not let the call through; the caller gets the generic internal error.
    return stop(failureResult(call.tool, error, runtime.logger).result);
  }
  if (!admission.allowed) {
    const notice = operator?.notice();
    if (notice && runtime.approvals) {
      onApprovalNotice?.(notice);
      return stop(approvalResult(notice, runtime.approvals.pageUrl, Date.now()));
    }
    return stop(refusedResult(runtime, call, admission.refusal));
  }
  return pass({ admission, resolver });
}

/**
 * The policy's judgement of a query the server adds to a call on its own (the listall hint's count query): the
 * same canonical call, session and resource lookup as `decide`, with nothing counted, audited or asked. No judge
 * (a gate without wouldAdmit), or one that fails: not admitted.
 */
export async function wouldAdmit(runtime: ToolRuntime, cache: ResourceCache, variant: CanonicalCall, signal: AbortSignal): Promise<boolean> {
  if (!runtime.policy.wouldAdmit) return false;
  const resolver = hasResources(variant.command) ? createResolver(runtime.api, variant, cache, signal) : undefined;
  try {
    return await runtime.policy.wouldAdmit({ ...variant, sessionId: runtime.sessionId, ...(resolver ? { resources: resolver } : {}) });
  } catch (error) {
    runtime.logger.debug('policy could not judge a query of the server', { tool: variant.tool, error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}

export type Execution = { readonly ok: true; readonly outcome: ToolOutcome } | { readonly ok: false; readonly failure: ReturnType<typeof failureResult> };

export async function execute(tool: ToolDefinition, call: CanonicalCall, context: ToolContext): Promise<Execution> {
  try {
    return { ok: true, outcome: await executeTool(tool, call, context) };
  } catch (error) {
    return { ok: false, failure: failureResult(tool.name, error, context.logger) };
  }
}

/**
 * Tells the policy how the call ended (its audit record and counters), forgets the cached state of whatever a
 * state-changing call touched (even a failed one may have changed it), and answers.
 */
export function audit(runtime: ToolRuntime, cache: ResourceCache, call: CanonicalCall, decision: Decision, execution: Execution): CallToolResult {
  if (!call.reads) cache.invalidate(touchedIds(call, decision.resolver));
  if (!execution.ok) {
    const { failure } = execution;
    decision.admission.finish({ ok: false, error: failure.error, ...(failure.jobId ? { jobId: failure.jobId } : {}) });
    return failure.result;
  }
  const { outcome } = execution;
  decision.admission.finish({ ok: true, ...(outcome.jobId ? { jobId: outcome.jobId } : {}) });
  // Debug, not info: every call already has its audit record (decision and outcome); an info line per call cost
  // ~3% of a list_zones over stdio (serializing and writing it) and said nothing the audit log does not.
  runtime.logger.debug('tool succeeded', { tool: call.tool, ...(outcome.jobId ? { jobId: outcome.jobId } : {}) });
  return { content: [{ type: 'text', text: outcome.text }], structuredContent: outcome.structured };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Every id the call names (tags on a VM, its volumes, a rule's address) and every id it resolved (a volume named
 * by VM and device): after a write, none of their cached states can be trusted.
 */
function touchedIds(call: CanonicalCall, resolver: CallResolver | undefined): Set<string> {
  const ids = new Set(resolver?.touchedIds() ?? []);
  for (const value of Object.values(call.params)) {
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string' && UUID.test(item)) ids.add(item);
  }
  return ids;
}

/** A refusal as the agent sees it, whether admit gave it or the policy's answer before the reads. */
function refusedResult(runtime: ToolRuntime, call: CanonicalCall, refusal: PolicyRefusal): CallToolResult {
  // A command the policy hides is answered by the generic tool exactly like a command it does not know.
  if (refusal.decision === 'hidden' && call.tool === GENERIC_CALL_TOOL) return invalidArgumentsResult(call.tool, [unknownCommandIssue(call.command, runtime.policy.isCommandVisible?.bind(runtime.policy))]);
  return refusalResult(refusal);
}

function refusalResult(refusal: PolicyRefusal): CallToolResult {
  const policy = {
    decision: refusal.decision,
    rule: refusal.rule,
    reason: refusal.reason,
    limit: refusal.limit,
    remaining: refusal.remaining,
    retryAfterSeconds: refusal.retryAfterSeconds,
  };
  return errorResult(`[POLICY DENIED] ${refusal.reason}`, { policy });
}

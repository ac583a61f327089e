/**
 * The only place tools meet the MCP server. Every call takes the same named steps (pipeline.ts):
 * visible? → track → validate → canonicalize → decide → execute → audit → result (or, for a task-augmented call,
 * the same steps with the execution and audit after the task is answered: tasks/run-task.ts).
 * The low-level Server is used (not McpServer) so hidden tools answer exactly like unknown ones, validation
 * errors are ours, and visibility follows the policy and read-only mode without re-registering.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, ListToolsRequestSchema, type CallToolRequest, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { CreateTaskResult } from '@modelcontextprotocol/sdk/experimental/tasks/types.js';
import type { ApprovalNotice } from '../approvals/pending-result.js';
import { offerApprovalUrl } from '../approvals/url-elicitation.js';
import { withDeadline } from '../cloudstack/api.js';
import { redactParams } from '../redact.js';
import { runAsTask, type TaskRequest, type TaskRunContext, type TaskWork } from '../tasks/run-task.js';
import { secretFreeResult } from '../tasks/secret-free.js';
import { isTaskCapable } from '../tasks/task-support.js';
import { createAskApproval } from './approval.js';
import { handleToolCalls, type CallExtra } from './call-handler.js';
import { mcpToolListing } from './built-listing.js';
import { errorResult } from './error-result.js';
import { findTool, TOOLS } from './all.js';
import { audit, canonicalize, decide, execute, track, validate, wouldAdmit } from './pipeline.js';
import { progressReporter } from './progress.js';
import { createResourceCache } from './resolve.js';
import type { ToolContext, ToolDefinition, ToolRuntime } from './types.js';

// Converted at build time in the bundled CLI, else once per process (built-listing.ts).
const LISTING = mcpToolListing(TOOLS);

export function registerTools(server: Server, runtime: ToolRuntime): void {
  const cache = runtime.resourceCache ?? createResourceCache();
  // A tool whose command is chosen per call (call_cloudstack_api) stays listed under --read-only and is gated per
  // call instead: only a canonical call that reads goes on (callTool).
  const writable = (tool: ToolDefinition): boolean => !runtime.readOnly || tool.hints.readOnlyHint || tool.canonicalize !== undefined;
  // Outside the chosen toolsets a tool does not exist for this server: listed nowhere, answered as unknown.
  const served = (tool: ToolDefinition): boolean => runtime.served === undefined || runtime.served.has(tool.name);
  const visible = (tool: ToolDefinition): boolean => served(tool) && writable(tool) && runtime.policy.isVisible(tool.name);

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: TOOLS.filter(visible).map((tool) => LISTING.get(tool.name)!),
  }));

  handleToolCalls(server, async (request, extra): Promise<CallToolResult | CreateTaskResult> => {
    const name = request.params.name;
    const tool = findTool(name);
    // A tool the policy hides is answered exactly like one that does not exist, so its existence is not revealed.
    if (!tool || !served(tool) || !runtime.policy.isVisible(tool.name)) throw unknownTool(name);
    // The tools spec: a tool that lists no taskSupport must not be called as a task (-32601).
    if (request.params.task && (!runtime.tasks || !isTaskCapable(tool))) throw notTaskCapable(name);
    const answer = answerFor(tool, request, extra);
    // A write tool under --read-only is a known tool an agent may have seen in an earlier session: say why not.
    if (!writable(tool)) return answer.now(readOnlyResult(tool.name));

    const tracked = track(runtime);
    if (!tracked.ok) return answer.now(tracked.result);
    try {
      return await callTool(tool, request, extra, answer);
    } finally {
      tracked.value();
    }
  });

  /**
   * How a call is answered: a plain call with its result; a task-augmented one (tasks/run-task.ts) with a task,
   * which for a call that ends before any job (a validation error, a refusal, a pending approval) is created
   * already finished — `failed` for an error result, `completed` otherwise (the spec's rule for tools) — because
   * the SDK's server (and the spec) accept only a CreateTaskResult for a task-augmented request, and the SDK client
   * reads a finished task's result with tasks/result like any other.
   */
  function answerFor(tool: ToolDefinition, request: CallToolRequest, extra: CallExtra) {
    const params = request.params.task;
    const taskRequest = (): TaskRequest => ({
      params: { ...(params?.ttl !== undefined ? { ttl: params.ttl } : {}), pollInterval: runtime.tasks!.pollIntervalMs },
      requestId: extra.requestId,
      // What the store keeps of the call: the tool and its arguments with every secret replaced.
      stored: { method: 'tools/call', params: { name: tool.name, arguments: redactParams(tool.command, request.params.arguments ?? {}) } },
      ...(runtime.maxWaitMs ? { readDeadline: Date.now() + runtime.maxWaitMs } : {}),
    });
    const taskContext = (): TaskRunContext => ({ ...runtime.tasks!, logger: runtime.logger, api: runtime.api });
    return {
      asTask: params !== undefined,
      now: (result: CallToolResult): CallToolResult | Promise<CreateTaskResult> =>
        // A task's result is readable by id for its ttl: kept secret-free even when none of these carries a secret today.
        params ? runAsTask(taskContext(), taskRequest(), () => Promise.resolve(secretFreeResult(result, tool.name))) : result,
      run: (work: TaskWork): Promise<CreateTaskResult> => runAsTask(taskContext(), taskRequest(), work),
    };
  }

  async function callTool(tool: ToolDefinition, request: CallToolRequest, extra: CallExtra, answer: ReturnType<typeof answerFor>): Promise<CallToolResult | CreateTaskResult> {
    const validated = validate(tool, request.params.arguments);
    if (!validated.ok) return answer.now(validated.result);

    const onProgress = progressReporter(request.params._meta?.progressToken, extra.sendNotification, runtime.logger);
    const context: ToolContext = {
      api: runtime.api,
      logger: runtime.logger,
      signal: extra.signal,
      onProgress,
      sessionId: runtime.sessionId,
      ...(runtime.approvals ? { approvals: runtime.approvals } : {}),
      ...(runtime.policy.isCommandVisible ? { isCommandVisible: (command: string) => runtime.policy.isCommandVisible!(command) } : {}),
      wouldAdmit: (variant) => wouldAdmit(runtime, cache, variant, extra.signal),
    };
    const canonical = await canonicalize(runtime, tool, validated.value, context);
    if (!canonical.ok) return answer.now(canonical.result);
    const call = canonical.value;
    if (runtime.readOnly && !call.reads) return answer.now(readOnlyResult(`${tool.name} ${call.command}`));

    const askApproval = createAskApproval(server, runtime.approvalTimeoutMs, runtime.logger, extra.signal);
    // A client that declares URL-mode elicitation is also shown the approval page's link.
    const offerLink = (notice: ApprovalNotice) => void offerApprovalUrl(server, notice, runtime.approvals!.pageUrl, runtime.logger);
    const decision = await decide(runtime, cache, call, askApproval, extra.signal, offerLink);
    if (!decision.ok) return answer.now(decision.result);

    // A task's job outlives the request: it runs with the task's API and signal, not the request's, and is audited
    // when its outcome is known (tasks/task-api.ts bounds its wait by CLOUDSTACK_ASYNC_TIMEOUT and the task's ttl).
    if (answer.asTask) {
      return answer.run(async (api, signal) => secretFreeResult(audit(runtime, cache, call, decision.value, await execute(tool, call, { ...context, api, signal })), tool.name));
    }
    // One deadline from the moment the call is admitted (an approval may have taken minutes): what a workflow reads
    // before its job leaves the job wait only the rest, so the answer comes inside CLOUDSTACK_MCP_MAX_WAIT.
    const bounded = runtime.maxWaitMs ? { ...context, api: withDeadline(runtime.api, Date.now() + runtime.maxWaitMs) } : context;
    const execution = await execute(tool, call, bounded);
    return audit(runtime, cache, call, decision.value, execution);
  }
}

function readOnlyResult(tool: string): CallToolResult {
  return errorResult(
    `${tool} changes CloudStack and this server runs read-only (--read-only): only tools that read are available. ` +
      'Ask the operator to restart it without --read-only if the change is intended.',
    { error: { code: 'read_only', message: 'the server runs read-only' } },
  );
}

/**
 * The protocol's unknown-tool error (JSON-RPC -32602). Not an McpError: the SDK would send its message, which
 * already starts "MCP error -32602:", and the client would prefix it a second time.
 */
function unknownTool(name: string): Error & { code: number } {
  return Object.assign(new Error(`Unknown tool: ${name}`), { code: ErrorCode.InvalidParams });
}

/** The tools spec's answer to a task-augmented call of a tool without taskSupport: -32601 (plain Error, as above). */
function notTaskCapable(name: string): Error & { code: number } {
  return Object.assign(new Error(`Tool ${name} does not support task-augmented calls (it runs no CloudStack job): call it without a task`), {
    code: ErrorCode.MethodNotFound,
  });
}

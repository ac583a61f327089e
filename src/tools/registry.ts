/**
 * The only place tools meet the MCP server. Every call takes the same named steps (pipeline.ts):
 * visible? → track → validate → canonicalize → decide → execute → audit → result.
 * The low-level Server is used (not McpServer) so hidden tools answer exactly like unknown ones, validation
 * errors are ours, and visibility follows the policy and read-only mode without re-registering.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  type CallToolRequest,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ApprovalNotice } from '../approvals/pending-result.js';
import { offerApprovalUrl } from '../approvals/url-elicitation.js';
import { withDeadline } from '../cloudstack/api.js';
import { createAskApproval } from './approval.js';
import { errorResult } from './error-result.js';
import { findTool, TOOLS } from './all.js';
import { audit, canonicalize, decide, execute, track, validate } from './pipeline.js';
import { progressReporter } from './progress.js';
import { createResourceCache } from './resolve.js';
import { toMcpTool } from './tool-list.js';
import type { ToolContext, ToolDefinition, ToolRuntime } from './types.js';

type CallExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const LISTING = new Map(TOOLS.map((tool) => [tool.name, toMcpTool(tool)]));

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

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const name = request.params.name;
    const tool = findTool(name);
    // A tool the policy hides is answered exactly like one that does not exist, so its existence is not revealed.
    if (!tool || !served(tool) || !runtime.policy.isVisible(tool.name)) throw unknownTool(name);
    // A write tool under --read-only is a known tool an agent may have seen in an earlier session: say why not.
    if (!writable(tool)) return readOnlyResult(tool.name);

    const tracked = track(runtime);
    if (!tracked.ok) return tracked.result;
    try {
      return await callTool(tool, request, extra);
    } finally {
      tracked.value();
    }
  });

  async function callTool(tool: ToolDefinition, request: CallToolRequest, extra: CallExtra): Promise<CallToolResult> {
    const validated = validate(tool, request.params.arguments);
    if (!validated.ok) return validated.result;

    const onProgress = progressReporter(request.params._meta?.progressToken, extra.sendNotification, runtime.logger);
    const context: ToolContext = {
      api: runtime.api,
      logger: runtime.logger,
      signal: extra.signal,
      onProgress,
      sessionId: runtime.sessionId,
      ...(runtime.approvals ? { approvals: runtime.approvals } : {}),
      ...(runtime.policy.isCommandVisible ? { isCommandVisible: (command: string) => runtime.policy.isCommandVisible!(command) } : {}),
    };
    const canonical = await canonicalize(tool, validated.value, context);
    if (!canonical.ok) return canonical.result;
    const call = canonical.value;
    if (runtime.readOnly && !call.reads) return readOnlyResult(`${tool.name} ${call.command}`);

    const askApproval = createAskApproval(server, runtime.approvalTimeoutMs, runtime.logger, extra.signal);
    // A client that declares URL-mode elicitation is also shown the approval page's link.
    const offerLink = (notice: ApprovalNotice) => void offerApprovalUrl(server, notice, runtime.approvals!.pageUrl, runtime.logger);
    const decision = await decide(runtime, cache, call, askApproval, extra.signal, offerLink);
    if (!decision.ok) return decision.result;

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

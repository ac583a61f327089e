/**
 * The only place tools meet the MCP server. Every call takes the same path:
 * visible? → valid arguments? → policy admits? → run (generic path or workflow) → finish → result.
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
import type { Admission, PolicyRefusal } from '../policy/types.js';
import { createAskApproval } from './approval.js';
import { buildCanonicalCall } from './canonical.js';
import { errorResult, failureResult } from './error-result.js';
import { executeTool } from './execute.js';
import { findTool, TOOLS } from './all.js';
import { progressReporter } from './progress.js';
import { toMcpTool } from './tool-list.js';
import type { ToolDefinition, ToolOutcome, ToolRuntime } from './types.js';
import { validateArguments } from './validate.js';

type CallExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const LISTING = new Map(TOOLS.map((tool) => [tool.name, toMcpTool(tool)]));

export function registerTools(server: Server, runtime: ToolRuntime): void {
  const visible = (tool: ToolDefinition): boolean =>
    (!runtime.readOnly || tool.hints.readOnlyHint) && runtime.policy.isVisible(tool.name);

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: TOOLS.filter(visible).map((tool) => LISTING.get(tool.name)!),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const name = request.params.name;
    const tool = findTool(name);
    // A hidden tool is answered exactly like one that does not exist, so its existence is not revealed.
    if (!tool || !visible(tool)) throw unknownTool(name);

    if (runtime.calls && !runtime.calls.accepting) {
      return errorResult('The server is shutting down and takes no new calls; retry on a new connection.', {
        error: { code: 'shutting_down', message: 'the server is shutting down' },
      });
    }
    const done = runtime.calls?.begin();
    try {
      return await callTool(tool, request, extra);
    } finally {
      done?.();
    }
  });

  async function callTool(tool: ToolDefinition, request: CallToolRequest, extra: CallExtra): Promise<CallToolResult> {
    const validation = validateArguments(tool, request.params.arguments);
    if (!validation.ok) return validation.result;

    const call = buildCanonicalCall(tool, validation.args);
    let admission: Admission;
    try {
      const askApproval = createAskApproval(server, runtime.approvalTimeoutMs, runtime.logger, extra.signal);
      admission = await runtime.policy.admit({ ...call, sessionId: runtime.sessionId }, askApproval);
    } catch (error) {
      // A policy that cannot decide must not let the call through; the caller gets the generic internal error.
      return failureResult(tool.name, error, runtime.logger).result;
    }
    if (!admission.allowed) return refusalResult(admission.refusal);

    const onProgress = progressReporter(request.params._meta?.progressToken, extra.sendNotification, runtime.logger);
    const context = { api: runtime.api, logger: runtime.logger, signal: extra.signal, onProgress };
    let outcome: ToolOutcome;
    try {
      outcome = await executeTool(tool, call, context);
    } catch (error) {
      const failure = failureResult(tool.name, error, runtime.logger);
      admission.finish({ ok: false, error: failure.error, ...(failure.jobId ? { jobId: failure.jobId } : {}) });
      return failure.result;
    }
    admission.finish({ ok: true, ...(outcome.jobId ? { jobId: outcome.jobId } : {}) });
    runtime.logger.info('tool succeeded', { tool: tool.name, ...(outcome.jobId ? { jobId: outcome.jobId } : {}) });
    return { content: [{ type: 'text', text: outcome.text }], structuredContent: outcome.structured };
  }
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

/**
 * The protocol's unknown-tool error (JSON-RPC -32602). Not an McpError: the SDK would send its message, which
 * already starts "MCP error -32602:", and the client would prefix it a second time.
 */
function unknownTool(name: string): Error & { code: number } {
  return Object.assign(new Error(`Unknown tool: ${name}`), { code: ErrorCode.InvalidParams });
}

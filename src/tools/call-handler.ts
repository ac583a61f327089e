/**
 * Installs the tools/call handler on the SDK's Protocol layer, beneath the Server's tools/call wrapper.
 *
 * The SDK's `Server.setRequestHandler` wraps a tools/call handler to parse the request a second time (Protocol has
 * just parsed it with the same schema) and to parse the handler's answer against CallToolResultSchema or
 * CreateTaskResultSchema. Our answers are built by our own code, typed as those schemas' outputs, and parsed
 * again where they arrive (the SDK's Client parses every tools/call answer, so every end-to-end test checks their
 * shape); in interleaved trials the two extra parses cost about 0.02–0.05 of a list_zones call. Protocol's own
 * `setRequestHandler` still does what matters here: the server's capability check and one parse of the request.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { Protocol, type RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { CallToolRequestSchema, type CallToolRequest, type CallToolResult, type ServerNotification, type ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { CreateTaskResult } from '@modelcontextprotocol/sdk/experimental/tasks/types.js';

export type CallExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;
type CallHandler = (request: CallToolRequest, extra: CallExtra) => Promise<CallToolResult | CreateTaskResult>;

export function handleToolCalls(server: Server, handler: CallHandler): void {
  Protocol.prototype.setRequestHandler.call(server, CallToolRequestSchema, handler);
}

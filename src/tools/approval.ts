/**
 * Asks the human to approve a call, through MCP elicitation (a form with one boolean `approve`), when the
 * policy requires it. The answer is mapped to the policy's ApprovalAnswer; the arguments are shown exactly,
 * with secrets redacted.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../logger.js';
import type { ResourceSummary } from '../policy/resources.js';
import type { ApprovalAnswer, ApprovalRequest, AskApproval } from '../policy/types.js';
import { redactParams } from '../redact.js';

/**
 * `signal` is the tool call's own: when the agent cancels the call, the question to the human is withdrawn and
 * the answer is 'cancel', so an approval given later cannot send a call nobody is waiting for.
 */
export function createAskApproval(server: Server, timeoutMs: number, logger: Logger, signal?: AbortSignal): AskApproval {
  return async (request: ApprovalRequest): Promise<ApprovalAnswer> => {
    if (!server.getClientCapabilities()?.elicitation) return 'unsupported';
    if (signal?.aborted) return 'cancel';
    try {
      const answer = await server.elicitInput(
        {
          message: approvalMessage(request),
          requestedSchema: {
            type: 'object',
            properties: {
              approve: { type: 'boolean', title: 'Approve', description: `Run ${request.tool} with these arguments` },
            },
            required: ['approve'],
          },
        },
        { timeout: timeoutMs, ...(signal ? { signal } : {}) },
      );
      if (answer.action === 'accept') return answer.content?.approve === true ? 'accept' : 'decline';
      return answer.action === 'decline' ? 'decline' : 'cancel';
    } catch (error) {
      // Checked first: the SDK reports an aborted request as a RequestTimeout McpError too.
      if (signal?.aborted) return 'cancel';
      if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) return 'timeout';
      logger.warn('approval request failed', { tool: request.tool, error: String(error) });
      return 'cancel';
    }
  };
}

/**
 * What the human approves: the tool and why, the resource as CloudStack reports it right now (a name and tags say
 * more than a UUID) and where the call puts it, then the exact arguments (secrets redacted).
 */
export function approvalMessage(request: ApprovalRequest): string {
  // Under the command's rules, as the audit redacts them: call_cloudstack_api's arguments carry the command's
  // params (addSwift's `key`), which a redaction by names alone would show.
  const args = JSON.stringify(redactParams(request.command, request.args), null, 2);
  const command = request.command ? ` (CloudStack ${request.command})` : '';
  const parts = [`Approve ${request.tool}${command}?`, `Why approval is needed: ${request.reason}`];
  if (request.resource) parts.push(`Acts on: ${describeResource(request.resource)}`);
  if (request.target) parts.push(`Destination: ${describeResource(request.target)}`);
  parts.push(`Arguments:\n${args}`);
  return parts.join('\n\n');
}

/** `virtualmachine web-01 (6f96…), state Running, zone zone-1, account admin (ROOT), tags env=prod`. */
export function describeResource(resource: ResourceSummary): string {
  const words = [`${resource.kind} ${resource.name ? `${resource.name} (${resource.id})` : resource.id}`];
  if (resource.state) words.push(`state ${resource.state}`);
  if (resource.zone) words.push(`zone ${resource.zone}`);
  if (resource.account) words.push(`account ${resource.account}${resource.domain ? ` (${resource.domain})` : ''}`);
  const tags = Object.entries(resource.tags ?? {});
  words.push(tags.length > 0 ? `tags ${tags.map(([key, value]) => `${key}=${value}`).join(', ')}` : 'no tags');
  return words.join(', ');
}

/**
 * Asks the human to approve a call, through MCP elicitation (a form with one boolean `approve`), when the
 * policy requires it. The answer is mapped to the policy's ApprovalAnswer; the arguments are shown exactly,
 * with secrets redacted.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../logger.js';
import type { ApprovalAnswer, ApprovalRequest, AskApproval } from '../policy/types.js';
import { redact } from '../redact.js';

export function createAskApproval(server: Server, timeoutMs: number, logger: Logger): AskApproval {
  return async (request: ApprovalRequest): Promise<ApprovalAnswer> => {
    if (!server.getClientCapabilities()?.elicitation) return 'unsupported';
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
        { timeout: timeoutMs },
      );
      if (answer.action === 'accept') return answer.content?.approve === true ? 'accept' : 'decline';
      return answer.action === 'decline' ? 'decline' : 'cancel';
    } catch (error) {
      if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) return 'timeout';
      logger.warn('approval request failed', { tool: request.tool, error: String(error) });
      return 'cancel';
    }
  };
}

export function approvalMessage(request: ApprovalRequest): string {
  const args = JSON.stringify(redact(request.args), null, 2);
  return `Approve ${request.tool}?\n\nWhy approval is needed: ${request.reason}\n\nArguments:\n${args}`;
}

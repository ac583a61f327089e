/**
 * What the agent is told about an operator approval. A pending approval is a normal result (not an error): the
 * call has not failed, it waits for a human, and the agent is told where, until when, and what to do next.
 * Denied, expired, used and cancelled are refusals (`isError`), with the operator's reason.
 *
 * The structured content keeps the `{policy: {decision, …}}` shape every tool's outputSchema already admits
 * (tool-list.ts), with the approval inside it, so no tool's schema changes.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ApprovalRecord } from './types.js';

/** What the gate found for a call that needs an operator's approval. */
export interface ApprovalNotice {
  readonly status: 'pending' | 'denied' | 'expired' | 'used' | 'cancelled';
  readonly approval: ApprovalRecord;
  /** False when the call found an approval it had already asked for ("still pending"). */
  readonly created?: boolean;
}

export const GET_APPROVAL_TOOL_NAME = 'get_approval';

/** The page that shows one approval, e.g. `http://127.0.0.1:3000/approvals/apr_…`. */
export function approvalUrl(pageUrl: string, id: string): string {
  return `${pageUrl.replace(/\/+$/, '')}/${encodeURIComponent(id)}`;
}

export function approvalResult(notice: ApprovalNotice, pageUrl: string, now: number): CallToolResult {
  const { approval } = notice;
  const url = approvalUrl(pageUrl, approval.id);
  const structured = {
    policy: {
      decision: `approval_${notice.status}`,
      rule: approval.rule,
      reason: approval.reason,
      approval: approvalFacts(approval, url, now),
    },
  };
  return {
    content: [{ type: 'text', text: approvalText(notice, url, now) }],
    structuredContent: structured,
    ...(notice.status === 'pending' ? {} : { isError: true }),
  };
}

/** The fields an agent (or get_approval) sees: no session of another caller, parameters already redacted. */
export function approvalFacts(approval: ApprovalRecord, url: string, now: number): Record<string, unknown> {
  return {
    id: approval.id,
    status: approval.status,
    tool: approval.tool,
    command: approval.command,
    ...(approval.resource ? { resource: { kind: approval.resource.kind, id: approval.resource.id, name: approval.resource.fields.name } } : {}),
    url,
    expiresAt: new Date(approval.expiresAt).toISOString(),
    expiresInSeconds: Math.max(0, Math.round((approval.expiresAt - now) / 1000)),
    ...(approval.decidedBy ? { decidedBy: approval.decidedBy } : {}),
    ...(approval.decisionReason ? { decisionReason: approval.decisionReason } : {}),
    ...(approval.usedAt ? { usedAt: new Date(approval.usedAt).toISOString() } : {}),
  };
}

export function approvalText(notice: ApprovalNotice, url: string, now: number): string {
  const { approval } = notice;
  const what = `${approval.tool}${approval.resource ? ` on ${String(approval.resource.fields.name ?? approval.resource.id)}` : ''}`;
  const until = `${clock(approval.expiresAt)} (in ${span(approval.expiresAt - now)})`;
  const nothingSent = 'Nothing was sent to CloudStack.';
  const check = `To check on it without calling again, use ${GET_APPROVAL_TOOL_NAME} with id "${approval.id}".`;
  const operator = approval.decidedBy ? `the operator ${approval.decidedBy}` : 'the operator';
  switch (notice.status) {
    case 'pending':
      return notice.created === false
        ? `[APPROVAL PENDING] Still pending: approval ${approval.id} for ${what} has not been decided yet; it expires at ${until}. ${nothingSent} ` +
            `A human decides at ${url}. Call ${approval.tool} again with exactly the same arguments once it is approved; it then runs once. ${check}`
        : `[APPROVAL PENDING] ${what} needs an operator's approval (${approval.reason}). Approval ${approval.id} is pending: a human approves or ` +
            `denies it at ${url} before ${until}. ${nothingSent} Once it is approved, call ${approval.tool} again with exactly the same ` +
            `arguments; it then runs once. ${check}`;
    case 'denied':
      return `[APPROVAL DENIED] ${operator} denied approval ${approval.id} for ${what}: "${approval.decisionReason ?? 'no reason given'}". ${nothingSent} ` +
        'Do not repeat the call unless what the reason says has changed; calling again asks for a new approval.';
    case 'expired':
      return `[APPROVAL EXPIRED] Approval ${approval.id} for ${what} expired at ${clock(approval.expiresAt)} without a decision. ${nothingSent} ` +
        'Calling again with the same arguments asks for a new approval.';
    case 'used':
      return `[APPROVAL USED] Approval ${approval.id} for ${what} was already used${approval.usedAt ? ` at ${clock(approval.usedAt)}` : ''}: an approved call ` +
        'runs once, and it ran then. This call was not sent to CloudStack. Calling again with the same arguments asks for a new approval.';
    case 'cancelled':
      return `[APPROVAL CANCELLED] Approval ${approval.id} for ${what} was cancelled: ${approval.decisionReason ?? 'the policy changed'}. ${nothingSent}`;
  }
}

function clock(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function span(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

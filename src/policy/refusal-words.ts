/** What an agent is told when a limit or a human stops its call: the numbers, the scope, and when to retry. */
import type { Reservation } from './limiter.js';
import type { ApprovalAnswer, PolicyRefusal } from './types.js';

const SCOPE_WORDS: Record<string, string> = { grant: '', session: ' in this session', resource: ' per resource' };

export function rateLimitRefusal(refused: Extract<Reservation, { ok: false }>, onDeny: string | undefined): PolicyRefusal {
  const { limit, retryAfterSeconds } = refused;
  const scope = SCOPE_WORDS[limit.scopeLabel] ?? ` per ${limit.scopeLabel.replace(/^(args|params)\./, '')}`;
  const text = refused.tableFull
    ? `rate limit: too many distinct counters are live to start a new count on ${limit.counter}${scope}, retry in ${retryAfterSeconds} s`
    : `rate limit: ${limit.max} per ${limit.windowLabel} on ${limit.counter}${scope}, retry in ${retryAfterSeconds} s`;
  return {
    decision: 'rate_limited',
    rule: limit.pointer,
    reason: onDeny ? `${text}. ${onDeny}` : text,
    limit: limit.max,
    remaining: 0,
    retryAfterSeconds,
  };
}

export const ANSWER_WORDS: Record<Exclude<ApprovalAnswer, 'accept'>, string> = {
  decline: 'the request was declined',
  cancel: 'the request was cancelled',
  timeout: 'no answer came before the approval timeout',
  unsupported: 'this MCP client cannot ask a human (it does not support elicitation); run the call from a client that can, or ask the operator',
  pending: "it waits for an operator's decision on the approvals page",
  no_operator: 'operator approval is not configured on this server: set CLOUDSTACK_MCP_APPROVER_TOKEN (and restart) to enable it',
};

/** What a call that needs a human is told; admit and gate.refuseBeforeReads say it in the same words. */
export function approvalNeeded(tool: string, reason: string): string {
  return `approval required: ${tool} needs a human's approval (${reason})`;
}

/** The refusal of a call whose approval was not given, and why not. */
export function approvalDeclined(tool: string, approval: { readonly rule: string; readonly reason: string }, answer: Exclude<ApprovalAnswer, 'accept'>): PolicyRefusal {
  return { decision: 'approval_declined', rule: approval.rule, reason: `${approvalNeeded(tool, approval.reason)}, and ${ANSWER_WORDS[answer]}` };
}

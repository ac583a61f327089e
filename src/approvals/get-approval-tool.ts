/**
 * `get_approval`: a read-only tool the agent polls for an operator approval it was told is pending, instead of
 * repeating the call itself. It sends nothing to CloudStack, so it is a ToolDefinition written out (like the
 * generic call tool) rather than a catalog-backed declaration. It shows only the caller's own session's approvals:
 * another session's id answers "not found", exactly like an id that never existed.
 */
import { z } from 'zod';
import { PolicyStateError } from '../policy/state/errors.js';
import type { CanonicalCall } from '../tools/canonical.js';
import { READ } from '../tools/define.js';
import { ToolError } from '../tools/tool-error.js';
import type { ToolContext, ToolDefinition, ToolOutcome } from '../tools/types.js';
import { approvalFacts, approvalText, approvalUrl, GET_APPROVAL_TOOL_NAME } from './pending-result.js';
import type { ApprovalStore } from './types.js';

/**
 * What the tool needs besides the ordinary context; the registry provides both at integration (ToolContext gains
 * `sessionId` and `approvals`). Without them the tool refuses: it cannot tell whose approval an id is.
 */
export interface ApprovalToolContext extends ToolContext {
  readonly sessionId?: string;
  readonly approvals?: { readonly store: ApprovalStore; readonly pageUrl: string; readonly now?: () => number };
}

const input = z.strictObject({
  id: z
    .string()
    .regex(/^apr_[0-9a-f]{12}$/, 'must be an approval id as a pending result gave it, e.g. apr_3f9c2a7b1d04')
    .describe('The approval id from the pending result, e.g. apr_3f9c2a7b1d04.'),
});

export const GET_APPROVAL_TOOL: ToolDefinition = {
  name: GET_APPROVAL_TOOL_NAME,
  title: 'Check an operator approval',
  domain: 'security',
  description:
    'Says where an operator approval stands (pending, approved, denied with the reason, expired, used) for a call that was answered ' +
    '"approval pending". Once it is approved, call the original tool again with exactly the same arguments: it then runs once. ' +
    'Sends nothing to CloudStack; only approvals asked for in this session are visible.',
  command: '(local) get_approval',
  input,
  hints: { ...READ, openWorldHint: false },
  async: false,
  result: { kind: 'object', resource: 'approval' },
  toolOnlyArgs: [],
  localFilters: [],
  secretFields: [],
  // Nothing goes to CloudStack: the canonical call is the lookup itself, and it only reads.
  canonicalize: (args) => ({ ok: true, call: { tool: GET_APPROVAL_TOOL_NAME, command: '(local) get_approval', args, params: {}, reads: true } }),
  run: runGetApproval,
};

async function runGetApproval(context: ToolContext, args: Record<string, unknown>, _call?: CanonicalCall): Promise<ToolOutcome> {
  const { approvals, sessionId } = context as ApprovalToolContext;
  if (!approvals || !sessionId) {
    throw new ToolError('approvals_unavailable', 'operator approval is not configured on this server (CLOUDSTACK_MCP_APPROVER_TOKEN is not set)');
  }
  const id = String(args.id);
  const approval = await approvals.store.get(id).catch((error: unknown) => {
    // The shared store (Redis) cannot answer: the clear words, not an internal error.
    if (error instanceof PolicyStateError) throw new ToolError('state_unavailable', error.message);
    throw error;
  });
  if (!approval || approval.session !== sessionId) {
    throw new ToolError('approval_not_found', `no approval ${id} in this session: use the id a pending result of this session gave`);
  }
  const now = (approvals.now ?? Date.now)();
  const url = approvalUrl(approvals.pageUrl, approval.id);
  const facts = approvalFacts(approval, url, now);
  const what = `${approval.tool}${approval.resource ? ` on ${String(approval.resource.fields.name ?? approval.resource.id)}` : ''}`;
  let text: string;
  if (approval.status === 'approved') {
    text = `Approval ${approval.id} for ${what} was approved by ${approval.decidedBy ?? 'the operator'}. Call ${approval.tool} again now with exactly the same arguments: it runs once.`;
  } else if (approval.status === 'pending') {
    text = approvalText({ status: 'pending', approval, created: false }, url, now);
  } else {
    text = approvalText({ status: approval.status, approval }, url, now);
  }
  return { structured: { approval: facts } as ToolOutcome['structured'], text };
}

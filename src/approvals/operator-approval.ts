/**
 * Operator approval as the gate's `askApproval`: instead of asking the MCP client (elicitation), it looks the
 * exact call up in the approval store. An approved approval is used here and the gate lets the call through,
 * once; anything else answers `decline` and leaves a notice (pending, denied, expired, used, cancelled) the
 * registry turns into the agent's result (pending-result.ts) instead of the generic refusal.
 *
 * The gate stays unchanged: it reserves limit slots first and releases them on a decline, so a call waiting for
 * an operator holds nothing, and the approved repeat counts when it runs.
 */
import type { ApprovalRequest, AskApproval, PolicyCall } from '../policy/types.js';
import type { ApprovalNotice } from './pending-result.js';
import type { ApprovalCall, ApprovalStore } from './types.js';

export interface OperatorApprovals {
  readonly store: ApprovalStore;
  /** The approvals page, e.g. http://127.0.0.1:3000/approvals (links in the agent's result). */
  readonly pageUrl: string;
}

export interface OperatorAsk {
  readonly ask: AskApproval;
  /** What the store said, when the call did not get through; undefined when it was approved or never asked. */
  notice(): ApprovalNotice | undefined;
}

/** `rule` is the policy pointer that required the approval, once the gate passes it (until then, the tool's entry). */
type GateApprovalRequest = ApprovalRequest & { readonly rule?: string };

export function createOperatorAsk(approvals: OperatorApprovals, call: PolicyCall): OperatorAsk {
  let notice: ApprovalNotice | undefined;
  const ask = async (request: GateApprovalRequest): Promise<'accept' | 'decline' | 'pending'> => {
    // The resolver caches per call: the gate already read this resource when a rule needed it.
    const resource = call.resources ? await call.resources.resource() : null;
    const bound: ApprovalCall = { tool: call.tool, command: call.command, params: call.params, resource };
    const found = await approvals.store.consume(bound, call.sessionId);
    if (found.status === 'approved') return 'accept';
    if (found.status !== 'none') {
      notice = { status: found.status, approval: found.approval, created: false };
      return found.status === 'pending' ? 'pending' : 'decline';
    }
    const { approval, created } = await approvals.store.request({
      call: bound,
      session: call.sessionId,
      rule: request.rule ?? `/tools/${call.tool}`,
      reason: request.reason,
    });
    notice = { status: 'pending', approval, created };
    return 'pending';
  };
  return { ask, notice: () => notice };
}

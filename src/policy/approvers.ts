/**
 * Questions about the policy in force that are not one call's decision: whether it sends any call to the
 * operator (the start-up notice when no operator credential is set), whether a tool is now denied outright (a
 * reload then cancels that tool's pending approvals), and whether a CloudStack command is one the generic tools
 * may offer (search_cloudstack_api lists and suggests only those).
 */
import type { CompiledChecks, CompiledPolicy, CompiledToolRule } from './compile.js';
import { hiddenBy } from './engine.js';

const asksOperator = (rule: CompiledToolRule): boolean =>
  rule.approver === 'operator' && (rule.action === 'require_approval' || rule.approveIf.length > 0);

/** True when some entry's approval goes to the operator (the default approver), or all_tools has approve_if. */
export function needsOperatorApprover(policy: CompiledPolicy): boolean {
  const allTools: CompiledChecks = policy.allTools;
  return allTools.approveIf.length > 0 || [...policy.tools.values(), ...policy.commands.values()].some(asksOperator);
}

/** The tool is hidden, or its entry's action is `deny`: no approval for it can still be used. */
export function isToolDenied(policy: CompiledPolicy, known: ReadonlySet<string>, tool: string): boolean {
  if (!known.has(tool) || hiddenBy(policy, tool) !== undefined) return true;
  return policy.tools.get(tool)?.action === 'deny';
}

/**
 * Whether the generic tools may offer the command: not hidden by `hide`, not `deny` in `commands`, and under
 * `default: deny` named in `commands` (the only commands call_cloudstack_api may send then).
 */
export function isCommandOffered(policy: CompiledPolicy, command: string): boolean {
  if (policy.hidden.has(command)) return false;
  const rule = policy.commands.get(command);
  if (rule) return rule.action !== 'deny';
  return policy.defaultAction === 'allow' || policy.mode === 'shadow';
}

/**
 * Which approval a call needs when several rules ask for one: an `action: require_approval` of the tool's entry or
 * the command's, and every matching `approve_if` of those entries and of `all_tools`. The strictest decides: if
 * any of them is the operator's, the operator decides, and the client (the agent's own side of the MCP
 * connection) is never asked; only when every one is the client's may the client answer. Letting the first rule
 * found decide let a tool entry's `approver: client` answer for an `all_tools` rule meant for the operator.
 *
 * The answer does not depend on which entry, or which rule, is listed first: the approvals are ordered by
 * approver, then by rule pointer, and the first of that order names the approval in the refusal, the audit and
 * the request shown to the human; the reason lists the other rules that asked, so the operator sees all of them.
 */
import type { CompiledPolicy, CompiledToolRule } from './compile.js';

export type Approver = 'operator' | 'client';

export interface Approval {
  /** The JSON pointer of the rule that asked (the strictest one, when several did). */
  readonly rule: string;
  readonly reason: string;
  readonly approver: Approver;
}

/** Fail closed: anything but an explicit `client` is the operator's. */
function approverOf(approval: Approval): Approver {
  return approval.approver === 'client' ? 'client' : 'operator';
}

function strictestFirst(a: Approval, b: Approval): number {
  const byApprover = (approverOf(a) === 'operator' ? 0 : 1) - (approverOf(b) === 'operator' ? 0 : 1);
  if (byApprover !== 0) return byApprover;
  return a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0;
}

/** The approval the call needs, from every one that applies to it; undefined when none does. */
export function strictestApproval(asked: readonly Approval[]): Approval | undefined {
  if (asked.length === 0) return undefined;
  const [strictest, ...others] = [...asked].sort(strictestFirst);
  const approver = approverOf(strictest!);
  const seen = new Set([strictest!.rule]);
  const also = others.filter((other) => !seen.has(other.rule) && seen.add(other.rule));
  if (also.length === 0) return { rule: strictest!.rule, reason: strictest!.reason, approver };
  const words = also.map((other) => `${other.reason} (${other.rule}, approver ${approverOf(other)})`);
  return { rule: strictest!.rule, reason: `${strictest!.reason}; also asked: ${words.join('; ')}`, approver };
}

type Asker = Pick<CompiledToolRule, 'approver' | 'action' | 'approveIf'>;
const asks = (rule: Asker): boolean => rule.action === 'require_approval' || rule.approveIf.length > 0;
const asksOperator = (rule: Asker | undefined): rule is Asker => rule !== undefined && rule.approver !== 'client' && asks(rule);

/**
 * For `policy check`: each entry with `approver: client` that an operator approval may override on some call —
 * `all_tools`' approve_if, or the operator approval of a command the tool sends (or of a tool that sends the
 * command). Whether it does depends on the call's values, so this says "when … also asks", not that it will.
 * `commandsOf` names the commands a tool may send (for the generic tool: every command the policy names).
 */
export function clientApprovalNotes(policy: CompiledPolicy, commandsOf: (tool: string) => readonly string[]): string[] {
  const allTools = policy.allTools.approveIf.length > 0 ? ['all_tools approve_if'] : [];
  const note = (entry: string, operators: readonly string[]) =>
    operators.length > 0 ? [`${entry} (approver client): the operator decides instead when ${operators.join(' or ')} also asks`] : [];
  const byTool = [...policy.tools].filter(([, rule]) => rule.approver === 'client' && asks(rule));
  const byCommand = [...policy.commands].filter(([, rule]) => rule.approver === 'client' && asks(rule));
  return [
    ...byTool.flatMap(([tool]) => note(`tools.${tool}`, [...allTools, ...commandsOf(tool).filter((command) => asksOperator(policy.commands.get(command))).map((command) => `commands.${command}`)])),
    ...byCommand.flatMap(([command]) =>
      note(`commands.${command}`, [...allTools, ...[...policy.tools].filter(([tool, rule]) => asksOperator(rule) && commandsOf(tool).includes(command)).map(([tool]) => `tools.${tool}`)]),
    ),
  ];
}

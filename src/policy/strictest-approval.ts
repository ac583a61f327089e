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
import type { CompiledPolicy } from './compile.js';

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

/**
 * For `policy check`: the entries whose `approver: client` an operator approval can override — an operator
 * approval of the command's entry or the tool's (the tool's entry names the command it sends by the same name
 * only for the generic tool, so both are listed as they are found), or any `approve_if` under `all_tools`.
 */
export function clientApprovalNotes(policy: CompiledPolicy, commandsOf: (tool: string) => readonly string[]): string[] {
  const asksClient = (rule: { approver: Approver; action: string; approveIf: readonly unknown[] }) =>
    rule.approver === 'client' && (rule.action === 'require_approval' || rule.approveIf.length > 0);
  const asksOperator = (rule: { approver: Approver; action: string; approveIf: readonly unknown[] } | undefined) =>
    rule !== undefined && rule.approver !== 'client' && (rule.action === 'require_approval' || rule.approveIf.length > 0);
  const allTools = policy.allTools.approveIf.length > 0 ? ['all_tools approve_if'] : [];
  const notes: string[] = [];
  for (const [name, rule] of policy.tools) {
    if (!asksClient(rule)) continue;
    const operators = [...allTools, ...commandsOf(name).filter((command) => asksOperator(policy.commands.get(command))).map((command) => `commands.${command}`)];
    if (operators.length > 0) notes.push(`tools.${name} (approver client): the operator decides instead when ${operators.join(' or ')} also asks`);
  }
  for (const [name, rule] of policy.commands) {
    if (!asksClient(rule)) continue;
    const operators = [...allTools, ...[...policy.tools].filter(([tool, other]) => asksOperator(other) && commandsOf(tool).includes(name)).map(([tool]) => `tools.${tool}`)];
    if (operators.length > 0) notes.push(`commands.${name} (approver client): the operator decides instead when ${operators.join(' or ')} also asks`);
  }
  return notes;
}

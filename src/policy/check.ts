/**
 * `cloudstack-mcp policy check FILE`: validates a policy the way the server would and prints what it means for
 * every tool (grouped by toolset), every command rule, and which commands the generic call tool may send, so an
 * operator reviews the effect of a change before shipping it, like code.
 */
import type { CompiledChecks, CompiledLimit, CompiledPolicy, CompiledToolRule } from './compile.js';
import { hiddenBy } from './engine.js';
import { loadPolicyFile } from './load.js';
import { sendsCommand } from './sent-commands.js';
import { clientApprovalNotes } from './strictest-approval.js';
import { GENERIC_CALL_TOOL, type ToolFacts } from './tool-facts.js';

function describeLimit(limit: CompiledLimit): string {
  const scope = limit.scopeLabel === 'grant' ? '' : ` per ${limit.scopeLabel}`;
  return `${limit.max}/${limit.windowLabel} ${limit.counter}${scope}`;
}

const ACTION_WORDS = { allow: 'allowed', deny: 'denied', require_approval: 'approval' } as const;

/** `approval (client)` when the entry's approver is the client: the operator's approvals read as before. */
function actionWords(rule: CompiledToolRule): string {
  return rule.action === 'require_approval' && rule.approver === 'client' ? 'approval (client)' : ACTION_WORDS[rule.action];
}

function access(policy: CompiledPolicy, tool: ToolFacts): string {
  const hidden = hiddenBy(policy, tool.name);
  if (hidden !== undefined) return hidden === '/default' ? 'hidden (default deny)' : 'hidden';
  const rule = policy.tools.get(tool.name);
  const command = tool.command ? policy.commands.get(tool.command) : undefined;
  if (rule?.action === 'deny' || command?.action === 'deny') return command?.action === 'deny' && rule?.action !== 'deny' ? 'denied (command)' : 'denied';
  if (tool.name === GENERIC_CALL_TOOL) return 'per command';
  if (!rule) return policy.defaultAction === 'deny' ? 'denied (default, shadow)' : 'allowed (default)';
  // Of two approvals the strictest decides (strictest-approval.ts): the client's only when both are.
  const asking = [rule, command].filter((entry): entry is CompiledToolRule => entry?.action === 'require_approval');
  if (asking.length === 0) return ACTION_WORDS[rule.action];
  return asking.every((entry) => entry.approver === 'client') ? 'approval (client)' : 'approval';
}

function conditionTexts(checks: CompiledChecks & { require?: CompiledToolRule['require']; approver?: CompiledToolRule['approver'] }): string[] {
  const approval = checks.approver === 'client' ? 'approval (client)' : 'approval';
  return [
    ...(checks.require ?? []).map((requirement) => `require ${requirement.path.field}`),
    ...[...checks.denyIf, ...checks.denyIfResolved].sort((a, b) => a.pointer.localeCompare(b.pointer)).map((condition) => `deny if ${condition.text}`),
    ...checks.approveIf.map((condition) => `${approval} if ${condition.text}`),
  ];
}

function toolConditions(policy: CompiledPolicy, tool: ToolFacts): string {
  const rule = policy.tools.get(tool.name);
  const command = tool.command ? policy.commands.get(tool.command) : undefined;
  const parts = rule ? conditionTexts(rule) : [];
  if (command) {
    const own = [...conditionTexts(command), ...command.limits.map(describeLimit)];
    if (own.length > 0) parts.push(`${tool.command}: ${own.join(', ')}`);
  }
  // A command the tool sends only in some calls governs those calls: say which.
  for (const also of tool.alsoSends ?? []) {
    const rule = policy.commands.get(also.command);
    const own = rule ? [...(rule.action === 'allow' ? [] : [actionWords(rule)]), ...conditionTexts(rule), ...rule.limits.map(describeLimit)] : [];
    if (own.length > 0) parts.push(`${also.command} (when it ${also.when}): ${own.join(', ')}`);
  }
  return parts.join('; ');
}

function alignedTable(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}

function toolTable(policy: CompiledPolicy, tools: readonly ToolFacts[]): string {
  // Grouped by toolset when the tools declare one; the order within a toolset is the registry's.
  const order = [...new Set(tools.map((tool) => tool.toolset ?? ''))];
  const sorted = [...tools].sort((a, b) => order.indexOf(a.toolset ?? '') - order.indexOf(b.toolset ?? ''));
  const rows = sorted.map((tool) => {
    const hidden = hiddenBy(policy, tool.name) !== undefined;
    return [
      tool.name,
      access(policy, tool),
      hidden ? '' : (policy.tools.get(tool.name)?.limits ?? []).map(describeLimit).join('; '),
      hidden ? '' : toolConditions(policy, tool),
    ];
  });
  const lines = alignedTable([['TOOL', 'ACCESS', 'LIMITS', 'CONDITIONS'], ...rows]);
  if (order.length <= 1 && order[0] === '') return lines.join('\n');
  const out = [lines[0]!];
  sorted.forEach((tool, index) => {
    if (index === 0 || sorted[index - 1]!.toolset !== tool.toolset) out.push(`[toolset ${tool.toolset ?? 'none'}]`);
    out.push(lines[index + 1]!);
  });
  return out.join('\n');
}

function commandTable(policy: CompiledPolicy, tools: readonly ToolFacts[]): string | undefined {
  if (policy.commands.size === 0) return undefined;
  const rows = [...policy.commands].map(([name, rule]) => {
    // Every tool whose call may be this command, a tool that sends it only in some calls (destroy's expunge) too.
    const senders = tools.filter((tool) => sendsCommand(tool, name)).map((tool) => tool.name);
    return [name, actionWords(rule), rule.limits.map(describeLimit).join('; '), conditionTexts(rule).join('; '), [...senders, GENERIC_CALL_TOOL].join(', ')];
  });
  return alignedTable([['COMMAND', 'ACCESS', 'LIMITS', 'CONDITIONS', 'SENT BY'], ...rows]).join('\n');
}

/** Which commands the generic tool may send, in words. */
function genericSummary(policy: CompiledPolicy, tools: readonly ToolFacts[]): string | undefined {
  if (!tools.some((tool) => tool.name === GENERIC_CALL_TOOL)) return undefined;
  if (hiddenBy(policy, GENERIC_CALL_TOOL) !== undefined) return `${GENERIC_CALL_TOOL}: hidden (sends nothing)`;
  const generic = policy.tools.get(GENERIC_CALL_TOOL);
  if (generic?.action === 'deny') return `${GENERIC_CALL_TOOL}: denied (sends nothing)`;
  const named = [...policy.commands].map(([name, rule]) => `${name} (${actionWords(rule)})`);
  const hiddenCommands = [...policy.hidden.keys()].filter((name) => /[A-Z]/.test(name));
  const callable =
    policy.defaultAction === 'allow'
      ? `every reading command, and the state-changing commands named under commands${named.length > 0 ? `: ${named.join(', ')}` : ' (none)'}`
      : `only the commands named under commands${named.length > 0 ? `: ${named.join(', ')}` : ' (none)'}`;
  const extra = [
    hiddenCommands.length > 0 ? `hidden: ${hiddenCommands.join(', ')}` : undefined,
    generic && conditionTexts(generic).length > 0 ? `its own rules: ${conditionTexts(generic).join('; ')}` : undefined,
  ].filter((part): part is string => part !== undefined);
  return `${GENERIC_CALL_TOOL} may send ${callable}${extra.length > 0 ? `; ${extra.join('; ')}` : ''}`;
}

/** Where an operator approval overrides a client one: the strictest approval that applies to a call decides. */
function approvalNotes(policy: CompiledPolicy, tools: readonly ToolFacts[]): string | undefined {
  const commandsOf = (name: string): string[] => {
    if (name === GENERIC_CALL_TOOL) return [...policy.commands.keys()];
    const tool = tools.find((facts) => facts.name === name);
    return tool ? [...policy.commands.keys()].filter((command) => sendsCommand(tool, command)) : [];
  };
  const notes = clientApprovalNotes(policy, commandsOf);
  return notes.length > 0 ? ['approvals: when several apply to one call, any operator approval sends it to the operator', ...notes.map((note) => `  ${note}`)].join('\n') : undefined;
}

function formatPolicy(policy: CompiledPolicy, tools: readonly ToolFacts[]): string {
  const allTools = [...policy.allToolsLimits.map(describeLimit), ...conditionTexts(policy.allTools)];
  const header = [
    `policy ${policy.hash}: version 1, default ${policy.defaultAction}, mode ${policy.mode}`,
    policy.mode === 'shadow' ? 'shadow mode: nothing is refused; would-be refusals are logged and audited as would_deny' : undefined,
    allTools.length > 0 ? `all tools: ${allTools.join('; ')}` : undefined,
  ].filter((line): line is string => line !== undefined);
  const sections = [header.join('\n'), toolTable(policy, tools), commandTable(policy, tools), genericSummary(policy, tools), approvalNotes(policy, tools)];
  return sections.filter((section): section is string => section !== undefined).join('\n\n');
}

export function runPolicyCheck(file: string, tools: readonly ToolFacts[]): { exitCode: number; output: string } {
  const loaded = loadPolicyFile(file, tools);
  if (!loaded.ok) return { exitCode: 1, output: `${file}: invalid policy\n${loaded.errors.map((error) => `  ${error}`).join('\n')}` };
  return { exitCode: 0, output: `${file}: valid\n${formatPolicy(loaded.policy, tools)}` };
}

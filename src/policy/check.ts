/**
 * `cloudstack-mcp policy check FILE`: validates a policy the way the server would and prints what it means for
 * every tool, so an operator reviews the effect of a change before shipping it, like code.
 */
import type { CompiledLimit, CompiledPolicy } from './compile.js';
import { hiddenBy } from './engine.js';
import { loadPolicyFile } from './load.js';
import type { ToolFacts } from './types.js';

function describeLimit(limit: CompiledLimit): string {
  const scope = limit.scopeLabel === 'grant' ? '' : ` per ${limit.scopeLabel}`;
  return `${limit.max}/${limit.windowLabel} ${limit.counter}${scope}`;
}

function access(policy: CompiledPolicy, tool: string): string {
  const hidden = hiddenBy(policy, tool);
  if (hidden !== undefined) return hidden === '/default' ? 'hidden (default deny)' : 'hidden';
  const rule = policy.tools.get(tool);
  if (!rule) return policy.defaultAction === 'deny' ? 'denied (default, shadow)' : 'allowed (default)';
  return { allow: 'allowed', deny: 'denied', require_approval: 'approval' }[rule.action];
}

function conditions(policy: CompiledPolicy, tool: string): string {
  const rule = policy.tools.get(tool);
  if (!rule) return '';
  const parts = rule.require.map((requirement) => `require ${requirement.path.field}`);
  for (const condition of policy.source.tools?.[tool]?.deny_if ?? []) {
    parts.push(`deny if ${condition.path} ${condition.op} ${JSON.stringify(condition.value)}`);
  }
  return parts.join('; ');
}

function alignedTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

function formatPolicyTable(policy: CompiledPolicy, tools: readonly ToolFacts[]): string {
  const header = [
    `policy ${policy.hash}: version 1, default ${policy.defaultAction}, mode ${policy.mode}`,
    policy.mode === 'shadow' ? 'shadow mode: nothing is refused; would-be refusals are logged and audited as would_deny' : undefined,
    policy.allToolsLimits.length > 0 ? `all tools: ${policy.allToolsLimits.map(describeLimit).join('; ')}` : undefined,
  ].filter((line): line is string => line !== undefined);
  const rows = tools.map((tool) => {
    const rule = policy.tools.get(tool.name);
    const hidden = hiddenBy(policy, tool.name) !== undefined;
    return [
      tool.name,
      access(policy, tool.name),
      hidden ? '' : (rule?.limits ?? []).map(describeLimit).join('; '),
      hidden ? '' : conditions(policy, tool.name),
    ];
  });
  return `${header.join('\n')}\n\n${alignedTable([['TOOL', 'ACCESS', 'LIMITS', 'CONDITIONS'], ...rows])}`;
}

export function runPolicyCheck(file: string, tools: readonly ToolFacts[]): { exitCode: number; output: string } {
  const loaded = loadPolicyFile(file, tools);
  if (!loaded.ok) return { exitCode: 1, output: `${file}: invalid policy\n${loaded.errors.map((error) => `  ${error}`).join('\n')}` };
  return { exitCode: 0, output: `${file}: valid\n${formatPolicyTable(loaded.policy, tools)}` };
}

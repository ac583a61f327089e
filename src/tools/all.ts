/** Every tool, grouped by domain, in one immutable array: the registry's data. */
import { GENERIC_CALL_TOOL, type ToolFacts } from '../policy/tool-facts.js';
import { ACCOUNT_TOOLS } from './accounts.js';
import { GET_APPROVAL_TOOL } from '../approvals/get-approval-tool.js';
import { FAMILY_TOOLS } from './families/index.js';
import { GENERIC_TOOLS } from './generic/index.js';
import { INFRASTRUCTURE_TOOLS } from './infrastructure.js';
import { JOB_TOOLS } from './jobs/index.js';
import { MONITORING_TOOLS } from './monitoring.js';
import { NETWORK_TOOLS } from './network.js';
import { SECURITY_TOOLS } from './security.js';
import { STORAGE_TOOLS } from './storage.js';
import { commandResources } from './resolve-table.js';
import { toolsetOf } from './toolsets.js';
import type { ToolDefinition } from './types.js';
import { VM_TOOLS } from './vm.js';

export const TOOLS: readonly ToolDefinition[] = [
  ...VM_TOOLS,
  ...STORAGE_TOOLS,
  ...NETWORK_TOOLS,
  ...MONITORING_TOOLS,
  ...JOB_TOOLS,
  ...ACCOUNT_TOOLS,
  ...INFRASTRUCTURE_TOOLS,
  ...SECURITY_TOOLS,
  ...FAMILY_TOOLS,
  ...GENERIC_TOOLS,
  GET_APPROVAL_TOOL,
];

/**
 * What the policy checks its paths against at load time. A tool with its own canonicalize hook sends a command
 * chosen per call, so it has no single command (nor resource kinds).
 */
export function toolFacts(): ToolFacts[] {
  return TOOLS.map((tool) => {
    const perCall = tool.canonicalize !== undefined;
    const { resource, target } = perCall ? {} : commandResources(tool.command);
    return {
      name: tool.name,
      readOnly: tool.hints.readOnlyHint,
      ...(perCall ? {} : { command: tool.command }),
      args: Object.keys(tool.input.shape),
      ...(resource ? { resourceKind: resource.kind } : {}),
      ...(target ? { targetKind: target.kind } : {}),
      toolset: toolsetOf(tool.name),
      ...(tool.alsoSends ? { alsoSends: tool.alsoSends } : {}),
      // The generic tool sends any command: the policy asks per command rule whether it can be looked up.
      ...(tool.name === GENERIC_CALL_TOOL ? { unresolvable: (command: string) => commandResources(command).unknown } : {}),
    };
  });
}

export function findTool(name: string): ToolDefinition | undefined {
  return TOOLS.find((tool) => tool.name === name);
}

/**
 * What a rule's paths may name, by where the rule sits in the policy: a tool rule (the tool's arguments, the
 * commands it sends, the resources it acts on), a command rule (what the tools sending that command have), or
 * `all_tools` (anything any tool or command has). references.ts checks the paths against these.
 */
import { commandSpec, knownCommands, type ParamType } from '../cloudstack/catalog.js';
import { RESOURCE_FIELDS } from './resource-fields.js';
import type { ResourceKind } from './resources.js';
import { sendsCommand, sentCommands, unionParams, type SentCommand } from './sent-commands.js';
import { GENERIC_CALL_TOOL, type ToolFacts } from './tool-facts.js';

/** What a rule's paths may name: undefined sets are unknown (the check is skipped). */
export interface Scope {
  /** `stop_virtual_machine`, `stopVirtualMachine`, `all_tools`: for messages. */
  readonly owner: string;
  readonly args?: ReadonlySet<string>;
  /** Parameter name → catalog type. */
  readonly params?: ReadonlyMap<string, ParamType>;
  /** The command the params belong to, for messages (absent: any command). */
  readonly command?: string;
  readonly resourceKinds?: readonly ResourceKind[];
  readonly targetKinds?: readonly ResourceKind[];
  /** A curated tool whose facts are filled: a missing resourceKind then means it acts on no resource. */
  readonly declaresKinds?: boolean;
  /** A tool that may send more than one command: each, with its parameters (`params` is their union). */
  readonly sent?: readonly SentCommand[];
  /** Why the policy cannot look up what the scope's command acts on (ToolFacts.unresolvable). */
  readonly unresolvable?: string;
}

let allParams: Map<string, ParamType> | undefined;
/** Every parameter of any command, with its type where all commands agree (for `all_tools` and the generic tool). */
function everyParam(): Map<string, ParamType> {
  if (!allParams) {
    allParams = new Map();
    for (const command of knownCommands()) {
      for (const [name, type] of Object.entries(commandSpec(command)!.params)) {
        const seen = allParams.get(name);
        allParams.set(name, seen === undefined || seen === type ? type : 'string');
      }
    }
  }
  return allParams;
}

function paramsOf(command: string | undefined): Map<string, ParamType> | undefined {
  const spec = command ? commandSpec(command) : undefined;
  return spec ? new Map(Object.entries(spec.params)) : undefined;
}

/** The union of the lists that are known; undefined when none is (the check is then skipped). */
export const union = <T>(lists: readonly (readonly T[] | undefined)[]): T[] | undefined => {
  const known = lists.filter((list): list is readonly T[] => list !== undefined);
  return known.length === 0 ? undefined : [...new Set(known.flat())];
};
const kinds = (tools: readonly ToolFacts[], key: 'resourceKind' | 'targetKind'): ResourceKind[] | undefined =>
  union(tools.map((tool) => (tool[key] ? [tool[key]!] : undefined)));

function commandParams(facts: ToolFacts): Pick<Scope, 'params' | 'command' | 'sent'> {
  if (facts.name === GENERIC_CALL_TOOL) return { params: everyParam() };
  const sent = sentCommands(facts);
  if (sent.length === 0 || !facts.command || !paramsOf(facts.command)) return {};
  if (sent.length === 1) return { params: sent[0]!.params, command: facts.command };
  return { params: unionParams(sent), command: sent.map((one) => one.command).join(' or '), sent };
}

export function toolScope(facts: ToolFacts): Scope {
  const generic = facts.name === GENERIC_CALL_TOOL;
  return {
    owner: facts.name,
    ...(facts.args ? { args: new Set(facts.args) } : {}),
    ...commandParams(facts),
    ...(facts.resourceKind ? { resourceKinds: [facts.resourceKind] } : {}),
    ...(facts.targetKind ? { targetKinds: [facts.targetKind] } : {}),
    declaresKinds: !generic && facts.args !== undefined,
  };
}

export function commandScope(command: string, tools: readonly ToolFacts[]): Scope {
  const senders = tools.filter((tool) => sendsCommand(tool, command));
  const args = union(senders.map((tool) => tool.args));
  const resourceKinds = kinds(senders, 'resourceKind');
  const targetKinds = kinds(senders, 'targetKind');
  const unresolvable = tools.find((tool) => tool.unresolvable)?.unresolvable?.(command);
  return {
    owner: command,
    ...(unresolvable !== undefined ? { unresolvable } : {}),
    ...(args ? { args: new Set(args) } : {}),
    ...(paramsOf(command) ? { params: paramsOf(command)!, command } : {}),
    ...(resourceKinds ? { resourceKinds } : {}),
    ...(targetKinds ? { targetKinds } : {}),
  };
}

export function allToolsScope(tools: readonly ToolFacts[]): Scope {
  const args = union(tools.map((tool) => tool.args));
  const every = Object.keys(RESOURCE_FIELDS) as ResourceKind[];
  return { owner: 'all_tools', ...(args ? { args: new Set(args) } : {}), params: everyParam(), resourceKinds: every, targetKinds: every };
}

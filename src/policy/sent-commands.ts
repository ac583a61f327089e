/**
 * Which CloudStack commands a tool's canonical call may be: its usual `command`, and the ones it declares in
 * `alsoSends` (chosen per call before the policy decides, like destroy's expunge of a VM already Destroyed). The
 * load-time checks read a tool rule's `params.` paths against each; `policy check` lists each sender of a command.
 */
import { commandSpec, type ParamType } from '../cloudstack/catalog.js';
import type { ToolFacts } from './tool-facts.js';

export interface SentCommand {
  readonly command: string;
  /** Completes "<tool> …": `sends destroyVirtualMachine`, `expunges a VM that is already Destroyed`. */
  readonly when: string;
  readonly params: ReadonlyMap<string, ParamType>;
}

/** Whether the tool's canonical call may be `command` (its usual one or one it declares in alsoSends). */
export function sendsCommand(tool: ToolFacts, command: string): boolean {
  return tool.command === command || (tool.alsoSends ?? []).some((also) => also.command === command);
}

/** The tool's usual command and every other it declares, each with its catalog parameters (unknown ones left out). */
export function sentCommands(facts: ToolFacts): SentCommand[] {
  const all = [...(facts.command ? [{ command: facts.command, when: `sends ${facts.command}` }] : []), ...(facts.alsoSends ?? [])];
  return all.flatMap(({ command, when }) => {
    const spec = commandSpec(command);
    return spec ? [{ command, when, params: new Map(Object.entries(spec.params)) }] : [];
  });
}

/** Parameter name → type over several commands (`string` where they disagree, as for `all_tools`). */
export function unionParams(sent: readonly SentCommand[]): Map<string, ParamType> {
  const params = new Map<string, ParamType>();
  for (const { params: own } of sent) {
    for (const [name, type] of own) {
      const seen = params.get(name);
      params.set(name, seen === undefined || seen === type ? type : 'string');
    }
  }
  return params;
}

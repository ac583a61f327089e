/**
 * What the policy knows about the tools it governs: each tool's facts (the names, arguments and commands a policy
 * is validated against), and the two generic tools that send or find any CloudStack command.
 */
import type { ResourceKind } from './resources.js';

/** What the policy needs to know about the tools it governs (names, arguments and commands are validated against this). */
export interface ToolFacts {
  readonly name: string;
  /** The tool's `readOnlyHint`: the built-in default policy allows exactly these. */
  readonly readOnly: boolean;
  /** The CloudStack command the tool sends (for the generic `call_cloudstack_api`: none, it sends any). */
  readonly command?: string;
  /** The tool's argument names (its input schema's top-level keys), for load-time checks of `args.` paths. */
  readonly args?: readonly string[];
  /** The kind of resource the call acts on (`resource.` paths), when it acts on one. */
  readonly resourceKind?: ResourceKind;
  /** The kind of resource the call moves or places it onto (`target.` paths), e.g. a migration's host. */
  readonly targetKind?: ResourceKind;
  /** The toolset the tool belongs to, shown by `policy check`. */
  readonly toolset?: string;
  /**
   * Other commands the tool's canonical call may be, chosen per call before the policy decides (destroy on a VM
   * already Destroyed is expungeVirtualMachine): a tool rule's `params.` path must hold for each of them.
   */
  readonly alsoSends?: readonly AlsoSent[];
  /**
   * For the generic call tool, which sends any command: why the policy cannot look up what `command` acts on
   * (undefined when it can, or when the command acts on nothing). A `resource.`/`target.` rule under such a
   * command would refuse every call of it (fail closed), so load refuses the rule.
   */
  readonly unresolvable?: (command: string) => string | undefined;
}

/** A command a tool sends instead of its usual one, and when, in words that complete "<tool> …". */
export interface AlsoSent {
  readonly command: string;
  /** e.g. `expunges a VM that is already Destroyed`. */
  readonly when: string;
}

/** The tool that sends any CloudStack command (`{command, params}`): governed by the `commands` section. */
export const GENERIC_CALL_TOOL = 'call_cloudstack_api';
/** The generic pair's search tool: offered with GENERIC_CALL_TOOL, so the agent can find the commands the policy names. */
export const GENERIC_SEARCH_TOOL = 'search_cloudstack_api';

/**
 * CloudStack's own description of the commands behind our tools: async or not, HTTP method, required and
 * known parameters with their types, the list key of list commands, response fields.
 * Every one of CloudStack's 828 commands (catalog.json, derived from the generated code of Apache CloudStack's
 * Go SDK): the one source the client, the tool schemas, the policy's load-time checks and the simulator read
 * these facts from.
 */
import catalogFile from './catalog.json' with { type: 'json' };

export type ParamType = 'string' | 'boolean' | 'integer' | 'long' | 'list' | 'map' | 'uuid' | string;

export interface CommandSpec {
  /** The API family (`VirtualMachine`, `Firewall`, `Kubernetes` ...). */
  readonly service: string;
  readonly async: boolean;
  readonly http: 'GET' | 'POST';
  readonly required: readonly string[];
  readonly params: Readonly<Record<string, ParamType>>;
  /** For list commands: the key of the array inside `<command>response`. */
  readonly listKey?: string;
  readonly responseFields: Readonly<Record<string, string>>;
}

const commands = catalogFile.commands as unknown as Readonly<Record<string, CommandSpec>>;

export function commandSpec(command: string): CommandSpec | undefined {
  return Object.hasOwn(commands, command) ? commands[command] : undefined;
}

export function knownCommands(): readonly string[] {
  return Object.keys(commands);
}

/**
 * CloudStack's `default.page.size` (500 unless an operator changed it): a list without paging returns at most
 * this many items, and a larger `pagesize` is refused with 431. The client, the tool schemas and the simulator
 * all read it from here.
 */
export const CLOUDSTACK_PAGE_SIZE = 500;

/**
 * Reads may be retried and are sent by GET; everything else changes state and is POSTed, never retried.
 * The catalog decides (the HTTP method CloudStack's own Go SDK uses); a command missing from it falls back to
 * the verb, as CloudStack's own clients do, so an unknown command is treated as mutating unless it plainly reads.
 */
export function isReadCommand(command: string): boolean {
  const spec = commandSpec(command);
  if (spec) return spec.http === 'GET';
  return /^(list|query|find|get)[A-Z]/.test(command);
}

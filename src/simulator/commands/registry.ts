/**
 * The command table: one entry per CloudStack command, keyed by its name, registered by the domain files.
 * Sync handlers return the inner `<command>response` object; async handlers return the work of a job, whose
 * checks and effects run inside the job (as CloudStack's job threads do), not in the HTTP call.
 */
import type { CommandContext } from '../context.js';
import type { Json } from '../protocol.js';

export interface AsyncWork {
  /** `jobinstancetype`, e.g. VirtualMachine, Volume, Snapshot, IpAddress. */
  readonly instanceType: string;
  readonly instanceId?: string;
  /** Extra fields of the immediate answer besides `jobid` (deployVirtualMachine's `id`). */
  readonly accepted?: Json;
  /**
   * Runs when the job starts: validates (throwing ApiError fails the job) and applies the transitional state
   * (Starting, Migrating...). Returns what runs when the job ends: the final effect and the `jobresult`.
   */
  begin(): () => Json;
}

interface EntryBase {
  /** The Java class CloudStack reports as the job's `cmd`. */
  readonly javaClass: string;
  /** Refused to anyone but the root admin with 432, as CloudStack's role checks do. */
  readonly adminOnly: boolean;
}
export interface SyncEntry extends EntryBase { readonly kind: 'sync'; run(ctx: CommandContext): Json }
export interface AsyncEntry extends EntryBase { readonly kind: 'async'; run(ctx: CommandContext): AsyncWork }
export type CommandEntry = SyncEntry | AsyncEntry;
export type CommandTable = Map<string, CommandEntry>;

/** `org.apache.cloudstack.api.command.<user|admin>.<area>.<Class>`. */
export function javaClass(scope: 'user' | 'admin', area: string, className: string): string {
  return `org.apache.cloudstack.api.command.${scope}.${area}.${className}`;
}

export function syncCommand(table: CommandTable, name: string, javaClassName: string, run: SyncEntry['run'], adminOnly = false): void {
  table.set(name, { kind: 'sync', javaClass: javaClassName, adminOnly, run });
}

export function asyncCommand(table: CommandTable, name: string, javaClassName: string, run: AsyncEntry['run'], adminOnly = false): void {
  table.set(name, { kind: 'async', javaClass: javaClassName, adminOnly, run });
}

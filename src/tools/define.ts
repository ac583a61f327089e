/**
 * Turns a tool's declaration into a ToolDefinition, reading from the catalog what the catalog knows (whether
 * the command is async) so no entry can disagree with it. An unknown command fails at load time, not at call.
 */
import { commandSpec } from '../cloudstack/catalog.js';
import type { Canonicalization } from './canonical.js';
import type { CallPreparer, ResultShape, ToolDefinition, ToolDomain, ToolHints, ToolInput, WorkflowHandler } from './types.js';

export interface ToolDeclaration {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly command: string;
  readonly input: ToolInput;
  readonly hints: ToolHints;
  readonly result: ResultShape;
  readonly toolOnlyArgs?: readonly string[];
  readonly localFilters?: readonly string[];
  readonly secretFields?: readonly string[];
  readonly run?: WorkflowHandler;
  readonly canonicalize?: (args: Record<string, unknown>) => Canonicalization;
  readonly prepare?: CallPreparer;
  readonly alsoSends?: ToolDefinition['alsoSends'];
}

export function defineTools(domain: ToolDomain, declarations: readonly ToolDeclaration[]): ToolDefinition[] {
  return declarations.map((declaration) => {
    const spec = commandSpec(declaration.command);
    if (!spec) throw new Error(`tool ${declaration.name}: command ${declaration.command} is not in the catalog`);
    const unknown = declaration.alsoSends?.find((also) => !commandSpec(also.command));
    if (unknown) throw new Error(`tool ${declaration.name}: alsoSends command ${unknown.command} is not in the catalog`);
    return {
      ...declaration,
      domain,
      async: spec.async,
      toolOnlyArgs: declaration.toolOnlyArgs ?? [],
      localFilters: declaration.localFilters ?? [],
      secretFields: declaration.secretFields ?? [],
    };
  });
}

/** Annotation presets: each still spells out all four hints, so a reader sees every tool's answer. */
export const READ: ToolHints = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
/** Creates something new; calling twice creates two. */
export const CREATE: ToolHints = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };
/** Changes state in a way that cannot simply be taken back, or interrupts a running workload. */
export const DISRUPT: ToolHints = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
/** Disruptive but repeating it with the same arguments ends in the same state (stop, detach, migrate to X). */
export const DISRUPT_IDEMPOTENT: ToolHints = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true };
/** Additive and repeatable (start an already running VM, attach). */
export const CHANGE_IDEMPOTENT: ToolHints = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true };

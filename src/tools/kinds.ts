/**
 * Tools declared by kind: a list, a get, an action on one resource, a create, a delete. Each helper derives what
 * the kind decides (annotations, paging and owner fields, `confirm`, the `fields` selector, the result shape) and
 * reads from the catalog what CloudStack decides (which parameters exist, their types, which are required, whether
 * the command is async), so a new family costs a few lines per tool. Field descriptions come from the declaration or
 * the field dictionary (field-meanings.ts).
 * Every helper refuses at load time a declaration its kind contradicts: a list of a command that writes, a
 * write kind on a command that only reads, a field the command does not have, a required parameter left optional.
 */
import { z } from 'zod';
import { commandSpec, isReadCommand } from '../cloudstack/catalog.js';
import { CHANGE_IDEMPOTENT, CREATE, DISRUPT, DISRUPT_IDEMPOTENT, READ, type ToolDeclaration } from './define.js';
import { BY_NAME, catalogField, checkFields, fieldsSelector, type FieldSpecs } from './kind-fields.js';
import { confirm, listFields, ownerFilters } from './schemas.js';
import type { ToolHints, ToolInput, WorkflowHandler } from './types.js';
import { runGet, withListall } from './kind-get.js';
import { meaningOf, type FieldKind } from './field-meanings.js';

export { BY_NAME, catalogField, type FieldSpecs } from './kind-fields.js';

interface CommonSpec {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly command: string;
  /** Field name → description (type and required-ness from the catalog), or a zod schema of its own. */
  readonly fields?: FieldSpecs;
  /** Rules across fields (one of two ids, a port range in order), applied to the built object. */
  readonly refine?: (input: ToolInput) => ToolInput;
}

export interface ListSpec extends CommonSpec {
  /** The CloudStack object the list holds (`volume`, `vpc`), which also picks its view (views.ts). */
  readonly resource: string;
  readonly view?: string;
  /** false: no account/domainid filters added (the tool declares its own, or has none). Default true. */
  readonly owner?: boolean;
  /** Fields CloudStack cannot filter by, applied to the returned page (declared in `fields` as zod schemas). */
  readonly localFilters?: readonly string[];
}

export interface GetSpec extends CommonSpec {
  readonly resource: string;
  /** The list tool that finds the id, named in the not-found error. */
  readonly listTool: string;
}

export interface ActionSpec extends CommonSpec {
  /** The key CloudStack answers the object under (`virtualmachine`); absent for a flat `{success}` answer. */
  readonly resource?: string;
  /** Interrupts a workload or loses data (the agent is told, and `confirm` is accepted). */
  readonly disruptive: boolean;
  /** Repeating the call with the same arguments ends in the same state. */
  readonly idempotent: boolean;
  readonly secretFields?: readonly string[];
}

export interface CreateSpec extends CommonSpec {
  readonly resource: string;
  readonly secretFields?: readonly string[];
}

export type DeleteSpec = CommonSpec;

/** A page of a list command, with keyword/page/pagesize/listall and the owner filters where the command has them. */
export function listTool(spec: ListSpec): ToolDeclaration {
  requireRead(spec, true);
  const local = spec.localFilters ?? [];
  const fields = {
    ...listFields(spec.command),
    ...(spec.owner === false ? {} : ownerFields(spec.command)),
    ...catalogFields(spec, 'filter', local),
    fields: fieldsSelector(),
  };
  checkFields(spec.name, spec.command, fields, ['fields', ...local]);
  return {
    name: spec.name,
    title: spec.title,
    // Paging needs no sentence: pagesize lists its default, and a page's result names the next one.
    description: spec.description,
    command: spec.command,
    input: refined(spec, z.strictObject(fields)),
    hints: READ,
    result: { kind: 'list', resource: spec.resource, ...(spec.view ? { view: spec.view } : {}) },
    toolOnlyArgs: ['fields'],
    ...(local.length > 0 ? { localFilters: local } : {}),
  };
}

/** One object by id through its list command: an unknown id is an error the agent sees, not an empty list. */
export function getTool(spec: GetSpec): ToolDeclaration {
  requireRead(spec, true);
  const fields = {
    // The id of what the tool gets (its description says so); a wrong one names the list tool (kind-get.ts).
    id: catalogField(spec.command, 'id', undefined, true),
    ...catalogFields(spec, 'filter'),
    fields: fieldsSelector(),
  };
  checkFields(spec.name, spec.command, fields, ['fields']);
  const run: WorkflowHandler = (context, _args, call) => runGet(context, call, spec);
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    command: spec.command,
    input: refined(spec, z.strictObject(fields)),
    hints: READ,
    result: { kind: 'object', resource: spec.resource },
    toolOnlyArgs: ['fields'],
    prepare: withListall,
    run,
  };
}

/** Changes one existing resource (start, attach, revert, recover). A disruptive action accepts `confirm`. */
export function actionTool(spec: ActionSpec): ToolDeclaration {
  requireRead(spec, false);
  const hints = actionHints(spec.disruptive, spec.idempotent);
  return writeDeclaration(spec, hints, spec.disruptive, spec.resource, spec.secretFields);
}

/** Makes something new; calling twice makes two. Owner fields (account, domainid) where the command has them. */
export function createTool(spec: CreateSpec): ToolDeclaration {
  requireRead(spec, false);
  return writeDeclaration({ ...spec, fields: { ...catalogFields(spec, 'argument'), ...ownerFields(spec.command) } }, CREATE, false, spec.resource, spec.secretFields);
}

/** Removes a resource: destructive, idempotent in effect (it is gone either way), answered by `{success}`. */
export function deleteTool(spec: DeleteSpec): ToolDeclaration {
  requireRead(spec, false);
  return writeDeclaration(spec, DISRUPT_IDEMPOTENT, true, undefined, undefined);
}

/** The annotations an action's two answers imply; every hint is spelled out (define.ts presets). */
export function actionHints(disruptive: boolean, idempotent: boolean): ToolHints {
  if (disruptive) return idempotent ? DISRUPT_IDEMPOTENT : DISRUPT;
  return idempotent ? CHANGE_IDEMPOTENT : { ...CHANGE_IDEMPOTENT, idempotentHint: false };
}

function writeDeclaration(
  spec: CommonSpec,
  hints: ToolHints,
  withConfirm: boolean,
  resource: string | undefined,
  secretFields: readonly string[] | undefined,
): ToolDeclaration {
  const fields = { ...catalogFields(spec, 'argument'), ...(withConfirm ? { confirm: confirm() } : {}) };
  const toolOnly = withConfirm ? ['confirm'] : [];
  checkFields(spec.name, spec.command, fields, toolOnly);
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    command: spec.command,
    input: refined(spec, z.strictObject(fields)),
    hints,
    result: resource !== undefined ? { kind: 'object', resource } : { kind: 'object' },
    ...(toolOnly.length > 0 ? { toolOnlyArgs: toolOnly } : {}),
    ...(secretFields && secretFields.length > 0 ? { secretFields } : {}),
  };
}

function refined(spec: CommonSpec, input: ToolInput): ToolInput {
  return spec.refine ? spec.refine(input) : input;
}

/** The declared fields as zod schemas: catalog fields typed by the catalog, BY_NAME ones described by the dictionary. */
function catalogFields(spec: CommonSpec, kind: FieldKind, local: readonly string[] = []): Record<string, z.ZodType> {
  const out: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(spec.fields ?? {})) {
    const fromCatalog = typeof field === 'string' || field === BY_NAME;
    if (fromCatalog && local.includes(name)) throw new Error(`tool ${spec.name}: local filter ${name} needs a schema of its own`);
    out[name] = fromCatalog ? catalogField(spec.command, name, field ?? meaningOf(kind, name)) : field;
  }
  return out;
}

/** account/domainid (the same two filters every existing tool has) where the command takes them. */
function ownerFields(command: string): Partial<typeof ownerFilters> {
  const params = commandSpec(command)?.params ?? {};
  return Object.fromEntries(Object.entries(ownerFilters).filter(([name]) => name in params)) as Partial<typeof ownerFilters>;
}

/** A read kind must send a command the catalog reads with (GET), a write kind one it changes state with. */
function requireRead(spec: CommonSpec, reads: boolean): void {
  if (!commandSpec(spec.command)) throw new Error(`tool ${spec.name}: command ${spec.command} is not in the catalog`);
  if (isReadCommand(spec.command) !== reads) {
    throw new Error(`tool ${spec.name}: ${spec.command} ${reads ? 'changes state; declare it as an action, create or delete' : 'only reads; declare it as a list or get'}`);
  }
}

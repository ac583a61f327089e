/**
 * CloudStack's own description of its commands: async or not, HTTP method, required and known parameters with
 * their types, the list key of list commands, response fields, API family.
 * Every one of CloudStack's 828 commands (catalog.json, derived from the generated code of Apache CloudStack's
 * Go SDK; rebuilt by tools/refresh-catalog.mjs): the one source the client, the tool schemas, the policy's
 * load-time checks and the simulator read these facts from.
 *
 * The file is read and parsed on first use, not imported: importing this module costs nothing, and a process
 * that never looks a command up (`--help`, `--version`) never parses the 600 kB (JSON.parse of it: 5–9 ms on an
 * idle machine of ours, several times that on a loaded one — a JSON module import pays the same at import time).
 */
import { readFileSync, statSync } from 'node:fs';

export type ParamType = 'string' | 'boolean' | 'integer' | 'long' | 'number' | 'list' | 'map' | 'uuid' | 'UUID' | string;

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

interface CatalogFile {
  readonly source: string;
  readonly commands: Readonly<Record<string, CommandSpec>>;
}

const FULL = new URL('./catalog.json', import.meta.url);
/**
 * catalog.json without the response fields, written beside the built modules by `npm run build`
 * (tools/build-cli.mjs). Two thirds of the catalog are response fields, which only the simulator's listApis reads:
 * a server parses the lean third (197 of 596 kB) and keeps 1.6 MB less heap. Used only when it is at least as new
 * as the catalog.json beside it, so a tsc run that copies a refreshed catalog is never answered from a stale one.
 */
const LEAN = new URL('./catalog-lean.json', import.meta.url);

let loaded: CatalogFile | undefined;
let full: CatalogFile | undefined;

const parse = (file: URL): CatalogFile => JSON.parse(readFileSync(file, 'utf8')) as CatalogFile;

function fullCatalog(): CatalogFile {
  full ??= parse(FULL);
  return full;
}

function leanIsCurrent(): boolean {
  const lean = statSync(LEAN, { throwIfNoEntry: false });
  return lean !== undefined && lean.mtimeMs >= statSync(FULL).mtimeMs;
}

/** The lean catalog's commands, each answering `responseFields` from the full catalog when first asked. */
function withLazyResponseFields(lean: CatalogFile): CatalogFile {
  for (const [name, spec] of Object.entries(lean.commands)) {
    Object.defineProperty(spec, 'responseFields', { enumerable: true, get: () => fullCatalog().commands[name]!.responseFields });
  }
  return lean;
}

function catalog(): CatalogFile {
  loaded ??= leanIsCurrent() ? withLazyResponseFields(parse(LEAN)) : fullCatalog();
  return loaded;
}

export function commandSpec(command: string): CommandSpec | undefined {
  const { commands } = catalog();
  return Object.hasOwn(commands, command) ? commands[command] : undefined;
}

export function knownCommands(): readonly string[] {
  return Object.keys(catalog().commands);
}

/** Where the catalog's facts come from (the SDK commit, or the management server listApis was asked). */
export function catalogSource(): string {
  return catalog().source;
}

/** The API families (`service`), each with its commands, in catalog order. */
export function commandFamilies(): ReadonlyMap<string, readonly string[]> {
  const families = new Map<string, string[]>();
  for (const [name, spec] of Object.entries(catalog().commands)) {
    const members = families.get(spec.service) ?? [];
    members.push(name);
    families.set(spec.service, members);
  }
  return families;
}

/**
 * CloudStack's `default.page.size` (500 unless an operator changed it): a list without paging returns at most
 * this many items, and a larger `pagesize` is refused with 431. The client, the tool schemas and the simulator
 * all read it from here.
 */
export const CLOUDSTACK_PAGE_SIZE = 500;

/**
 * Commands the SDK sends by GET that nevertheless change something, so they are POSTed, never retried and
 * refused under read-only:
 * - getUploadParamsFor{Iso,Template,Volume,KubernetesSupportedVersion} register a new ISO/template/volume/version
 *   (in state NotUploaded) and return the signed URL to upload its content to;
 * - getDiagnosticsData makes a system VM collect files and stores the archive on secondary storage (a job);
 * - verifyOAuthCodeAndGetUser redeems a one-time OAuth code with the provider (part of a login).
 */
const STATE_CHANGING_GETS: ReadonlySet<string> = new Set([
  'getUploadParamsForIso',
  'getUploadParamsForTemplate',
  'getUploadParamsForVolume',
  'getUploadParamsForKubernetesSupportedVersion',
  'getDiagnosticsData',
  'verifyOAuthCodeAndGetUser',
]);

/** CloudStack's naming of upload registrations, so one a later refresh adds is not taken for a read either. */
const UPLOAD_REGISTRATION = /^getUploadParamsFor[A-Z]/;
const READING_VERB = /^(list|get|query|find|is)[A-Z]/;

/**
 * Reads may be retried and are sent by GET; everything else changes state and is POSTed, never retried.
 * The catalog decides — the HTTP method CloudStack's own Go SDK uses — except for the GET commands that act
 * (above). A command missing from the catalog (a plugin's, known only from listApis) reads only when its verb
 * plainly reads; anything else is treated as a state change (fail closed). The list of reads is reviewed
 * name by name in test/unit/cloudstack/classify.test.ts, so a refresh that adds one shows up there.
 */
export function isReadCommand(command: string): boolean {
  if (STATE_CHANGING_GETS.has(command) || UPLOAD_REGISTRATION.test(command)) return false;
  const spec = commandSpec(command);
  if (spec) return spec.http === 'GET';
  return READING_VERB.test(command);
}

/**
 * What the simulator answers for catalogued commands it has no handler for, and listApis:
 * - listApis: every command the caller's role may call, from the catalog, with a short generated text (not
 *   CloudStack's descriptions), parameters with their types and whether they are required;
 * - an unmodelled list command: an empty list, `{}` (what CloudStack answers when nothing matches);
 * - any other unmodelled command: 432 naming the command as not simulated, after the same role and parameter
 *   checks as a modelled one, so a client learns everything a real server would have told it first.
 * The role rule stands in for CloudStack's default "User" role (a plausible rule, not its exact table): the
 * families that run the infrastructure are root-admin only, and so are the commands that define what tenants
 * are offered or manage other accounts.
 */
import { commandSpec, knownCommands, type ParamType } from '../../cloudstack/catalog.js';
import { isRootAdmin } from '../context.js';
import { listResponse } from '../paging.js';
import { ApiError, SERVER_API_EXCEPTION, type Json } from '../protocol.js';
import type { Account } from '../world/types.js';
import type { CommandEntry, CommandTable } from './registry.js';
import { javaClass } from './registry.js';

const ADMIN_FAMILIES: ReadonlySet<string> = new Set([
  'ASNumber', 'ASNumberRange', 'Alert', 'BGPPeer', 'Baremetal', 'BigSwitchBCF', 'BrocadeVCS', 'Certificate', 'Cloudian',
  'Cluster', 'Configuration', 'Diagnostics', 'Extension', 'GPU', 'GuestOS', 'Host', 'Hypervisor', 'IPQuarantine',
  'ImageStore', 'InfrastructureUsage', 'InternalLB', 'LDAP', 'Management', 'Metrics', 'Misc', 'Netris', 'Netscaler',
  'NetworkDevice', 'NiciraNVP', 'Nsx', 'Oauth', 'OutofbandManagement', 'OvsElement', 'Pod', 'Pool', 'PortableIP',
  'Region', 'Registration', 'Resource', 'RollingMaintenance', 'Router', 'SolidFire', 'StoragePool', 'StratosphereSSP',
  'Swift', 'SystemCapacity', 'SystemVM', 'UCS', 'Usage', 'VLAN', 'Zone',
]);

/** Commands of those families every user needs to deploy anything: zones, OS types, what the cloud offers. */
const USER_READABLE: ReadonlySet<string> = new Set([
  'listZones', 'listHypervisors', 'listOsTypes', 'listOsCategories', 'listCapabilities', 'listRegions', 'listOauthProvider',
]);

/** Defining offerings, versions, roles, limits and accounts, or moving workloads between hosts, is the operator's. */
const ADMIN_COMMANDS: readonly RegExp[] = [
  /^(create|update|delete|import)(Service|Disk|Network|VPC|Backup)Offering$/,
  /^(add|update|delete)KubernetesSupportedVersion$/,
  /^(create|update|delete|enable|disable|lock|move)(Account|User|Domain)$/,
  /^(create|update|delete|import|enable|disable)Role(Permission)?$/,
  /^quota(Credits|Update|TariffCreate|TariffUpdate|TariffDelete)$/,
  /^(updateResourceLimit|updateResourceCount|resetApiLimit|archiveEvents|deleteEvents|purgeExpungedResources)$/,
  /^(dedicate|release)(PublicIpRange|GuestVlanRange)$/,
  /^(create|update|delete)(PhysicalNetwork|VlanIpRange|StorageNetworkIpRange)$/,
  /^(add|update|delete)NetworkServiceProvider$/,
  /^(migrateVirtualMachine|migrateVirtualMachineWithVolume|expungeVirtualMachine|assignVirtualMachine|cleanVMReservations)$/,
  /^(importUnmanagedInstance|importVm|importVolume|unmanageVirtualMachine|unmanageVolume)$/,
  /^(listUnmanagedInstances|listVmsForImport|listVolumesForImport|listImportVmTasks|listDomainChildren)$/,
];

/** Whether the stand-in User role lets an ordinary account call a catalogued command the simulator does not model. */
export function userMayCall(command: string): boolean {
  const spec = commandSpec(command);
  if (!spec) return false;
  if (USER_READABLE.has(command)) return true;
  if (ADMIN_FAMILIES.has(spec.service)) return false;
  return !ADMIN_COMMANDS.some((pattern) => pattern.test(command));
}

/** Whether the caller may call a command: a modelled one by its own entry, any other by the role rule. */
export function mayCall(account: Account, command: string, table: CommandTable): boolean {
  if (isRootAdmin(account)) return true;
  const entry = table.get(command);
  return entry ? !entry.adminOnly : userMayCall(command);
}

/** `listPortForwardingRules` → "List port forwarding rules." (CloudStack's API names are verb + camel-cased object). */
function generatedDescription(command: string): string {
  const words = command.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(' ');
  const text = words.map((word, index) => (index === 0 || word.toUpperCase() !== word ? word.toLowerCase() : word)).join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** listApis spells types as CloudStack's CommandType does: entity ids are `uuid`. */
function apiParamType(name: string, type: ParamType): string {
  if (type === 'UUID' || type === 'uuid') return 'uuid';
  if (type === 'string' && name.endsWith('id') && name !== 'customid' && name !== 'externalid') return 'uuid';
  if (type === 'number') return 'double';
  return type.toLowerCase();
}

function apiEntry(command: string): Json {
  const spec = commandSpec(command)!;
  const required = new Set(spec.required);
  return {
    name: command,
    description: generatedDescription(command),
    isasync: spec.async,
    params: Object.entries(spec.params).map(([name, type]) => ({
      name,
      description: `${name} (${apiParamType(name, type)}${required.has(name) ? ', required' : ''}).`,
      type: apiParamType(name, type),
      required: required.has(name),
    })),
    response: Object.entries(spec.responseFields).map(([name, type]) => ({ name, description: `${name}.`, type })),
  };
}

const entries = new Map<string, Json>();

function listApis(account: Account, table: CommandTable, name: string | undefined): Json {
  const callable = knownCommands().filter((command) => mayCall(account, command, table));
  const wanted = name === undefined ? callable : callable.filter((command) => command === name);
  // ListApisCmd: a name the caller may not call, or none at all, is this ServerApiException.
  if (wanted.length === 0) {
    throw new ApiError(530, 'Api Discovery plugin was unable to find an api by that name or process any apis', SERVER_API_EXCEPTION);
  }
  const api = wanted.map((command) => {
    let entry = entries.get(command);
    if (!entry) entries.set(command, (entry = apiEntry(command)));
    return entry;
  });
  return { count: api.length, api };
}

/**
 * The entry for a catalogued command without a handler of its own; `undefined` for a command the catalog does
 * not know (the dispatcher answers that like an unknown command).
 */
export function fallbackEntry(command: string, table: CommandTable): CommandEntry | undefined {
  const spec = commandSpec(command);
  if (!spec) return undefined;
  const adminOnly = !userMayCall(command);
  const className = javaClass(adminOnly ? 'admin' : 'user', spec.service.toLowerCase(), `${command.charAt(0).toUpperCase()}${command.slice(1)}Cmd`);
  if (command === 'listApis') {
    return { kind: 'sync', javaClass: javaClass('user', 'discovery', 'ListApisCmd'), adminOnly: false, run: (ctx) => listApis(ctx.caller, table, ctx.params.name || undefined) };
  }
  const listKey = spec.listKey;
  if (listKey !== undefined) return { kind: 'sync', javaClass: className, adminOnly, run: (ctx) => listResponse(ctx, listKey, []) };
  return {
    kind: 'sync',
    javaClass: className,
    adminOnly,
    run: () => {
      throw new ApiError(432, `The simulator does not simulate ${command}: it is a real CloudStack command, but this stand-in only models some of them (lists it does not model answer empty)`);
    },
  };
}

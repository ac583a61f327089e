/**
 * What a command acts on, read from CloudStack's own naming in the catalog, for the commands the hand-written
 * table (resolve-table.ts) does not name. Two facts are reliable enough to act on:
 * - the command's entity: CloudStack names a command verb + entity (`unmanageVirtualMachine`, `checkVolume`,
 *   `changeOfferingForVolume`, `addNicToVirtualMachine`); that entity is named by its own id parameter
 *   (`virtualmachineid`, `volumeid` …) when the command has one, else by `id`;
 * - the parameters that name a VM: `virtualmachineid`, `virtualmachineids`, and `vmsnapshotid` (a VM snapshot
 *   belongs to one VM, and what is done to it is done to that VM's disks). The VM is what the command acts on,
 *   or, when the command's entity is another kind the policy looks up (createVolume), where it puts it.
 * Anything else the command may touch is not guessed: resolve-table.ts classifies it (fail closed).
 */
import { commandSpec, isReadCommand } from '../cloudstack/catalog.js';
import type { ResourceKind } from '../policy/resources.js';
import { byId, ids, oneOrSeveral, via, type CommandResources, type Locator } from './resolve-keys.js';
import { typedResource } from './resolve-typed.js';

/** Entity names in CloudStack's command names, and the kind each is. */
const ENTITY_NOUNS: ReadonlyArray<readonly [string, ResourceKind]> = [
  ['VirtualMachine', 'virtualmachine'],
  ['Volume', 'volume'],
  ['Snapshot', 'snapshot'],
  ['Network', 'network'],
  ['VPC', 'vpc'],
  ['Vpc', 'vpc'],
  ['Host', 'host'],
  ['StoragePool', 'storagepool'],
  ['SecurityGroup', 'securitygroup'],
  ['FirewallRule', 'firewallrule'],
  ['Template', 'template'],
  ['IpAddress', 'publicipaddress'],
];

/** The parameter other commands name an entity of each kind by (a storage pool's `storageid` is a destination). */
const OWN_PARAM: Partial<Record<ResourceKind, string>> = {
  virtualmachine: 'virtualmachineid',
  volume: 'volumeid',
  snapshot: 'snapshotid',
  network: 'networkid',
  vpc: 'vpcid',
  host: 'hostid',
  template: 'templateid',
  securitygroup: 'securitygroupid',
};

/** `deleteVolume` → volume; `resetPasswordForVirtualMachine`, `addNicToVirtualMachine` → virtualmachine. */
export function entityOf(command: string): ResourceKind | undefined {
  const rest = command.replace(/^[a-z]+/, '');
  const found = ENTITY_NOUNS.find(([noun]) => rest === noun || ['For', 'To', 'From'].some((joint) => rest.endsWith(`${joint}${noun}`)));
  return found?.[1];
}

const vmSnapshotVm = via('virtualmachine', 'VM snapshot', 'vmsnapshotid', {
  command: 'listVMSnapshot',
  params: { listall: true },
  idParam: 'vmsnapshotid',
  field: 'virtualmachineid',
});

const severalVms: Locator = { kind: 'virtualmachine', key: (params) => oneOrSeveral('virtualmachine', ids(params, 'virtualmachineids')) };

/** The VM a command names, by whichever of CloudStack's VM parameters it has. */
function vmLocator(params: Readonly<Record<string, unknown>>): Locator | undefined {
  if ('virtualmachineid' in params) return byId('virtualmachine', 'virtualmachineid');
  if ('vmsnapshotid' in params) return vmSnapshotVm;
  if ('virtualmachineids' in params) return severalVms;
  return undefined;
}

const derived = new Map<string, CommandResources | undefined>();

/** The resources of a catalogued state-changing command, derived from its name and parameters; undefined: none. */
export function derivedResources(command: string): CommandResources | undefined {
  if (derived.has(command)) return derived.get(command);
  const entry = derive(command);
  derived.set(command, entry);
  return entry;
}

function derive(command: string): CommandResources | undefined {
  const spec = commandSpec(command);
  if (!spec || isReadCommand(command)) return undefined;
  const { params } = spec;
  // Tags, details and icons name their resource by CloudStack's resource type and id.
  if ('resourcetype' in params && ('resourceid' in params || 'resourceids' in params)) return { resource: typedResource };
  const kind = entityOf(command);
  const own = kind ? OWN_PARAM[kind] : undefined;
  const entityParam = own !== undefined && own in params ? own : 'id' in params ? 'id' : undefined;
  const entity = kind && entityParam ? byId(kind, entityParam) : undefined;
  const vm = entity?.kind === 'virtualmachine' ? undefined : vmLocator(params);
  if (entity) return vm ? { resource: entity, target: vm } : { resource: entity };
  // A command of no entity the policy looks up that names a VM acts on that VM (its backups, schedules, console).
  if (vm) return kind ? { target: vm } : { resource: vm };
  return undefined;
}

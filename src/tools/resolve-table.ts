/**
 * Which parameter of a CloudStack command names the resource the call acts on, and which the place it moves or
 * puts it (a migration's host or pool, a start's host). Keyed by command, not by tool, so every tool that sends
 * the command — the generic call tool included — resolves the same resource from whichever argument names it.
 * The table below is written by hand where CloudStack's naming does not tell (resolve-derive.ts reads the rest
 * from the catalog); a state-changing command neither names is classified here: one that creates something acts
 * on nothing the policy looks up, any other is `unknown`, and a `resource.`/`target.` rule refuses it.
 */
import { commandSpec, isReadCommand } from '../cloudstack/catalog.js';
import { derivedResources } from './resolve-derive.js';
import { byId, firstOf, text, via, vmsByIds, type CommandResources, type Locator } from './resolve-keys.js';
import { typedResource } from './resolve-typed.js';

export type { CommandResources, Locator, ResourceKey } from './resolve-keys.js';

/** detachVolume names the volume by `id`, or by `virtualmachineid` + `deviceid`: both resolve to the volume. */
const detachedVolume: Locator = {
  kind: 'volume',
  key: (params) => {
    const id = text(params, 'id');
    if (id !== undefined) return { kind: 'volume', id };
    const virtualmachineid = text(params, 'virtualmachineid');
    const deviceid = params.deviceid;
    return virtualmachineid !== undefined && typeof deviceid === 'number' ? { kind: 'volume', virtualmachineid, deviceid } : undefined;
  },
};

/** A security group by id, or by name (`nameParam`) within the caller's (or a named) account. */
function securityGroup(idParam: string, nameParam: string): Locator {
  return firstOf('securitygroup', byId('securitygroup', idParam), {
    kind: 'securitygroup',
    key: (params) => {
      const securitygroupname = text(params, nameParam);
      if (securitygroupname === undefined) return undefined;
      const account = text(params, 'account');
      const domainid = text(params, 'domainid');
      return { kind: 'securitygroup', securitygroupname, ...(account ? { account } : {}), ...(domainid ? { domainid } : {}) };
    },
  });
}

const vmById = byId('virtualmachine', 'id');
const vmByVmId = byId('virtualmachine', 'virtualmachineid');

/**
 * The VM a volume is attached to (its `virtualmachineid`), read from the volume once it is resolved; a volume attached
 * to nothing has no target. Every state-changing command acting on a volume that names no other target gets it
 * (withAttachedVm below), so a rule on `target.tags.env` protects a production VM's disks however they are changed
 * (resized, snapshotted, migrated, their offering changed, detached).
 */
const attachedVm: Locator = {
  kind: 'virtualmachine',
  key: () => undefined,
  fromResource: (volume) => {
    const id = volume.fields.virtualmachineid;
    return typeof id === 'string' && id !== '' ? { kind: 'virtualmachine', id } : undefined;
  },
};
/** The VM a volume is detached from: named by the call (VM + device), or the one the volume is attached to. */
const detachedFrom: Locator = { ...vmByVmId, fromResource: attachedVm.fromResource! };
const hostTarget = byId('host', 'hostid');

/**
 * Rules name only the rule's id; the resource is what the rule belongs to, as create judged it: a port-forwarding
 * rule's public IP (and the VM it forwards to), a load balancer's public IP, an egress rule's network.
 */
const owned = (kind: Locator['kind'], what: string, command: string, field: string): Locator => via(kind, what, 'id', { command, params: { listall: true }, idParam: 'id', field });
const forwardingIp = owned('publicipaddress', 'port-forwarding rule', 'listPortForwardingRules', 'ipaddressid');
const forwardedVm = owned('virtualmachine', 'port-forwarding rule', 'listPortForwardingRules', 'virtualmachineid');
const balancerIp = owned('publicipaddress', 'load balancer rule', 'listLoadBalancerRules', 'publicipid');
const egressNetwork = owned('network', 'egress firewall rule', 'listEgressFirewallRules', 'networkid');
const firewallIp = owned('publicipaddress', 'firewall rule', 'listFirewallRules', 'ipaddressid');
/** A security group rule is found in the group that lists it (there is no list of rules by id). */
const ruleGroup: Locator = { kind: 'securitygroup', key: (params) => { const ruleid = text(params, 'id'); return ruleid === undefined ? undefined : { kind: 'securitygroup', ruleid }; } };

const TABLE: Readonly<Record<string, CommandResources>> = {
  // Virtual machines.
  startVirtualMachine: { resource: vmById, target: hostTarget },
  restoreVirtualMachine: { resource: vmByVmId },
  // The destination is a host (live migration) or, for a stopped VM, a storage pool; `target.` fields are a host's.
  migrateVirtualMachine: { resource: vmByVmId, target: { kind: 'host', key: (params) => hostTarget.key(params) ?? byId('storagepool', 'storageid').key(params) } },
  migrateVirtualMachineWithVolume: { resource: vmByVmId, target: hostTarget },
  // `id` is the ISO; the VM is the one it is attached to.
  attachIso: { resource: vmByVmId },
  detachIso: { resource: vmByVmId },
  // The `id` of these is the VM's (their names do not say so; CloudStack answers with the VM).
  updateVMAffinityGroup: { resource: vmById },
  deployVirtualMachine: { target: hostTarget },
  deployVnfAppliance: { target: hostTarget },
  importVm: { target: hostTarget },
  // A system VM is no VM listVirtualMachines finds.
  migrateSystemVm: { unknown: 'migrateSystemVm acts on a system VM, which the policy does not look up' },
  // Volumes and snapshots.
  attachVolume: { resource: byId('volume', 'id'), target: vmByVmId },
  detachVolume: { resource: detachedVolume, target: detachedFrom },
  // The target is the VM the volume is attached to (withAttachedVm), not the destination pool: a policy has one
  // target per call, and a production VM's disk moved is what `target.tags.env` must catch.
  migrateVolume: { resource: byId('volume', 'volumeid') },
  createSnapshot: { resource: byId('volume', 'volumeid') },
  // Networks, addresses, rules.
  createEgressFirewallRule: { resource: byId('network', 'networkid') },
  deleteEgressFirewallRule: { resource: egressNetwork },
  updateEgressFirewallRule: { resource: egressNetwork },
  createFirewallRule: { resource: byId('publicipaddress', 'ipaddressid') },
  createPortForwardingRule: { resource: byId('publicipaddress', 'ipaddressid'), target: vmByVmId },
  deletePortForwardingRule: { resource: forwardingIp, target: forwardedVm },
  updatePortForwardingRule: { resource: forwardingIp, target: firstOf('virtualmachine', vmByVmId, forwardedVm) },
  deleteLoadBalancerRule: { resource: balancerIp },
  updateLoadBalancerRule: { resource: balancerIp },
  assignToLoadBalancerRule: { resource: balancerIp, target: vmsByIds },
  removeFromLoadBalancerRule: { resource: balancerIp, target: vmsByIds },
  enableStaticNat: { resource: byId('publicipaddress', 'ipaddressid'), target: vmByVmId },
  disableStaticNat: { resource: byId('publicipaddress', 'ipaddressid') },
  // Ingress rules, judged on their public IP as createFirewallRule is (egress rules are listed by another command,
  // listEgressFirewallRules: an egress rule's id is found by neither, and the call is refused as naming nothing).
  deleteFirewallRule: { resource: firewallIp },
  updateFirewallRule: { resource: firewallIp },
  authorizeSecurityGroupIngress: { resource: securityGroup('securitygroupid', 'securitygroupname') },
  authorizeSecurityGroupEgress: { resource: securityGroup('securitygroupid', 'securitygroupname') },
  revokeSecurityGroupIngress: { resource: ruleGroup },
  revokeSecurityGroupEgress: { resource: ruleGroup },
  deleteSecurityGroup: { resource: securityGroup('id', 'name') },
  // A key pair is no resource the policy looks up, and deleting one changes no VM (each keeps its key).
  deleteSSHKeyPair: {},
  // Tags.
  createTags: { resource: typedResource },
  deleteTags: { resource: typedResource },
  // Infrastructure whose commands' names do not say the entity (CloudStack answers with the host or pool).
  prepareHostForMaintenance: { resource: byId('host', 'id') },
  cancelHostMaintenance: { resource: byId('host', 'id') },
  cancelHostAsDegraded: { resource: byId('host', 'id') },
  declareHostAsDegraded: { resource: byId('host', 'id') },
  enableStorageMaintenance: { resource: byId('storagepool', 'id') },
  cancelStorageMaintenance: { resource: byId('storagepool', 'id') },
  updateStorageCapabilities: { resource: byId('storagepool', 'id') },
};

/**
 * Verbs of commands that make something new: their ids name where or from what (a zone, an offering, a
 * template), not something they change. One that takes an `id` acts on that thing, whatever its verb.
 */
const CREATING = /^(create|deploy|register|add|associate|import|upload|acquire|generate|getUploadParamsFor)[A-Z]/;

/** How CloudStack names its commands; a tool of ours that sends none (`(local) get_approval`) acts on nothing. */
const COMMAND_NAME = /^[a-z][A-Za-z0-9]*$/;

/** A state-changing command the table and the catalog's naming leave without a resource: nothing, or unknown. */
function classified(command: string): CommandResources {
  if (!COMMAND_NAME.test(command) || isReadCommand(command)) return {};
  const spec = commandSpec(command);
  if (!spec) return { unknown: `${command} is not in CloudStack's API catalog, so the policy cannot tell what it acts on` };
  if (CREATING.test(command) && !('id' in spec.params) && !('ids' in spec.params)) return {};
  return { unknown: `the policy cannot look up what ${command} acts on` };
}

const NOTHING: CommandResources = Object.freeze({});
const classes = new Map<string, CommandResources>();

/** A state-changing command on a volume that names no other target acts also on the VM the volume is attached to. */
function withAttachedVm(command: string, entry: CommandResources): CommandResources {
  if (entry.resource?.kind !== 'volume' || entry.target !== undefined || isReadCommand(command)) return entry;
  return { ...entry, target: attachedVm };
}

const TABLED = new Map(Object.entries(TABLE).map(([command, entry]) => [command, withAttachedVm(command, entry)]));

/** The resource and target locators of a command; without either, whether the policy can know it acts on nothing. */
export function commandResources(command: string): CommandResources {
  const tabled = TABLED.get(command);
  if (tabled) return tabled;
  let entry = classes.get(command);
  if (!entry) {
    const derived = derivedResources(command);
    entry = derived ? withAttachedVm(command, derived) : classified(command);
    if (entry.resource === undefined && entry.target === undefined && entry.unknown === undefined) entry = NOTHING;
    // Only catalogued names are kept: the generic tool may be asked for any text.
    if (commandSpec(command)) classes.set(command, entry);
  }
  return entry;
}

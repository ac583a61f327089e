/**
 * Which parameter of a CloudStack command names the resource the call acts on, and which the place it moves or
 * puts it (a migration's host or pool, a start's host). Keyed by command, not by tool, so every tool that sends
 * the command — the generic call tool included — resolves the same resource from whichever argument names it.
 */
import type { CloudStackParams } from '../cloudstack/params.js';
import type { ResolvedResource, ResourceKind } from '../policy/resources.js';

/**
 * How to find one resource: by id; a volume by the VM it is attached to and its device number; a security group by
 * its name (unique per account).
 */
export type ResourceKey =
  | { readonly kind: ResourceKind; readonly id: string }
  | { readonly kind: 'volume'; readonly virtualmachineid: string; readonly deviceid: number }
  | { readonly kind: 'securitygroup'; readonly securitygroupname: string; readonly account?: string; readonly domainid?: string }
  /** Several resources in one call (tags on many VMs): the resolver checks one per call and refuses to guess. */
  | { readonly kind: ResourceKind; readonly several: readonly string[] };

export interface Locator {
  readonly kind: ResourceKind;
  /** The key from the canonical parameters; undefined when the call names no such resource. */
  readonly key: (params: CloudStackParams) => ResourceKey | undefined;
  /**
   * When the parameters do not name it: the key read from the resolved resource (a detached volume's VM), so the
   * target is looked up after the resource.
   */
  readonly fromResource?: (resource: ResolvedResource) => ResourceKey | undefined;
}

export interface CommandResources {
  readonly resource?: Locator;
  readonly target?: Locator;
}

function text(params: CloudStackParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The resource named by one id parameter. */
function byId(kind: ResourceKind, name: string): Locator {
  return { kind, key: (params) => { const id = text(params, name); return id === undefined ? undefined : { kind, id }; } };
}

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

/** authorizeSecurityGroupIngress/Egress take the group by id, or by name within the caller's (or a named) account. */
const securityGroup: Locator = {
  kind: 'securitygroup',
  key: (params) => {
    const byIdKey = byId('securitygroup', 'securitygroupid').key(params);
    if (byIdKey) return byIdKey;
    const securitygroupname = text(params, 'securitygroupname');
    if (securitygroupname === undefined) return undefined;
    const account = text(params, 'account');
    const domainid = text(params, 'domainid');
    return { kind: 'securitygroup', securitygroupname, ...(account ? { account } : {}), ...(domainid ? { domainid } : {}) };
  },
};

/** CloudStack's ResourceObjectType names of the kinds the resolver can look up. */
const TAGGED_KINDS: Readonly<Record<string, ResourceKind>> = {
  UserVm: 'virtualmachine',
  Volume: 'volume',
  Snapshot: 'snapshot',
  Network: 'network',
  Vpc: 'vpc',
  PublicIpAddress: 'publicipaddress',
  FirewallRule: 'firewallrule',
  SecurityGroup: 'securitygroup',
  Template: 'template',
};

/**
 * createTags/deleteTags change the very tags a policy protects by (`resource.tags.env`), so they resolve the tagged
 * resource like any other call: removing env=prod from a production VM is judged on that VM.
 */
const taggedResource: Locator = {
  kind: 'virtualmachine',
  key: (params) => {
    const type = text(params, 'resourcetype');
    const kind = type !== undefined && Object.hasOwn(TAGGED_KINDS, type) ? TAGGED_KINDS[type]! : undefined;
    const ids = Array.isArray(params.resourceids) ? params.resourceids.filter((id): id is string => typeof id === 'string') : [];
    if (!kind || ids.length === 0) return undefined;
    return ids.length === 1 ? { kind, id: ids[0]! } : { kind, several: ids };
  },
};

const vmById = byId('virtualmachine', 'id');
const vmByVmId = byId('virtualmachine', 'virtualmachineid');

/**
 * The VM a volume is detached from: named by the call (VM + device), or the one the volume is attached to. A rule
 * on `target.tags.env` then protects a production VM's disks however the volume is named.
 */
const detachedFrom: Locator = {
  ...vmByVmId,
  fromResource: (volume) => {
    const id = volume.fields.virtualmachineid;
    return typeof id === 'string' && id !== '' ? { kind: 'virtualmachine', id } : undefined;
  },
};
const hostTarget = byId('host', 'hostid');

const TABLE: Readonly<Record<string, CommandResources>> = {
  // Virtual machines.
  startVirtualMachine: { resource: vmById, target: hostTarget },
  stopVirtualMachine: { resource: vmById },
  rebootVirtualMachine: { resource: vmById },
  destroyVirtualMachine: { resource: vmById },
  expungeVirtualMachine: { resource: vmById },
  recoverVirtualMachine: { resource: vmById },
  scaleVirtualMachine: { resource: vmById },
  changeServiceForVirtualMachine: { resource: vmById },
  resetPasswordForVirtualMachine: { resource: vmById },
  resetSSHKeyForVirtualMachine: { resource: vmById },
  updateVirtualMachine: { resource: vmById },
  restoreVirtualMachine: { resource: vmByVmId },
  // The destination is a host (live migration) or, for a stopped VM, a storage pool; `target.` fields are a host's.
  migrateVirtualMachine: { resource: vmByVmId, target: { kind: 'host', key: (params) => hostTarget.key(params) ?? byId('storagepool', 'storageid').key(params) } },
  migrateVirtualMachineWithVolume: { resource: vmByVmId, target: hostTarget },
  addNicToVirtualMachine: { resource: vmByVmId },
  createVMSnapshot: { resource: vmByVmId },
  attachIso: { resource: vmByVmId },
  detachIso: { resource: vmByVmId },
  removeNicFromVirtualMachine: { resource: vmByVmId },
  deployVirtualMachine: { target: hostTarget },
  // Volumes and snapshots.
  attachVolume: { resource: byId('volume', 'id'), target: vmByVmId },
  detachVolume: { resource: detachedVolume, target: detachedFrom },
  resizeVolume: { resource: byId('volume', 'id') },
  deleteVolume: { resource: byId('volume', 'id') },
  migrateVolume: { resource: byId('volume', 'volumeid'), target: byId('storagepool', 'storageid') },
  createSnapshot: { resource: byId('volume', 'volumeid') },
  deleteSnapshot: { resource: byId('snapshot', 'id') },
  revertSnapshot: { resource: byId('snapshot', 'id') },
  // Networks, addresses, rules.
  deleteNetwork: { resource: byId('network', 'id') },
  updateNetwork: { resource: byId('network', 'id') },
  restartNetwork: { resource: byId('network', 'id') },
  createEgressFirewallRule: { resource: byId('network', 'networkid') },
  createFirewallRule: { resource: byId('publicipaddress', 'ipaddressid') },
  createPortForwardingRule: { resource: byId('publicipaddress', 'ipaddressid'), target: vmByVmId },
  enableStaticNat: { resource: byId('publicipaddress', 'ipaddressid'), target: vmByVmId },
  disableStaticNat: { resource: byId('publicipaddress', 'ipaddressid') },
  disassociateIpAddress: { resource: byId('publicipaddress', 'id') },
  // Ingress rules only: egress rules are listed by another command (listEgressFirewallRules), not by this kind's lookup.
  deleteFirewallRule: { resource: byId('firewallrule', 'id') },
  authorizeSecurityGroupIngress: { resource: securityGroup },
  authorizeSecurityGroupEgress: { resource: securityGroup },
  deleteSecurityGroup: { resource: byId('securitygroup', 'id') },
  deleteVPC: { resource: byId('vpc', 'id') },
  updateVPC: { resource: byId('vpc', 'id') },
  restartVPC: { resource: byId('vpc', 'id') },
  // Tags.
  createTags: { resource: taggedResource },
  deleteTags: { resource: taggedResource },
  // Infrastructure.
  prepareHostForMaintenance: { resource: byId('host', 'id') },
  cancelHostMaintenance: { resource: byId('host', 'id') },
  deleteHost: { resource: byId('host', 'id') },
  deleteStoragePool: { resource: byId('storagepool', 'id') },
  deleteTemplate: { resource: byId('template', 'id') },
  updateTemplate: { resource: byId('template', 'id') },
};

/** The resource and target parameters of a command; empty for a command that acts on nothing known. */
export function commandResources(command: string): CommandResources {
  return Object.hasOwn(TABLE, command) ? TABLE[command]! : {};
}

/**
 * The fields of each resource kind a policy may test as `resource.<field>` or `target.<field>`, checked at load
 * time. The resolver (src/tools/resolve.ts) returns exactly these, read from CloudStack's own answer; `tags` is a
 * map (`resource.tags.env`), every other field a scalar. Ids are lower-case.
 */
import type { ResourceKind } from './resources.js';

/** What every resource has: who owns it, where it is, what it is called, how it is tagged. */
const COMMON = ['id', 'name', 'state', 'account', 'domain', 'domainid', 'zoneid', 'zonename', 'tags'] as const;

export const RESOURCE_FIELDS: Readonly<Record<ResourceKind, readonly string[]>> = {
  virtualmachine: [...COMMON, 'hostid', 'hostname', 'serviceofferingid', 'serviceofferingname', 'templateid', 'haenable', 'deleteprotection', 'hypervisor'],
  volume: [...COMMON, 'type', 'virtualmachineid', 'vmname', 'deviceid', 'size', 'storageid', 'storage', 'deleteprotection'],
  snapshot: [...COMMON, 'volumeid', 'volumename', 'snapshottype', 'intervaltype'],
  network: [...COMMON, 'type', 'cidr', 'vpcid', 'networkofferingid', 'ispersistent'],
  publicipaddress: [...COMMON, 'ipaddress', 'issourcenat', 'isstaticnat', 'virtualmachineid', 'associatednetworkid', 'vpcid'],
  host: [...COMMON, 'type', 'resourcestate', 'clusterid', 'clustername', 'podid', 'hypervisor', 'hosttags'],
  storagepool: [...COMMON, 'type', 'scope', 'clusterid', 'podid', 'storagetags'],
  securitygroup: [...COMMON, 'description'],
  firewallrule: [...COMMON, 'protocol', 'startport', 'endport', 'cidrlist', 'ipaddressid', 'ipaddress', 'networkid'],
  vpc: [...COMMON, 'cidr', 'vpcofferingid'],
  template: [...COMMON, 'templatetype', 'ispublic', 'isfeatured', 'ostypeid', 'format'],
};

export function isResourceField(kind: ResourceKind, path: string): boolean {
  const [field, ...rest] = path.split('.');
  if (field === undefined || !RESOURCE_FIELDS[kind].includes(field)) return false;
  // `tags.<key>` names one tag; no other field has sub-fields.
  return field === 'tags' ? rest.length <= 1 : rest.length === 0;
}

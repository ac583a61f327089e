/**
 * A resource as CloudStack lists it, reduced to the fields a policy may test (RESOURCE_FIELDS): ids lower-case,
 * CloudStack's `tags: [{key, value}]` as `{key: value}`. And the one list command that finds each kind by id.
 */
import type { JsonObject } from '../cloudstack/api.js';
import type { CloudStackParams } from '../cloudstack/params.js';
import { RESOURCE_FIELDS } from '../policy/resource-fields.js';
import type { ResolvedResource, ResourceKind } from '../policy/resources.js';
import { canonicalId } from './canonical-value.js';

/** listall=true: an admin's id alone identifies a resource of any account, as the call itself will. */
export const LOOKUP: Readonly<Record<ResourceKind, { readonly command: string; readonly params: CloudStackParams }>> = {
  virtualmachine: { command: 'listVirtualMachines', params: { listall: true } },
  volume: { command: 'listVolumes', params: { listall: true } },
  snapshot: { command: 'listSnapshots', params: { listall: true } },
  network: { command: 'listNetworks', params: { listall: true } },
  publicipaddress: { command: 'listPublicIpAddresses', params: { listall: true } },
  host: { command: 'listHosts', params: {} },
  storagepool: { command: 'listStoragePools', params: {} },
  securitygroup: { command: 'listSecurityGroups', params: { listall: true } },
  firewallrule: { command: 'listFirewallRules', params: { listall: true } },
  vpc: { command: 'listVPCs', params: { listall: true } },
  template: { command: 'listTemplates', params: { listall: true, templatefilter: 'all' } },
};

function tagMap(value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!Array.isArray(value)) return tags;
  for (const tag of value) {
    if (typeof tag === 'object' && tag !== null && typeof tag.key === 'string') tags[tag.key] = String(tag.value ?? '');
  }
  return tags;
}

/** Fields holding ids: lower-cased like every id the policy compares. */
function isIdField(field: string): boolean {
  return field === 'id' || field.endsWith('id');
}

/**
 * Storage pools report their storage tags as a text `tags` (not resource tags) in some versions; that text is
 * `storagetags`, and resource tags stay a map.
 */
function fieldValue(kind: ResourceKind, field: string, item: JsonObject): unknown {
  if (field === 'tags') return tagMap(item.tags);
  if (kind === 'storagepool' && field === 'storagetags') return item.storagetags ?? (typeof item.tags === 'string' ? item.tags : undefined);
  const value = item[field];
  return typeof value === 'string' && isIdField(field) ? canonicalId(value) : value;
}

export function toResolved(kind: ResourceKind, item: JsonObject): ResolvedResource {
  const fields: Record<string, unknown> = {};
  for (const field of RESOURCE_FIELDS[kind]) {
    const value = fieldValue(kind, field, item);
    if (value !== undefined && value !== null) fields[field] = value;
  }
  return { kind, id: canonicalId(String(item.id ?? '')), fields };
}

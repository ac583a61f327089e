/**
 * One lookup of a resource key in CloudStack: a list by id (`listall=true`), a volume by VM and device, a security
 * group by name or by one of its rules, an owner through something of its own. A resource that does not exist is
 * `null`; a read that fails throws (the gate refuses the call).
 */
import type { CloudStackApi, JsonObject } from '../cloudstack/api.js';
import { CloudStackApiError } from '../cloudstack/errors.js';
import type { ResolvedResource } from '../policy/resources.js';
import { canonicalId } from './canonical-value.js';
import { LOOKUP, toResolved } from './resolve-fields.js';
import type { ResourceKey, Via } from './resolve-keys.js';

/** A security group's rules are searched in at most this many groups (listSecurityGroups has no rule filter). */
const MAX_GROUPS_SEARCHED = 5_000;

/** CloudStack answers a list by an unknown id with 431 "... entity does not exist ..." rather than an empty list. */
function isUnknownEntity(error: unknown): boolean {
  return error instanceof CloudStackApiError && error.errorCode === 431 && /entity does not exist/i.test(error.errorText);
}

type Options = { signal?: AbortSignal };

async function byId(api: CloudStackApi, kind: ResolvedResource['kind'], id: string, options: Options): Promise<ResolvedResource | null> {
  const lookup = LOOKUP[kind];
  const page = await api.list(lookup.command, { ...lookup.params, id }, options);
  const item = page.items.find((candidate) => canonicalId(String(candidate.id)) === id);
  return item ? toResolved(kind, item) : null;
}

/** The owner of what the call names: the thing itself must exist, and must name its owner. */
async function throughOwner(api: CloudStackApi, kind: ResolvedResource['kind'], via: Via, options: Options): Promise<ResolvedResource | null> {
  const page = await api.list(via.command, { ...via.params, [via.idParam]: via.id }, options);
  const item = page.items.find((candidate) => canonicalId(String(candidate.id)) === via.id);
  if (!item) return null;
  const owner = item[via.field];
  // Fail closed: a rule on the owner cannot be checked if CloudStack does not say which it is.
  if (typeof owner !== 'string' || owner === '') throw new Error(`CloudStack names no ${kind} for ${via.what} ${via.id}`);
  return byId(api, kind, canonicalId(owner), options);
}

function holdsRule(group: JsonObject, ruleid: string): boolean {
  return ['ingressrule', 'egressrule'].some((field) => {
    const rules = group[field];
    return Array.isArray(rules) && rules.some((rule: JsonObject) => typeof rule.ruleid === 'string' && canonicalId(rule.ruleid) === ruleid);
  });
}

/** revokeSecurityGroupIngress/Egress name only the rule: its group is the one listing it. */
async function groupOfRule(api: CloudStackApi, ruleid: string, options: Options): Promise<ResolvedResource | null> {
  const page = await api.listAll('listSecurityGroups', { listall: true }, { ...options, maxItems: MAX_GROUPS_SEARCHED });
  const group = page.items.find((candidate) => holdsRule(candidate, ruleid));
  if (group) return toResolved('securitygroup', group);
  if (page.count > page.items.length) throw new Error(`security group rule ${ruleid} was not among the first ${page.items.length} of ${page.count} security groups`);
  return null;
}

export async function fetchResource(api: CloudStackApi, key: ResourceKey, signal?: AbortSignal): Promise<ResolvedResource | null> {
  const options: Options = signal ? { signal } : {};
  if ('several' in key) {
    // Fail closed: a rule about "the" resource cannot be checked on one of several and waved through for the rest.
    throw new Error(`the call names ${key.several.length} ${key.kind} resources; a rule on its resource checks one per call, so name one at a time`);
  }
  try {
    if ('id' in key) return await byId(api, key.kind, key.id, options);
    if ('via' in key) return await throughOwner(api, key.kind, key.via, options);
    if ('ruleid' in key) return await groupOfRule(api, key.ruleid, options);
    if ('deviceid' in key) {
      const page = await api.list('listVolumes', { listall: true, virtualmachineid: key.virtualmachineid }, options);
      const item = page.items.find((volume: JsonObject) => Number(volume.deviceid) === key.deviceid);
      return item ? toResolved('volume', item) : null;
    }
    // Without an account, the name is the caller's own group (listall would match other accounts' groups too).
    const { securitygroupname, account, domainid } = key;
    const page = await api.list('listSecurityGroups', { securitygroupname, ...(account ? { account } : {}), ...(domainid ? { domainid } : {}) }, options);
    const item = page.items.find((group: JsonObject) => group.name === securitygroupname);
    return item ? toResolved('securitygroup', item) : null;
  } catch (error) {
    if (isUnknownEntity(error)) return null;
    throw error;
  }
}

/** The key's name in the resource cache; each id it holds is a `:`-separated part, so invalidation finds it. */
export function cacheKey(key: ResourceKey): string {
  if ('id' in key) return `${key.kind}:${key.id}`;
  if ('several' in key) return `${key.kind}:${key.several.join(',')}`;
  if ('via' in key) return `${key.kind}:via ${key.via.what}:${key.via.id}`;
  if ('ruleid' in key) return `securitygroup-rule:${key.ruleid}`;
  if ('deviceid' in key) return `volume:${key.virtualmachineid}:${key.deviceid}`;
  return `securitygroup-name:${key.domainid ?? ''}:${key.account ?? ''}:${key.securitygroupname}`;
}

/**
 * The live state of what a call acts on, for `resource.`/`target.` conditions: one CloudStack read per resource,
 * only when the gate asks (lazy), shared through a short-lived cache and dropped after any state-changing call on
 * that resource. A resource the call names that does not exist is `null`, one it does not name `undefined`; a read
 * that fails throws, and the gate refuses.
 */
import { LRUCache } from 'lru-cache';
import type { CloudStackApi, JsonObject } from '../cloudstack/api.js';
import { CloudStackApiError } from '../cloudstack/errors.js';
import type { CloudStackParams } from '../cloudstack/params.js';
import type { ResolvedResource, ResourceResolver } from '../policy/resources.js';
import { canonicalId } from './canonical-value.js';
import { LOOKUP, toResolved } from './resolve-fields.js';
import { commandResources, type Locator, type ResourceKey } from './resolve-table.js';

/** Long enough for a burst of calls on one VM to share a read, short enough that a decision sees recent state. */
export const RESOURCE_TTL_MS = 5_000;
const MAX_CACHED = 2_000;

interface Cached {
  readonly resource: ResolvedResource | null;
}

export interface ResourceCache {
  get(key: string): Cached | undefined;
  set(key: string, value: Cached): void;
  /** Drops every entry that is, or belongs to (a VM's volumes), one of these ids. */
  invalidate(ids: ReadonlySet<string>): void;
}

export function createResourceCache(ttlMs = RESOURCE_TTL_MS): ResourceCache {
  const cache = new LRUCache<string, Cached>({ max: MAX_CACHED, ttl: ttlMs });
  return {
    get: (key) => cache.get(key),
    set: (key, value) => void cache.set(key, value),
    invalidate(ids) {
      if (ids.size === 0) return;
      for (const [key, { resource }] of cache.entries()) {
        const owner = resource?.fields.virtualmachineid;
        if (key.split(':').some((part) => ids.has(part)) || (resource && ids.has(resource.id)) || (typeof owner === 'string' && ids.has(owner))) {
          cache.delete(key);
        }
      }
    },
  };
}

function cacheKey(key: ResourceKey): string {
  if ('id' in key) return `${key.kind}:${key.id}`;
  if ('several' in key) return `${key.kind}:${key.several.join(',')}`;
  if ('deviceid' in key) return `volume:${key.virtualmachineid}:${key.deviceid}`;
  return `securitygroup-name:${key.domainid ?? ''}:${key.account ?? ''}:${key.securitygroupname}`;
}

/** CloudStack answers a list by an unknown id with 431 "... entity does not exist ..." rather than an empty list. */
function isUnknownEntity(error: unknown): boolean {
  return error instanceof CloudStackApiError && error.errorCode === 431 && /entity does not exist/i.test(error.errorText);
}

async function fetchResource(api: CloudStackApi, key: ResourceKey, signal?: AbortSignal): Promise<ResolvedResource | null> {
  const options = signal ? { signal } : {};
  if ('several' in key) {
    // Fail closed: a rule about "the" resource cannot be checked on one of several and waved through for the rest.
    throw new Error(`the call names ${key.several.length} ${key.kind} resources; a rule on its resource checks one per call, so name one at a time`);
  }
  try {
    if ('id' in key) {
      const lookup = LOOKUP[key.kind];
      const page = await api.list(lookup.command, { ...lookup.params, id: key.id }, options);
      const item = page.items.find((candidate) => canonicalId(String(candidate.id)) === key.id);
      return item ? toResolved(key.kind, item) : null;
    }
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

export interface CallResolver extends ResourceResolver {
  /** The ids this call names or resolved, for dropping their cache entries after a state-changing call. */
  touchedIds(): ReadonlySet<string>;
}

/**
 * The resolver of one canonical call. Each of resource()/target() reads CloudStack at most once per call (and not
 * at all within the cache's TTL).
 */
export function createResolver(api: CloudStackApi, call: { readonly command: string; readonly params: CloudStackParams }, cache: ResourceCache, signal?: AbortSignal): CallResolver {
  const { resource, target } = commandResources(call.command);
  const touched = new Set<string>();
  const resolve = (locator: Locator | undefined, after?: () => Promise<ResolvedResource | null | undefined>): (() => Promise<ResolvedResource | null | undefined>) => {
    let pending: Promise<ResolvedResource | null | undefined> | undefined;
    return () => {
      pending ??= (async () => {
        let key = locator?.key(call.params);
        if (!key && locator?.fromResource && after) {
          const resource = await after();
          key = resource ? locator.fromResource(resource) : undefined;
        }
        // The call names no such resource (a migration that lets CloudStack pick the host): nothing to look up.
        if (!key) return undefined;
        const name = cacheKey(key);
        const cached = cache.get(name);
        const found = cached ? cached.resource : await fetchResource(api, key, signal);
        if (!cached) cache.set(name, { resource: found });
        if (found) touched.add(found.id);
        return found;
      })();
      return pending;
    };
  };
  const refs = [resource, target].map((locator) => {
    const key = locator?.key(call.params);
    if (key && 'deviceid' in key) touched.add(key.virtualmachineid);
    if (key && 'several' in key) for (const id of key.several) touched.add(id);
    if (!key || !('id' in key)) return undefined;
    touched.add(key.id);
    return { kind: key.kind, id: key.id };
  });
  const [resourceRef, targetRef] = refs;
  const resolveResource = resolve(resource);
  return {
    resource: resolveResource,
    target: resolve(target, resolveResource),
    ...(resourceRef ? { resourceRef } : {}),
    ...(targetRef ? { targetRef } : {}),
    touchedIds: () => touched,
  };
}

/** Whether the command acts on a resource or target the resolver knows (otherwise PolicyCall.resources is absent). */
export function hasResources(command: string): boolean {
  const entry = commandResources(command);
  return entry.resource !== undefined || entry.target !== undefined;
}

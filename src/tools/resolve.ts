/**
 * The live state of what a call acts on, for `resource.`/`target.` conditions: one CloudStack read per resource,
 * only when the gate asks (lazy), shared through a short-lived cache and dropped after any state-changing call on
 * that resource. A resource the call names that does not exist is `null`, one it does not name `undefined`; a read
 * that fails throws, and the gate refuses.
 */
import { LRUCache } from 'lru-cache';
import type { CloudStackApi } from '../cloudstack/api.js';
import type { CloudStackParams } from '../cloudstack/params.js';
import type { ResolvedResource, ResourceResolver } from '../policy/resources.js';
import { cacheKey, fetchResource } from './resolve-fetch.js';
import type { CommandResources, Locator, ResourceKey } from './resolve-keys.js';
import { commandResources } from './resolve-table.js';

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

export interface CallResolver extends ResourceResolver {
  /** The ids this call names or resolved, for dropping their cache entries after a state-changing call. */
  touchedIds(): ReadonlySet<string>;
}

/**
 * The resolver of one canonical call. Each of resource()/target() reads CloudStack at most once per call (and not
 * at all within the cache's TTL).
 */
export function createResolver(api: CloudStackApi, call: { readonly command: string; readonly params: CloudStackParams }, cache: ResourceCache, signal?: AbortSignal): CallResolver {
  const { resource, target, unknown } = commandResources(call.command);
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
  const keys = [resource, target].map((locator) => locator?.key(call.params));
  const refs = keys.map((key) => {
    if (key && 'deviceid' in key) touched.add(key.virtualmachineid);
    if (key && 'several' in key) for (const id of key.several) touched.add(id);
    if (key && 'via' in key) touched.add(key.via.id);
    if (key && 'ruleid' in key) touched.add(key.ruleid);
    if (!key || !('id' in key)) return undefined;
    touched.add(key.id);
    return { kind: key.kind, id: key.id };
  });
  const [resourceRef, targetRef] = refs;
  const resolveResource = resolve(resource);
  const whyUnknown = unknownParts(call, { resource, target, unknown }, keys[0]);
  return {
    resource: resolveResource,
    target: resolve(target, resolveResource),
    ...(resourceRef ? { resourceRef } : {}),
    ...(targetRef ? { targetRef } : {}),
    ...(whyUnknown ? { unknown: whyUnknown } : {}),
    touchedIds: () => touched,
  };
}

/**
 * What the policy cannot know of this call: everything, for a command it cannot look up; the resource, when the
 * command has one but this call names it by no parameter the table reads (a tag on a LoadBalancer, a backup
 * schedule by its own id). A target the call does not name is no target (CloudStack picks the host).
 */
function unknownParts(call: { readonly command: string; readonly params: CloudStackParams }, entry: CommandResources, key: ResourceKey | undefined): { resource?: string; target?: string } | undefined {
  if (entry.unknown !== undefined) return { resource: entry.unknown, target: entry.unknown };
  if (!entry.resource || key) return undefined;
  return { resource: entry.resource.unknownWhy?.(call.params) ?? `this ${call.command} call names its ${entry.resource.kind} by no parameter the policy reads` };
}

/**
 * Whether the call needs a resolver: the command acts on a resource or target the resolver knows, or on one it
 * cannot know (the resolver then says so). Otherwise PolicyCall.resources is absent: the call acts on nothing.
 */
export function hasResources(command: string): boolean {
  const entry = commandResources(command);
  return entry.resource !== undefined || entry.target !== undefined || entry.unknown !== undefined;
}

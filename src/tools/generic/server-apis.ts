/**
 * What the management server itself says about its commands: listApis, asked once per CloudStack client and kept
 * for a while (lru-cache, by client). It answers only with the commands the caller's role may call, so a
 * command of the catalog it does not list is one this account cannot use; its descriptions are CloudStack's own.
 * A failed listApis (an old server, a role without it, a network error) is remembered briefly too, so a search
 * never waits on a broken listApis twice in a row; search then works from the catalog alone and says so.
 */
import { LRUCache } from 'lru-cache';
import type { CloudStackApi } from '../../cloudstack/api.js';
import { isCloudStackError } from '../../cloudstack/errors.js';

export interface ServerParam {
  readonly name: string;
  readonly description?: string;
  readonly type?: string;
  readonly required?: boolean;
}

export interface ServerApi {
  readonly name: string;
  readonly description?: string;
  readonly isasync?: boolean;
  readonly params: readonly ServerParam[];
}

export type ServerApis =
  | { readonly available: true; readonly apis: ReadonlyMap<string, ServerApi> }
  | { readonly available: false; readonly reason: string };

/** How long a listing is trusted: roles and plugins change rarely, and a search is not worth a 2 MB answer each time. */
const LISTING_TTL_MS = 15 * 60_000;
const FAILURE_TTL_MS = 60_000;

const listings = new LRUCache<CloudStackApi, ServerApis>({ max: 32, ttl: LISTING_TTL_MS });

function asServerApi(raw: Record<string, unknown>): ServerApi | undefined {
  if (typeof raw.name !== 'string') return undefined;
  const params = Array.isArray(raw.params) ? raw.params.filter((param): param is ServerParam => typeof param?.name === 'string') : [];
  return {
    name: raw.name,
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    ...(typeof raw.isasync === 'boolean' ? { isasync: raw.isasync } : {}),
    params,
  };
}

export async function serverApis(api: CloudStackApi, signal: AbortSignal): Promise<ServerApis> {
  const cached = listings.get(api);
  if (cached) return cached;
  let listing: ServerApis;
  try {
    const page = await api.list('listApis', {}, { signal });
    const apis = new Map<string, ServerApi>();
    for (const item of page.items) {
      const entry = asServerApi(item);
      if (entry) apis.set(entry.name, entry);
    }
    listing = apis.size > 0 ? { available: true, apis } : { available: false, reason: 'listApis listed no command' };
  } catch (error) {
    if (signal.aborted) throw error;
    const reason = isCloudStackError(error) ? error.message : 'listApis failed';
    listing = { available: false, reason };
    listings.set(api, listing, { ttl: FAILURE_TTL_MS });
    return listing;
  }
  listings.set(api, listing);
  return listing;
}

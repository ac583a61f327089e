/**
 * What a command handler gets: the caller, the decoded parameters (names lower-cased, as the management
 * server matches them), the world and the clock — plus the lookups every handler needs, so each handler is
 * only its own rule.
 */
import { ApiError, invalidId } from './protocol.js';
import type { Account, Owned, World } from './world/types.js';
import type { CloudEvent } from './world/types-tenants.js';

export interface CommandContext {
  /** The command name as the catalog spells it. */
  readonly command: string;
  /** Parameter values by lower-cased name. */
  readonly params: Readonly<Record<string, string>>;
  readonly caller: Account;
  readonly world: World;
  readonly now: Date;
  readonly nextId: () => string;
}

export function isRootAdmin(account: Account): boolean {
  return account.accounttype === 1;
}

export function param(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.params[name];
  return value === undefined || value === '' ? undefined : value;
}

/** CloudStack reads booleans with Boolean.valueOf: only "true" (any case) is true. */
export function flag(ctx: CommandContext, name: string): boolean | undefined {
  const value = param(ctx, name);
  return value === undefined ? undefined : value.toLowerCase() === 'true';
}

/** Integers are validated against the catalog before a handler runs, so parsing here cannot fail. */
export function integer(ctx: CommandContext, name: string): number | undefined {
  const value = param(ctx, name);
  return value === undefined ? undefined : Number.parseInt(value, 10);
}

/**
 * A `map` parameter (`tags[0].key=env&tags[0].value=prod`) as CloudStack's API layer hands it to a command: one
 * object per index, in index order, with the sub-keys lower-cased.
 */
export function mapParam(ctx: CommandContext, name: string): Record<string, string>[] {
  const byIndex = new Map<number, Record<string, string>>();
  const pattern = new RegExp(`^${name}\\[(\\d+)\\]\\.(.+)$`);
  for (const [key, value] of Object.entries(ctx.params)) {
    const match = pattern.exec(key);
    if (!match) continue;
    const index = Number.parseInt(match[1]!, 10);
    const entry = byIndex.get(index) ?? {};
    entry[match[2]!] = value;
    byIndex.set(index, entry);
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
}

function isOwned(entity: object): entity is Owned {
  return 'accountid' in entity && 'domainid' in entity;
}

/** A domain and all its sub-domains, by id. */
export function domainTree(world: World, domainId: string): Set<string> {
  const ids = new Set([domainId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const domain of world.domains) {
      if (domain.parentdomainid && ids.has(domain.parentdomainid) && !ids.has(domain.id)) {
        ids.add(domain.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** Whether the caller may act on an entity: the root admin on everything, a user on their own account's. */
export function mayAccess(caller: Account, entity: object): boolean {
  return isRootAdmin(caller) || !isOwned(entity) || entity.accountid === caller.id;
}

/** The entity a parameter names; CloudStack answers an unknown id with the same text as a malformed one. */
export function lookup<T extends { id: string }>(ctx: CommandContext, items: readonly T[], name: string): T {
  const value = param(ctx, name) ?? '';
  const found = items.find((item) => item.id === value);
  if (!found) throw invalidId(ctx.command, name, value);
  if (!mayAccess(ctx.caller, found)) {
    throw new ApiError(531, `Account ${ctx.caller.name} does not have permission to access resource ${value}`);
  }
  return found;
}

export function optionalLookup<T extends { id: string }>(ctx: CommandContext, items: readonly T[], name: string): T | undefined {
  return param(ctx, name) === undefined ? undefined : lookup(ctx, items, name);
}

/**
 * Account scoping of list commands, as CloudStack does it: by default only the caller's own account;
 * `listall=true` widens to everything, `account` + `domainid` narrow to one account, `domainid` alone to a
 * domain (and `isrecursive` its children) — for the root admin. An ordinary user (ACCOUNT_TYPE_NORMAL) sees
 * its own account's resources only, whatever those parameters say: the server puts the caller alone in the
 * permitted accounts.
 */
export function visible<T extends Owned>(ctx: CommandContext, items: readonly T[]): T[] {
  const { caller, world } = ctx;
  // `projectid` lists the project's resources instead of any account's (a project owns them through its own
  // account, keyed here by the project's id); an unknown or inaccessible project is refused like any id.
  if (param(ctx, 'projectid') !== undefined) {
    const project = lookup(ctx, world.projects, 'projectid');
    return items.filter((item) => item.accountid === project.id);
  }
  const own = (item: T): boolean => item.accountid === caller.id;
  const domainId = param(ctx, 'domainid');
  const accountName = param(ctx, 'account');
  let accept: (item: T) => boolean;
  if (accountName !== undefined) {
    const account = world.accounts.find((a) => a.name === accountName && (domainId === undefined || a.domainid === domainId));
    accept = (item) => account !== undefined && item.accountid === account.id;
  } else if (domainId !== undefined) {
    const domains = flag(ctx, 'isrecursive') ? domainTree(world, domainId) : new Set([domainId]);
    accept = (item) => domains.has(item.domainid);
  } else {
    accept = flag(ctx, 'listall') ? () => true : own;
  }
  return items.filter((item) => accept(item) && (isRootAdmin(caller) || own(item)));
}

/** Keeps the items whose fields equal the given parameters (only those the request sets). */
export function matching<T extends object>(ctx: CommandContext, items: readonly T[], fieldsByParam: Readonly<Record<string, (item: T) => unknown>>): T[] {
  let out = [...items];
  for (const [name, read] of Object.entries(fieldsByParam)) {
    const wanted = param(ctx, name);
    if (wanted === undefined) continue;
    out = out.filter((item) => {
      const actual = read(item);
      return typeof actual === 'boolean' ? String(actual) === wanted.toLowerCase() : String(actual ?? '').toLowerCase() === wanted.toLowerCase();
    });
  }
  const ids = param(ctx, 'ids');
  if (ids !== undefined) {
    const wanted = new Set(ids.split(','));
    out = out.filter((item) => 'id' in item && wanted.has(String(item.id)));
  }
  const keyword = param(ctx, 'keyword')?.toLowerCase();
  if (keyword !== undefined) out = out.filter((item) => 'name' in item && String(item.name).toLowerCase().includes(keyword));
  return out;
}

export function ownerFields(world: World, owned: Owned): Record<string, unknown> {
  const account = world.accounts.find((a) => a.id === owned.accountid);
  const domain = world.domains.find((d) => d.id === owned.domainid);
  return { account: account?.name, domainid: owned.domainid, domain: domain?.name, domainpath: domain?.path };
}

/** Every state change leaves an event, as CloudStack's ActionEvent annotations do. */
export function recordEvent(ctx: CommandContext, type: string, description: string, resource?: { id: string; type: string }): CloudEvent {
  const event: CloudEvent = {
    id: ctx.nextId(), type, level: 'INFO', description, username: ctx.caller.username, state: 'Completed',
    resourceid: resource?.id, resourcetype: resource?.type, created: ctx.now, accountid: ctx.caller.id, domainid: ctx.caller.domainid,
  };
  ctx.world.events.push(event);
  return event;
}

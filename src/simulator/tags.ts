/**
 * Resource tags as CloudStack keeps them: one row per (resource, key), owned by the resource's owner, shown in
 * the `tags` array of every taggable resource's response and usable as a `tags[n].key` / `tags[n].value` filter
 * on its list command.
 */
import { mapParam, ownerFields, type CommandContext } from './context.js';
import { ApiError, withoutNulls, type Json } from './protocol.js';
import type { Owned, World } from './world/types.js';
import type { TaggableType } from './world/types-families.js';

type Taggable = Owned & { id: string };

/** The collection behind each resource type; resource types are matched case-insensitively, as CloudStack does. */
const COLLECTIONS: Readonly<Record<TaggableType, (world: World) => readonly Taggable[]>> = {
  UserVm: (w) => w.vms,
  Volume: (w) => w.volumes,
  Snapshot: (w) => w.snapshots,
  Network: (w) => w.networks,
  PublicIpAddress: (w) => w.publicIps,
  Template: (w) => w.templates,
  ISO: (w) => w.isos,
  Vpc: (w) => w.vpcs,
  FirewallRule: (w) => [...w.firewallRules, ...w.egressRules],
  PortForwardingRule: (w) => w.portForwardingRules,
  LoadBalancer: (w) => w.loadBalancerRules,
  SecurityGroup: (w) => w.securityGroups,
  VMSnapshot: (w) => w.vmSnapshots,
  Project: (w) => w.projects,
};

export function resourceType(name: string): TaggableType {
  const found = (Object.keys(COLLECTIONS) as TaggableType[]).find((type) => type.toLowerCase() === name.toLowerCase());
  if (!found) throw new ApiError(431, `Invalid resource type ${name}`);
  return found;
}

export function taggedResource(world: World, type: TaggableType, id: string): Taggable | undefined {
  return COLLECTIONS[type](world).find((item) => item.id === id);
}

/** ResourceTagResponse: what `listTags` returns and what every taggable response carries in `tags`. */
export function tagView(world: World, tag: World['tags'][number]): Json {
  return withoutNulls({
    key: tag.key, value: tag.value, resourcetype: tag.resourcetype, resourceid: tag.resourceid, customer: tag.customer,
    ...ownerFields(world, tag),
  });
}

/** The `tags` field of a resource's response: always present, `[]` when untagged, as CloudStack serializes it. */
export function tagsOf(world: World, type: TaggableType, id: string): Json[] {
  return world.tags.filter((tag) => tag.resourcetype === type && tag.resourceid === id).map((tag) => tagView(world, tag));
}

/**
 * The `tags` filter of list commands. CloudStack's query builds `(key0 = ? AND value0 = ?) OR (key1 = ? ...)`:
 * a resource matches when it carries any one of the given pairs. A pair without a value matches the key alone.
 */
export function withTags<T extends { id: string }>(ctx: CommandContext, type: TaggableType, items: readonly T[]): T[] {
  const wanted = mapParam(ctx, 'tags').filter((pair) => pair.key !== undefined);
  if (wanted.length === 0) return [...items];
  return items.filter((item) =>
    ctx.world.tags.some((tag) => tag.resourcetype === type && tag.resourceid === item.id &&
      wanted.some((pair) => pair.key === tag.key && (pair.value === undefined || pair.value === tag.value))),
  );
}

/** A removed resource takes its tags with it, as CloudStack's removeByIdAndType does on delete. */
export function untag(world: World, type: TaggableType, id: string): void {
  world.tags = world.tags.filter((tag) => !(tag.resourcetype === type && tag.resourceid === id));
}

/**
 * createTags / deleteTags / listTags, as TaggedResourceManagerImpl behaves: tags go on every listed resource
 * of one type, belong to the resource's owner, and one key appears once per resource. Both changes are jobs;
 * their checks (resource found, caller's access, duplicate key) run inside the job.
 */
import { mapParam, mayAccess, param, recordEvent, visible, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import { ApiError, type Json } from '../protocol.js';
import { resourceType, taggedResource, tagView } from '../tags.js';
import type { ResourceTag, TaggableType } from '../world/types-families.js';
import { asyncCommand, javaClass, syncCommand, type AsyncWork, type CommandTable } from './registry.js';

function targets(ctx: CommandContext): { type: TaggableType; ids: string[] } {
  return { type: resourceType(param(ctx, 'resourcetype')!), ids: param(ctx, 'resourceids')!.split(',').map((id) => id.trim().toLowerCase()) };
}

/** Each id must name a resource of the type that the caller may act on. */
function resolveTargets(ctx: CommandContext, type: TaggableType, ids: string[]) {
  return ids.map((id) => {
    const resource = taggedResource(ctx.world, type, id);
    if (!resource) throw new ApiError(431, `Unable to find resource by id ${id} and type ${type}`);
    if (!mayAccess(ctx.caller, resource)) throw new ApiError(531, `Account ${ctx.caller.name} does not have permission to access resource ${id}`);
    return resource;
  });
}

function createTags(ctx: CommandContext): AsyncWork {
  const { type, ids } = targets(ctx);
  const pairs = mapParam(ctx, 'tags');
  for (const pair of pairs) {
    if (!pair.key) throw new ApiError(431, 'Tag key can not be empty');
    if (pair.value === undefined || pair.value === '') throw new ApiError(431, `Value for the key ${pair.key} is either null or empty`);
  }
  return {
    instanceType: 'None',
    begin: () => {
      const resources = resolveTargets(ctx, type, ids);
      for (const resource of resources) {
        for (const pair of pairs) {
          if (ctx.world.tags.some((t) => t.resourcetype === type && t.resourceid === resource.id && t.key === pair.key)) {
            throw new ApiError(530, `tag ${pair.key} already on ${type} with id ${resource.id}`);
          }
        }
      }
      return () => {
        for (const resource of resources) {
          for (const pair of pairs) {
            ctx.world.tags.push({ key: pair.key!, value: pair.value!, resourcetype: type, resourceid: resource.id, customer: param(ctx, 'customer'), accountid: resource.accountid, domainid: resource.domainid });
          }
        }
        recordEvent(ctx, 'CREATE_TAGS', `Successfully completed creating tags on ${type} ${ids.join(',')}`, { id: ids[0]!, type });
        return { success: true };
      };
    },
  };
}

/** Without `tags`, every tag of the resources goes; with it, those whose key (and value, if given) match. */
function deleteTags(ctx: CommandContext): AsyncWork {
  const { type, ids } = targets(ctx);
  const pairs = mapParam(ctx, 'tags').filter((pair) => pair.key !== undefined);
  const selected = (tag: ResourceTag) => tag.resourcetype === type && ids.includes(tag.resourceid) &&
    (pairs.length === 0 || pairs.some((pair) => pair.key === tag.key && (pair.value === undefined || pair.value === tag.value)));
  return {
    instanceType: 'None',
    begin: () => {
      resolveTargets(ctx, type, ids);
      if (!ctx.world.tags.some(selected)) throw new ApiError(431, 'Unable to find any tags which conform to specified delete parameters');
      return () => {
        ctx.world.tags = ctx.world.tags.filter((tag) => !selected(tag));
        recordEvent(ctx, 'DELETE_TAGS', `Successfully completed deleting tags on ${type} ${ids.join(',')}`, { id: ids[0]!, type });
        return { success: true };
      };
    },
  };
}

function listTags(ctx: CommandContext): Json {
  const wanted: Record<string, string | undefined> = {
    key: param(ctx, 'key'), value: param(ctx, 'value'), resourceid: param(ctx, 'resourceid'), customer: param(ctx, 'customer'),
  };
  const type = param(ctx, 'resourcetype');
  const tags = visible(ctx, ctx.world.tags).filter((tag) =>
    (type === undefined || tag.resourcetype.toLowerCase() === type.toLowerCase()) &&
    Object.entries(wanted).every(([field, value]) => value === undefined || tag[field as keyof ResourceTag] === value) &&
    (param(ctx, 'keyword') === undefined || `${tag.key} ${tag.value}`.toLowerCase().includes(param(ctx, 'keyword')!.toLowerCase())),
  );
  return listResponse(ctx, 'tag', tags.map((tag) => tagView(ctx.world, tag)));
}

export function registerTags(table: CommandTable): void {
  asyncCommand(table, 'createTags', javaClass('user', 'tag', 'CreateTagsCmd'), createTags);
  asyncCommand(table, 'deleteTags', javaClass('user', 'tag', 'DeleteTagsCmd'), deleteTags);
  syncCommand(table, 'listTags', javaClass('user', 'tag', 'ListTagsCmd'), listTags);
}

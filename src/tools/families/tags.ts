/** Resource tags: listed, set on one or more resources, removed. Tag filters (tags[0].key) find resources by them. */
import { z } from 'zod';
import { defineTools } from '../define.js';
import { actionTool, listTool } from '../kinds.js';
import { oneOf, text, uuidList } from '../schemas.js';

/** The resource types CloudStack tags (its ResourceTag.ResourceObjectType names). */
const RESOURCE_TYPES = [
  'UserVm', 'Template', 'ISO', 'Volume', 'Snapshot', 'VMSnapshot', 'Network', 'Vpc', 'PublicIpAddress', 'FirewallRule',
  'PortForwardingRule', 'LoadBalancer', 'SecurityGroup', 'Project', 'AffinityGroup',
] as const;

const resourceType = oneOf(RESOURCE_TYPES, 'Type of the resources, e.g. UserVm, Volume, Network.');
const resourceIds = uuidList('Ids of the resources.');
const tagPairs = (description: string) =>
  z.array(z.strictObject({ key: text('Tag key.'), value: text('Tag value.') })).min(1, 'must not be empty').describe(description);

export const TAG_FAMILY_TOOLS = defineTools('infrastructure', [
  listTool({
    name: 'list_tags',
    title: 'List tags',
    description: 'Lists resource tags (key, value, resource type and id). Find tagged resources with key/value here.',
    command: 'listTags',
    resource: 'tag',
    fields: {
      key: 'Only tags with this key.',
      value: 'Only tags with this value.',
      resourcetype: resourceType.optional(),
      resourceid: 'Only tags of this resource.',
    },
  }),
  actionTool({
    name: 'create_tags',
    title: 'Tag resources',
    description: 'Sets key/value tags on resources of one type and waits for the job. A key already on a resource is refused.',
    command: 'createTags',
    fields: { resourcetype: resourceType, resourceids: resourceIds, tags: tagPairs('The tags, e.g. [{"key":"env","value":"prod"}].') },
    disruptive: false,
    idempotent: false,
  }),
  actionTool({
    name: 'delete_tags',
    title: 'Remove tags',
    description: 'Removes tags from resources of one type (only the given keys, or all their tags) and waits for the job.',
    command: 'deleteTags',
    fields: {
      resourcetype: resourceType,
      resourceids: resourceIds,
      tags: z.array(z.strictObject({ key: text('Tag key.'), value: text('Only if it has this value.').optional() })).min(1, 'must not be empty').describe('Tags to remove; all when absent.').optional(),
    },
    disruptive: true,
    idempotent: true,
  }),
]);

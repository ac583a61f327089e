/** Resource tags: listed, set on one or more resources, removed. Tag filters (tags[0].key) find resources by them. */
import { z } from 'zod';
import { defineTools } from '../define.js';
import { actionTool, BY_NAME, listTool } from '../kinds.js';
import { oneOf, text, uuidList } from '../schemas.js';

/** The resource types CloudStack tags (its ResourceTag.ResourceObjectType names). */
const RESOURCE_TYPES = [
  'UserVm', 'Template', 'ISO', 'Volume', 'Snapshot', 'VMSnapshot', 'Network', 'Vpc', 'PublicIpAddress', 'FirewallRule',
  'PortForwardingRule', 'LoadBalancer', 'SecurityGroup', 'Project', 'AffinityGroup',
] as const;

const resourceType = oneOf(RESOURCE_TYPES);
const resourceIds = uuidList();
const tagPairs = (description: string) =>
  z.array(z.strictObject({ key: text(), value: text() })).min(1, 'must not be empty').describe(description);

export const TAG_FAMILY_TOOLS = defineTools('infrastructure', [
  listTool({
    name: 'list_tags',
    title: 'List tags',
    description: 'Lists resource tags (key, value, resource type and id): which resources carry a key or value.',
    command: 'listTags',
    resource: 'tag',
    fields: {
      key: BY_NAME,
      value: BY_NAME,
      resourcetype: resourceType.optional(),
      resourceid: BY_NAME,
    },
  }),
  actionTool({
    name: 'create_tags',
    title: 'Tag resources',
    description: 'Sets key/value tags on resources of one type; a key a resource already has is refused.',
    command: 'createTags',
    fields: { resourcetype: resourceType, resourceids: resourceIds, tags: tagPairs('E.g. [{"key":"env","value":"prod"}].') },
    disruptive: false,
    idempotent: false,
  }),
  actionTool({
    name: 'delete_tags',
    title: 'Remove tags',
    description: 'Removes tags (the given keys, or all) from resources of one type.',
    command: 'deleteTags',
    fields: {
      resourcetype: resourceType,
      resourceids: resourceIds,
      tags: z.array(z.strictObject({ key: text(), value: text('Only with this value.').optional() })).min(1, 'must not be empty').describe('Default: all.').optional(),
    },
    disruptive: true,
    idempotent: true,
  }),
]);

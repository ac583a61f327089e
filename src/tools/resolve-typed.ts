/**
 * Commands that name their resource by CloudStack's resource type and id (createTags/deleteTags, resource
 * details, resource icons): the type picks the kind to look up. CloudStack matches the type case-insensitively
 * (TaggedResourceManagerImpl.getResourceType: `equalsIgnoreCase` over ResourceObjectType), so `uservm` tags a VM
 * exactly as `UserVm` does, and so must the policy, or a rule on the VM's tags is skipped by changing one letter.
 */
import type { CloudStackParams } from '../cloudstack/params.js';
import type { ResourceKind } from '../policy/resources.js';
import { ids, oneOrSeveral, text, type Locator } from './resolve-keys.js';

/** CloudStack's ResourceObjectType names of the kinds the resolver can look up, in CloudStack's spelling. */
const TYPED_KINDS: Readonly<Record<string, ResourceKind>> = {
  UserVm: 'virtualmachine',
  Volume: 'volume',
  Snapshot: 'snapshot',
  Network: 'network',
  Vpc: 'vpc',
  PublicIpAddress: 'publicipaddress',
  FirewallRule: 'firewallrule',
  SecurityGroup: 'securitygroup',
  Template: 'template',
};

const BY_LOWER_CASE: ReadonlyMap<string, string> = new Map(Object.keys(TYPED_KINDS).map((name) => [name.toLowerCase(), name]));

/** The type in CloudStack's spelling (`uservm` → `UserVm`), or undefined for a type the resolver does not look up. */
export function canonicalResourceType(type: string): string | undefined {
  return BY_LOWER_CASE.get(type.trim().toLowerCase());
}

export function kindOfResourceType(type: string): ResourceKind | undefined {
  const name = canonicalResourceType(type);
  return name === undefined ? undefined : TYPED_KINDS[name];
}

function typeOf(params: CloudStackParams): string | undefined {
  return text(params, 'resourcetype');
}

/**
 * The one resource such a call changes: `resourceids` (tags, icons) or `resourceid` (details). Tags change the very
 * tags a policy protects by (`resource.tags.env`), so removing env=prod from a production VM is judged on that VM.
 */
export const typedResource: Locator = {
  kind: 'virtualmachine',
  key: (params) => {
    const type = typeOf(params);
    const kind = type === undefined ? undefined : kindOfResourceType(type);
    if (!kind) return undefined;
    return oneOrSeveral(kind, [...ids(params, 'resourceids'), ...ids(params, 'resourceid')]);
  },
  unknownWhy: (params) => {
    const type = typeOf(params);
    const known = Object.keys(TYPED_KINDS).join(', ');
    if (type !== undefined && canonicalResourceType(type) === undefined) return `resource type ${type} is none the policy looks up (it looks up ${known})`;
    return 'the call names no resource by resourcetype and resource id';
  },
};

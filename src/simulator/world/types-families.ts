/**
 * Entities of the families added on top of the original simulator (tags, VPCs, port forwarding, egress rules,
 * VM snapshots, ISOs, affinity groups, projects, OS types), kept apart so types.ts stays readable.
 */
import type { Owned } from './types.js';

/** CloudStack's ResourceObjectType names, as `resourcetype` spells them in requests and responses. */
export type TaggableType =
  | 'UserVm' | 'Volume' | 'Snapshot' | 'Network' | 'PublicIpAddress' | 'Template' | 'ISO' | 'Vpc' | 'FirewallRule'
  | 'PortForwardingRule' | 'LoadBalancer' | 'SecurityGroup' | 'VMSnapshot' | 'Project';

/** A tag belongs to the owner of the resource it is on (TaggedResourceManagerImpl), not to the caller. */
export interface ResourceTag extends Owned { key: string; value: string; resourcetype: TaggableType; resourceid: string; customer?: string }

export interface VpcOffering { id: string; name: string; displaytext: string; isdefault: boolean; state: 'Enabled'; services: string[]; created: Date }

export interface Vpc extends Owned {
  id: string;
  name: string;
  displaytext: string;
  zoneid: string;
  vpcofferingid: string;
  cidr: string;
  networkdomain: string;
  state: 'Enabled' | 'Inactive';
  created: Date;
}

export interface PortForwardingRule extends Owned {
  id: string;
  ipaddressid: string;
  protocol: 'tcp' | 'udp';
  publicport: number;
  publicendport: number;
  privateport: number;
  privateendport: number;
  virtualmachineid: string;
  vmguestip: string;
  networkid: string;
  cidrlist: string;
}

/** Egress rules are CloudStack firewall rules of traffic type Egress, on a guest network rather than an IP. */
export interface EgressRule extends Owned { id: string; networkid: string; protocol: string; startport?: number; endport?: number; icmptype?: number; icmpcode?: number; cidrlist: string; destcidrlist: string }

export interface VmSnapshot extends Owned {
  id: string;
  name: string;
  displayname: string;
  description?: string;
  virtualmachineid: string;
  zoneid: string;
  type: 'Disk' | 'DiskAndMemory';
  state: 'Allocated' | 'Creating' | 'Ready' | 'Reverting' | 'Expunging' | 'Error';
  current: boolean;
  parentid?: string;
  created: Date;
}

export interface Iso extends Owned { id: string; name: string; displaytext: string; zoneid: string; ostypeid: string; ispublic: boolean; isfeatured: boolean; bootable: boolean; size: number; created: Date }

/** `name` is the description, as CloudStack's GuestOSResponse reports both. */
export interface OsType { id: string; name: string; description: string; oscategoryid: string; oscategoryname: string }

export interface AffinityGroup extends Owned { id: string; name: string; description: string; type: 'host anti-affinity' | 'host affinity'; virtualmachineids: string[] }

export interface Project extends Owned { id: string; name: string; displaytext: string; state: 'Active' | 'Suspended'; created: Date }

/** What the families add to the World. */
export interface FamilyCollections {
  tags: ResourceTag[];
  vpcOfferings: VpcOffering[];
  vpcs: Vpc[];
  portForwardingRules: PortForwardingRule[];
  egressRules: EgressRule[];
  vmSnapshots: VmSnapshot[];
  isos: Iso[];
  osTypes: OsType[];
  affinityGroups: AffinityGroup[];
  projects: Project[];
}

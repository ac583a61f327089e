/**
 * The simulated cloud's state. Entities keep CloudStack's own field names so views stay thin; joins (names of
 * hosts, zones, offerings) are computed when a response is built, so they never go stale.
 */

import type { FamilyCollections } from './types-families.js';

export interface Domain { id: string; name: string; path: string; level: number; parentdomainid?: string; created: Date }

export interface Account {
  id: string;
  name: string;
  domainid: string;
  /** CloudStack's accounttype: 1 root admin, 0 user. */
  accounttype: 0 | 1;
  roletype: 'Admin' | 'User';
  userid: string;
  username: string;
  /** Null for accounts that have no API keys in the simulator. */
  apiKey: string | null;
  secretKey: string | null;
  created: Date;
}

/** Ownership shared by every account-scoped entity. */
export interface Owned { accountid: string; domainid: string }

export interface Zone { id: string; name: string; networktype: 'Advanced' | 'Basic'; securitygroupsenabled: boolean; localstorageenabled: boolean; dns1: string; internaldns1: string; guestcidraddress?: string }
export interface Pod { id: string; name: string; zoneid: string; gateway: string; netmask: string; startip: string; endip: string }
export interface Cluster { id: string; name: string; podid: string; zoneid: string }

export interface Host {
  id: string;
  name: string;
  clusterid: string;
  podid: string;
  zoneid: string;
  ipaddress: string;
  state: 'Up' | 'Disconnected' | 'Down';
  resourcestate: 'Enabled' | 'Maintenance' | 'Disabled';
  cpunumber: number;
  cpuspeed: number;
  /** Bytes, as CloudStack reports host memory. */
  memorytotal: number;
  gpu: boolean;
  localstorage: boolean;
  created: Date;
}

export interface StoragePool {
  id: string;
  name: string;
  scope: 'CLUSTER' | 'HOST' | 'ZONE';
  type: 'NetworkFilesystem' | 'Filesystem';
  zoneid: string;
  podid: string;
  clusterid: string;
  /** Set for local (HOST scope) storage only. */
  hostid?: string;
  ipaddress: string;
  path: string;
  capacitybytes: number;
  created: Date;
}

export interface SystemVm { id: string; name: string; systemvmtype: 'consoleproxy' | 'secondarystoragevm'; zoneid: string; podid: string; hostid: string; state: 'Running'; publicip: string; privateip: string; created: Date }

export interface ServiceOffering {
  id: string;
  name: string;
  displaytext: string;
  /** Absent for custom (iscustomized) offerings: the deployer passes them in `details`. */
  cpunumber?: number;
  cpuspeed?: number;
  memory?: number;
  iscustomized: boolean;
  dynamicscalingenabled: boolean;
  storagetype: 'shared' | 'local';
  offerha: boolean;
  gpu: boolean;
  created: Date;
}

export interface DiskOffering { id: string; name: string; displaytext: string; disksize: number; iscustomized: boolean; storagetype: 'shared' | 'local'; created: Date }

export interface NetworkOffering { id: string; name: string; displaytext: string; guestiptype: 'Isolated' | 'Shared'; traffictype: 'Guest'; isdefault: boolean; specifyvlan: boolean; state: 'Enabled'; services: string[]; created: Date }

export interface Template extends Owned {
  id: string;
  name: string;
  displaytext: string;
  zoneid: string;
  ostypename: string;
  ispublic: boolean;
  isfeatured: boolean;
  passwordenabled: boolean;
  isdynamicallyscalable: boolean;
  templatetype: 'BUILTIN' | 'USER' | 'SYSTEM';
  /** Bytes. */
  size: number;
  created: Date;
}

export interface Network extends Owned {
  id: string;
  name: string;
  displaytext: string;
  zoneid: string;
  networkofferingid: string;
  type: 'Isolated' | 'Shared';
  state: 'Allocated' | 'Implemented';
  cidr: string;
  gateway: string;
  netmask: string;
  /** Set for a VPC tier. */
  vpcid?: string;
  created: Date;
}

export interface Nic { id: string; networkid: string; ipaddress: string; macaddress: string; isdefault: boolean }

export type VmState = 'Running' | 'Stopped' | 'Starting' | 'Stopping' | 'Migrating' | 'Error' | 'Destroyed' | 'Expunging';

export interface VirtualMachine extends Owned {
  id: string;
  name: string;
  displayname: string;
  state: VmState;
  zoneid: string;
  hostid?: string;
  /** The host a stopped VM ran on last; where it starts again. */
  lasthostid?: string;
  templateid: string;
  serviceofferingid: string;
  cpunumber: number;
  cpuspeed: number;
  memory: number;
  nics: Nic[];
  keypair?: string;
  securitygroupids: string[];
  haenable: boolean;
  instancename: string;
  /** The ISO attached to the VM's CD-ROM drive, if any. */
  isoid?: string;
  created: Date;
}

export interface Volume extends Owned {
  id: string;
  name: string;
  type: 'ROOT' | 'DATADISK';
  state: 'Ready' | 'Allocated';
  /** Bytes. */
  size: number;
  zoneid: string;
  storageid?: string;
  virtualmachineid?: string;
  deviceid?: number;
  diskofferingid?: string;
  templateid?: string;
  created: Date;
}

export interface Snapshot extends Owned { id: string; name: string; volumeid: string; zoneid: string; state: 'BackedUp' | 'Creating'; virtualsize: number; created: Date }

export interface PublicIp extends Owned {
  id: string;
  ipaddress: string;
  zoneid: string;
  networkid?: string;
  issourcenat: boolean;
  virtualmachineid?: string;
  state: 'Allocated';
  allocated: Date;
}

/** `related`: the port-forwarding or load-balancer rule whose `openfirewall` created it (and whose removal removes it). */
export interface FirewallRule extends Owned { id: string; ipaddressid: string; protocol: string; startport?: number; endport?: number; icmptype?: number; icmpcode?: number; cidrlist: string; related?: string }

export interface LoadBalancerRule extends Owned { id: string; name: string; publicipid: string; networkid: string; zoneid: string; algorithm: string; protocol: string; publicport: string; privateport: string; cidrlist: string; virtualmachineids: string[] }

export interface SshKeyPair extends Owned { id: string; name: string; fingerprint: string }

export interface IngressRule { ruleid: string; protocol: string; startport?: number; endport?: number; icmptype?: number; icmpcode?: number; cidr: string }

export interface SecurityGroup extends Owned { id: string; name: string; description: string; ingressrule: IngressRule[] }

export interface CloudEvent extends Owned { id: string; type: string; level: 'INFO' | 'WARN' | 'ERROR'; description: string; username: string; state: 'Completed' | 'Scheduled' | 'Started'; resourceid?: string; resourcetype?: string; created: Date }

export interface Alert { id: string; type: number; name: string; description: string; sent: Date }

export interface UsageRecord extends Owned { id: string; usagetype: number; description: string; usage: string; rawusage: number; usageid: string; zoneid: string; startdate: Date; enddate: Date; virtualmachineid?: string; offeringid?: string; templateid?: string }

export interface AsyncJob {
  jobid: string;
  cmd: string;
  accountid: string;
  userid: string;
  domainid: string;
  jobinstancetype: string;
  jobinstanceid?: string;
  created: Date;
  /** Epoch ms at which the job finishes; Infinity for a job that never does (a fault). */
  endsAt: number;
  jobstatus: 0 | 1 | 2;
  jobresultcode: number;
  jobresult?: Record<string, unknown>;
  completed?: Date;
  /** Applies the job's effect and returns its result; dropped once the job settles. */
  finish?: () => Record<string, unknown>;
}

export interface World extends FamilyCollections {
  domains: Domain[];
  accounts: Account[];
  zones: Zone[];
  pods: Pod[];
  clusters: Cluster[];
  hosts: Host[];
  storagePools: StoragePool[];
  systemVms: SystemVm[];
  serviceOfferings: ServiceOffering[];
  diskOfferings: DiskOffering[];
  networkOfferings: NetworkOffering[];
  templates: Template[];
  networks: Network[];
  vms: VirtualMachine[];
  volumes: Volume[];
  snapshots: Snapshot[];
  publicIps: PublicIp[];
  firewallRules: FirewallRule[];
  loadBalancerRules: LoadBalancerRule[];
  sshKeyPairs: SshKeyPair[];
  securityGroups: SecurityGroup[];
  events: CloudEvent[];
  alerts: Alert[];
  usageRecords: UsageRecord[];
  jobs: AsyncJob[];
}

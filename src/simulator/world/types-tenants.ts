/**
 * The tenant side of the simulated cloud (what seed-tenants.ts seeds): templates and what accounts own and run,
 * with their events, alerts and usage records.
 */
import type { Owned } from './types.js';

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

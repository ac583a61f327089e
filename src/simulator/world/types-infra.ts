/**
 * The provider side of the simulated cloud (what seed-infra.ts seeds besides domains and accounts): zones down
 * to hosts and storage, system VMs and the offerings tenants deploy from.
 */

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

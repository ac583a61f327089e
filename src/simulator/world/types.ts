/**
 * The simulated cloud's state. Entities keep CloudStack's own field names so views stay thin; joins (names of
 * hosts, zones, offerings) are computed when a response is built, so they never go stale.
 * Here: the domains and accounts that own things, async jobs, and the World holding every collection; the
 * entities are in types-infra.ts (provider side), types-tenants.ts (tenant side) and types-families.ts.
 */

import type { Cluster, DiskOffering, Host, NetworkOffering, Pod, ServiceOffering, StoragePool, SystemVm, Zone } from './types-infra.js';
import type { FamilyCollections } from './types-families.js';
import type {
  Alert,
  CloudEvent,
  FirewallRule,
  LoadBalancerRule,
  Network,
  PublicIp,
  SecurityGroup,
  Snapshot,
  SshKeyPair,
  Template,
  UsageRecord,
  VirtualMachine,
  Volume,
} from './types-tenants.js';

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

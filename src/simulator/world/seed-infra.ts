/**
 * The provider side of the seeded world: domains, accounts, zones down to hosts and storage, system VMs,
 * offerings and templates. Topology chosen so every migrate rule has a case:
 * cluster A1 has two Up+Enabled hosts sharing NFS storage (a valid live-migration pair), one host in
 * Maintenance and one Disconnected; cluster A2 has a GPU host with local storage; zone B is a Basic zone.
 */
import type { Credentials } from '../../cloudstack/signer.js';
import type { World } from './types.js';
import type { Zone } from './types-infra.js';

export interface SeedContext {
  readonly nextId: () => string;
  /** `now` minus some days: creation dates look lived-in but stay before the simulator's clock. */
  readonly daysAgo: (days: number) => Date;
  readonly keys: { admin: Credentials; user: Credentials };
}

const GB = 1024 ** 3;

type Infra = Pick<World, 'domains' | 'accounts' | 'zones' | 'pods' | 'clusters' | 'hosts' | 'storagePools' | 'systemVms' | 'serviceOfferings' | 'diskOfferings' | 'networkOfferings'>;

export function seedInfrastructure({ nextId, daysAgo, keys }: SeedContext): Infra {
  const root = { id: nextId(), name: 'ROOT', path: 'ROOT', level: 0, created: daysAgo(400) };
  const ops = { id: nextId(), name: 'ops', path: 'ROOT/ops', level: 1, parentdomainid: root.id, created: daysAgo(300) };
  const dev = { id: nextId(), name: 'dev', path: 'ROOT/dev', level: 1, parentdomainid: root.id, created: daysAgo(300) };
  const account = (name: string, domainid: string, admin: boolean, credentials: Credentials | null) => ({
    id: nextId(), name, domainid, accounttype: admin ? 1 as const : 0 as const, roletype: admin ? 'Admin' as const : 'User' as const,
    userid: nextId(), username: name, apiKey: credentials?.apiKey ?? null, secretKey: credentials?.secretKey ?? null, created: daysAgo(300),
  });

  const zoneA: Zone = { id: nextId(), name: 'zone-adv-1', networktype: 'Advanced' as const, securitygroupsenabled: false, localstorageenabled: true, dns1: '8.8.8.8', internaldns1: '10.0.0.2', guestcidraddress: '10.1.0.0/16' };
  const zoneB: Zone = { id: nextId(), name: 'zone-basic-1', networktype: 'Basic' as const, securitygroupsenabled: true, localstorageenabled: false, dns1: '8.8.4.4', internaldns1: '10.0.0.2' };
  const podA = { id: nextId(), name: 'pod-a1', zoneid: zoneA.id, gateway: '10.10.0.1', netmask: '255.255.255.0', startip: '10.10.0.100', endip: '10.10.0.200' };
  const podB = { id: nextId(), name: 'pod-b1', zoneid: zoneB.id, gateway: '10.20.0.1', netmask: '255.255.255.0', startip: '10.20.0.100', endip: '10.20.0.200' };
  const clusterA1 = { id: nextId(), name: 'cluster-a1', podid: podA.id, zoneid: zoneA.id };
  const clusterA2 = { id: nextId(), name: 'cluster-a2', podid: podA.id, zoneid: zoneA.id };
  const clusterB1 = { id: nextId(), name: 'cluster-b1', podid: podB.id, zoneid: zoneB.id };

  const host = (name: string, cluster: typeof clusterA1, ip: string, extra: Partial<World['hosts'][number]> = {}) => ({
    id: nextId(), name, clusterid: cluster.id, podid: cluster.podid, zoneid: cluster.zoneid, ipaddress: ip,
    state: 'Up' as const, resourcestate: 'Enabled' as const, cpunumber: 32, cpuspeed: 2400, memorytotal: 256 * GB,
    gpu: false, localstorage: false, created: daysAgo(380), ...extra,
  });
  const hosts = [
    host('kvm-a1-01', clusterA1, '10.10.0.11'),
    host('kvm-a1-02', clusterA1, '10.10.0.12'),
    host('kvm-a1-03', clusterA1, '10.10.0.13', { resourcestate: 'Maintenance' }),
    host('kvm-a1-04', clusterA1, '10.10.0.14', { state: 'Disconnected' }),
    host('kvm-a2-01', clusterA2, '10.10.0.21', { gpu: true, localstorage: true }),
    host('kvm-b1-01', clusterB1, '10.20.0.11'),
    host('kvm-b1-02', clusterB1, '10.20.0.12'),
  ];
  const pool = (name: string, cluster: typeof clusterA1, extra: Partial<World['storagePools'][number]> = {}) => ({
    id: nextId(), name, scope: 'CLUSTER' as const, type: 'NetworkFilesystem' as const, zoneid: cluster.zoneid, podid: cluster.podid,
    clusterid: cluster.id, ipaddress: '10.0.0.50', path: `/export/primary/${name}`, capacitybytes: 4096 * GB, created: daysAgo(380), ...extra,
  });
  const gpuHost = hosts[4]!;
  const storagePools = [
    pool('nfs-a1', clusterA1),
    pool('nfs-a2', clusterA2),
    pool('local-kvm-a2-01', clusterA2, { scope: 'HOST', type: 'Filesystem', hostid: gpuHost.id, ipaddress: gpuHost.ipaddress, path: '/var/lib/libvirt/images', capacitybytes: 1024 * GB }),
    pool('nfs-b1', clusterB1),
  ];
  const systemVm = (name: string, type: 'consoleproxy' | 'secondarystoragevm', zone: Zone, pod: typeof podA, hostId: string, n: number) => ({
    id: nextId(), name, systemvmtype: type, zoneid: zone.id, podid: pod.id, hostid: hostId, state: 'Running' as const,
    publicip: `203.0.113.${n}`, privateip: `${pod.gateway.slice(0, -1)}${n}`, created: daysAgo(100),
  });
  const offering = (name: string, cpunumber: number | undefined, memory: number | undefined, extra: Partial<World['serviceOfferings'][number]> = {}) => ({
    id: nextId(), name, displaytext: name, cpunumber, cpuspeed: cpunumber === undefined ? undefined : 2000, memory,
    iscustomized: false, dynamicscalingenabled: true, storagetype: 'shared' as const, offerha: false, gpu: false, created: daysAgo(350), ...extra,
  });
  const diskOffering = (name: string, disksize: number, iscustomized = false) => ({
    id: nextId(), name, displaytext: name, disksize, iscustomized, storagetype: 'shared' as const, created: daysAgo(350),
  });
  const networkOffering = (name: string, guestiptype: 'Isolated' | 'Shared', services: string[]) => ({
    id: nextId(), name, displaytext: name, guestiptype, traffictype: 'Guest' as const, isdefault: true, specifyvlan: guestiptype === 'Shared',
    state: 'Enabled' as const, services, created: daysAgo(390),
  });

  return {
    domains: [root, ops, dev],
    accounts: [account('admin', root.id, true, keys.admin), account('ops-user', ops.id, false, keys.user), account('dev-user', dev.id, false, null)],
    zones: [zoneA, zoneB],
    pods: [podA, podB],
    clusters: [clusterA1, clusterA2, clusterB1],
    hosts,
    storagePools,
    systemVms: [
      systemVm('v-1-VM', 'consoleproxy', zoneA, podA, hosts[0]!.id, 10),
      systemVm('s-2-VM', 'secondarystoragevm', zoneA, podA, hosts[1]!.id, 11),
      systemVm('v-3-VM', 'consoleproxy', zoneB, podB, hosts[5]!.id, 20),
      systemVm('s-4-VM', 'secondarystoragevm', zoneB, podB, hosts[6]!.id, 21),
    ],
    serviceOfferings: [
      offering('Small Instance', 1, 1024),
      offering('Medium Instance', 2, 4096),
      offering('Large Fixed', 4, 8192, { dynamicscalingenabled: false }),
      offering('Custom', undefined, undefined, { iscustomized: true }),
      offering('GPU Small', 4, 16384, { gpu: true, storagetype: 'local', dynamicscalingenabled: false }),
    ],
    diskOfferings: [diskOffering('Small', 5), diskOffering('Medium', 20), diskOffering('Custom', 0, true)],
    networkOfferings: [
      networkOffering('DefaultIsolatedNetworkOfferingWithSourceNatService', 'Isolated', ['Dhcp', 'Dns', 'SourceNat', 'StaticNat', 'Firewall', 'Lb', 'PortForwarding', 'UserData']),
      networkOffering('DefaultSharedNetworkOffering', 'Shared', ['Dhcp', 'Dns', 'UserData']),
      networkOffering('DefaultSharedNetworkOfferingWithSGService', 'Shared', ['Dhcp', 'Dns', 'UserData', 'SecurityGroup']),
    ],
  };
}

/**
 * The tenant side of the seeded world: templates, networks, a dozen VMs in every interesting state with their
 * volumes, snapshots, public IPs and rules, key pairs, security groups, events, alerts and usage.
 * Owned by the root admin (`admin`), the ordinary user (`ops-user`, domain ROOT/ops) and a second user
 * (`dev-user`, domain ROOT/dev) whose resources neither of the others sees without the right scope.
 */
import type { SeedContext } from './seed-infra.js';
import type { Account, World } from './types.js';
import type { Host, ServiceOffering } from './types-infra.js';
import type { Network, Template, VirtualMachine, VmState, Volume } from './types-tenants.js';
import type { FamilyCollections } from './types-families.js';

const GB = 1024 ** 3;
type Infra = Pick<World, 'domains' | 'accounts' | 'zones' | 'hosts' | 'storagePools' | 'serviceOfferings' | 'diskOfferings' | 'networkOfferings'>;
type Tenants = Omit<World, keyof Infra | keyof FamilyCollections | 'pods' | 'clusters' | 'systemVms' | 'jobs'>;

export function seedTenants(ctx: SeedContext, infra: Infra): Tenants {
  const { nextId, daysAgo } = ctx;
  const [admin, ops, dev] = infra.accounts as [Account, Account, Account];
  const [zoneA, zoneB] = infra.zones as [World['zones'][number], World['zones'][number]];
  const [a101, a102, , , a201, b101, b102] = infra.hosts as Host[] as [Host, Host, Host, Host, Host, Host, Host];
  const [small, medium, largeFixed, , gpuSmall] = infra.serviceOfferings as [ServiceOffering, ServiceOffering, ServiceOffering, ServiceOffering, ServiceOffering];
  const [isolatedOffering, sharedOffering, sgOffering] = infra.networkOfferings as [World['networkOfferings'][number], World['networkOfferings'][number], World['networkOfferings'][number]];
  const owned = (account: Account) => ({ accountid: account.id, domainid: account.domainid });

  const template = (name: string, owner: Account, zoneid: string, extra: Partial<Template> = {}): Template => ({
    id: nextId(), name, displaytext: name, zoneid, ostypename: 'Other Linux (64-bit)', ispublic: true, isfeatured: true,
    passwordenabled: true, isdynamicallyscalable: true, templatetype: 'USER', size: 10 * GB, created: daysAgo(200), ...owned(owner), ...extra,
  });
  const templates = [
    template('Ubuntu 22.04 LTS', admin, zoneA.id, { ostypename: 'Ubuntu 22.04 LTS' }),
    template('Rocky Linux 9', admin, zoneA.id, { ostypename: 'Rocky Linux 9', passwordenabled: false }),
    template('CentOS 5.5(64-bit) no GUI (KVM)', admin, zoneB.id, { templatetype: 'BUILTIN', isdynamicallyscalable: false, ostypename: 'CentOS 5.5 (64-bit)' }),
    template('ops-app-image', ops, zoneA.id, { ispublic: false, isfeatured: false }),
    template('dev-tools', dev, zoneA.id, { isfeatured: false }),
  ];
  const [ubuntu, rocky, centos] = templates as [Template, Template, Template];

  const network = (name: string, owner: Account, zoneid: string, offeringId: string, type: 'Isolated' | 'Shared', octet: number): Network => ({
    id: nextId(), name, displaytext: name, zoneid, networkofferingid: offeringId, type, state: 'Implemented',
    cidr: `10.1.${octet}.0/24`, gateway: `10.1.${octet}.1`, netmask: '255.255.255.0', created: daysAgo(150), ...owned(owner),
  });
  const adminNet = network('admin-net', admin, zoneA.id, isolatedOffering.id, 'Isolated', 1);
  const opsNet = network('ops-net', ops, zoneA.id, isolatedOffering.id, 'Isolated', 2);
  const devNet = network('dev-net', dev, zoneA.id, isolatedOffering.id, 'Isolated', 3);
  const sharedNet = network('shared-guest', admin, zoneA.id, sharedOffering.id, 'Shared', 100);
  const basicNet = network('basic-guest', admin, zoneB.id, sgOffering.id, 'Shared', 200);
  const networks = [adminNet, opsNet, devNet, sharedNet, basicNet];

  const securityGroup = (owner: Account) => ({
    id: nextId(), name: 'default', description: 'Default Security Group', ...owned(owner),
    ingressrule: [{ ruleid: nextId(), protocol: 'tcp', startport: 22, endport: 22, cidr: '0.0.0.0/0' }],
  });
  const securityGroups = [securityGroup(admin), securityGroup(ops)];

  const vms: VirtualMachine[] = [];
  const volumes: Volume[] = [];
  const poolOf = (host: Host | undefined, offering: ServiceOffering) =>
    infra.storagePools.find((pool) => (offering.storagetype === 'local' ? pool.hostid === host?.id : pool.scope === 'CLUSTER' && pool.clusterid === (host ?? a101).clusterid));
  let vmNumber = 0;
  const vm = (name: string, owner: Account, state: VmState, host: Host | undefined, offering: ServiceOffering, tmpl: Template, net: Network): VirtualMachine => {
    vmNumber += 1;
    const machine: VirtualMachine = {
      id: nextId(), name, displayname: name, state, zoneid: net.zoneid, hostid: state === 'Running' ? host?.id : undefined,
      lasthostid: host?.id, templateid: tmpl.id, serviceofferingid: offering.id, cpunumber: offering.cpunumber ?? 1,
      cpuspeed: offering.cpuspeed ?? 1000, memory: offering.memory ?? 1024, haenable: false, instancename: `i-2-${vmNumber + 10}-VM`,
      nics: [{ id: nextId(), networkid: net.id, ipaddress: net.gateway.replace(/\.1$/, `.${vmNumber + 10}`), macaddress: `02:00:4c:5a:00:${(vmNumber + 16).toString(16)}`, isdefault: true }],
      securitygroupids: net.zoneid === zoneB.id ? [securityGroups[owner === admin ? 0 : 1]!.id] : [],
      keypair: undefined, created: daysAgo(60 - vmNumber), ...owned(owner),
    };
    vms.push(machine);
    if (state !== 'Error') {
      volumes.push({ id: nextId(), name: `ROOT-${vmNumber + 10}`, type: 'ROOT', state: 'Ready', size: 20 * GB, zoneid: machine.zoneid,
        storageid: poolOf(host, offering)?.id, virtualmachineid: machine.id, deviceid: 0, templateid: tmpl.id, created: machine.created, ...owned(owner) });
    }
    return machine;
  };
  const web01 = vm('web-01', admin, 'Running', a101, small, ubuntu, adminNet);
  const web02 = vm('web-02', admin, 'Running', a102, medium, ubuntu, adminNet);
  const db01 = vm('db-01', admin, 'Stopped', a101, largeFixed, rocky, adminNet);
  vm('gpu-01', admin, 'Running', a201, gpuSmall, ubuntu, adminNet);
  vm('broken-01', admin, 'Error', undefined, small, ubuntu, adminNet);
  const app01 = vm('app-01', ops, 'Running', a101, small, ubuntu, opsNet);
  vm('app-02', ops, 'Stopped', a102, small, ubuntu, opsNet);
  vm('app-03', ops, 'Running', a102, largeFixed, rocky, opsNet);
  vm('dev-01', dev, 'Running', a102, small, ubuntu, devNet);
  vm('dev-02', dev, 'Stopped', a101, small, ubuntu, devNet);
  vm('basic-01', admin, 'Running', b101, small, centos, basicNet);
  vm('basic-ops-01', ops, 'Running', b102, small, centos, basicNet);
  app01.keypair = 'ops-key';

  const nfsA1 = infra.storagePools[0]!.id;
  const [diskSmall, diskMedium] = infra.diskOfferings as [World['diskOfferings'][number], World['diskOfferings'][number]];
  const dataDisk = (name: string, owner: Account, machine: VirtualMachine | undefined, size: number, offeringId: string): Volume => ({
    id: nextId(), name, type: 'DATADISK', state: 'Ready', size: size * GB, zoneid: zoneA.id, storageid: nfsA1, diskofferingid: offeringId,
    virtualmachineid: machine?.id, deviceid: machine ? 1 : undefined, created: daysAgo(40), ...owned(owner),
  });
  volumes.push(dataDisk('db-01-data', admin, db01, 20, diskMedium.id), dataDisk('app-01-data', ops, app01, 5, diskSmall.id), dataDisk('ops-scratch', ops, undefined, 5, diskSmall.id));

  const rootOf = (machine: VirtualMachine) => volumes.find((volume) => volume.virtualmachineid === machine.id && volume.type === 'ROOT')!;
  const snapshot = (machine: VirtualMachine, owner: Account) => ({
    id: nextId(), name: `${machine.name}_ROOT_snap`, volumeid: rootOf(machine).id, zoneid: machine.zoneid, state: 'BackedUp' as const,
    virtualsize: 20 * GB, created: daysAgo(10), ...owned(owner),
  });

  let ipOctet = 30;
  const publicIp = (owner: Account, net: Network, issourcenat: boolean, machine?: VirtualMachine) => ({
    id: nextId(), ipaddress: `198.51.100.${(ipOctet += 1)}`, zoneid: net.zoneid, networkid: net.id, issourcenat,
    virtualmachineid: machine?.id, state: 'Allocated' as const, allocated: daysAgo(30), ...owned(owner),
  });
  const adminSourceNat = publicIp(admin, adminNet, true);
  const adminNat = publicIp(admin, adminNet, false, web01);
  const opsNat = publicIp(ops, opsNet, false, app01);
  const publicIps = [adminSourceNat, adminNat, publicIp(ops, opsNet, true), opsNat, publicIp(ops, opsNet, false), publicIp(dev, devNet, true)];

  const event = (type: string, description: string, owner: Account, days: number, level: 'INFO' | 'WARN' | 'ERROR' = 'INFO') => ({
    id: nextId(), type, level, description, username: owner.username, state: 'Completed' as const, created: daysAgo(days), ...owned(owner),
  });
  const ownerOf = (machine: VirtualMachine) => infra.accounts.find((a) => a.id === machine.accountid)!;

  return {
    templates,
    networks,
    vms,
    volumes,
    snapshots: [snapshot(db01, admin), snapshot(app01, ops)],
    publicIps,
    firewallRules: [
      { id: nextId(), ipaddressid: adminNat.id, protocol: 'tcp', startport: 22, endport: 22, cidrlist: '10.0.0.0/8', ...owned(admin) },
      { id: nextId(), ipaddressid: adminNat.id, protocol: 'tcp', startport: 80, endport: 80, cidrlist: '0.0.0.0/0', ...owned(admin) },
      { id: nextId(), ipaddressid: opsNat.id, protocol: 'tcp', startport: 443, endport: 443, cidrlist: '0.0.0.0/0', ...owned(ops) },
    ],
    loadBalancerRules: [{
      id: nextId(), name: 'web-lb', publicipid: adminSourceNat.id, networkid: adminNet.id, zoneid: zoneA.id, algorithm: 'roundrobin',
      protocol: 'tcp', publicport: '80', privateport: '80', cidrlist: '0.0.0.0/0', virtualmachineids: [web01.id, web02.id], ...owned(admin),
    }],
    sshKeyPairs: [
      { id: nextId(), name: 'admin-key', fingerprint: '3f:1a:92:0b:5e:6c:77:d1:aa:04:9e:21:c3:58:be:10', ...owned(admin) },
      { id: nextId(), name: 'ops-key', fingerprint: '8c:42:e7:19:03:bd:5a:66:f0:2e:91:7c:48:a5:d3:09', ...owned(ops) },
    ],
    securityGroups,
    events: [
      ...vms.map((machine, index) => event('VM.CREATE', `Successfully completed deploying Vm. Vm Name: ${machine.name}`, ownerOf(machine), 60 - index)),
      event('VM.STOP', `Successfully completed stopping Vm. Vm Name: ${db01.name}`, admin, 5),
      event('VM.START', 'Error while starting Vm. Vm Name: broken-01', admin, 4, 'ERROR'),
      event('SNAPSHOT.CREATE', 'Successfully completed creating snapshot', ops, 10),
    ],
    alerts: [
      { id: nextId(), type: 7, name: 'ALERT.TYPE.HOST', description: 'Host is down, name: kvm-a1-04 (id:4), availability zone: zone-adv-1, pod: pod-a1', sent: daysAgo(2) },
      { id: nextId(), type: 7, name: 'ALERT.TYPE.HOST', description: 'Host kvm-a1-03 has been put in Maintenance mode', sent: daysAgo(3) },
      { id: nextId(), type: 2, name: 'ALERT.TYPE.STORAGE', description: 'System Alert: Low Available Storage in cluster cluster-a2 pod pod-a1 of availability zone zone-adv-1', sent: daysAgo(1) },
    ],
    usageRecords: vms.flatMap((machine) => {
      const owner = ownerOf(machine);
      const base = { zoneid: machine.zoneid, virtualmachineid: machine.id, offeringid: machine.serviceofferingid, templateid: machine.templateid, startdate: daysAgo(2), enddate: daysAgo(1), ...owned(owner) };
      const running = machine.state === 'Running' ? [{ id: nextId(), usagetype: 1, description: `${machine.name} running time`, usage: '24 Hrs', rawusage: 24, usageid: machine.id, ...base }] : [];
      return [...running, { id: nextId(), usagetype: 2, description: `${machine.name} allocated time`, usage: '24 Hrs', rawusage: 24, usageid: machine.id, ...base }];
    }),
  };
}

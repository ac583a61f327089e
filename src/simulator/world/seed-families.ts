/**
 * The seeded data of the families (tags, VPCs, port forwarding, egress rules, VM snapshots, ISOs, OS types,
 * affinity groups, projects). Drawn after everything else so the ids of the original world do not move.
 * Tags: `env=prod` on web-01 (admin, Running) and app-02 (ops-user, Stopped), `env=dev` on app-03 and dev-01;
 * the other VMs are untagged.
 */
import type { SeedContext } from './seed-infra.js';
import type { Account, World } from './types.js';
import type { FamilyCollections, ResourceTag, TaggableType } from './types-families.js';

const GB = 1024 ** 3;

export function seedFamilies({ nextId, daysAgo }: SeedContext, world: Omit<World, keyof FamilyCollections>): FamilyCollections {
  const [admin, ops] = world.accounts as [Account, Account];
  const zoneA = world.zones[0]!;
  const owned = (account: Account) => ({ accountid: account.id, domainid: account.domainid });
  const vmNamed = (name: string) => world.vms.find((vm) => vm.name === name)!;
  const accountOf = (accountid: string) => world.accounts.find((a) => a.id === accountid)!;

  const osTypes = [
    ['Ubuntu 22.04 LTS', 'Ubuntu'], ['Rocky Linux 9', 'CentOS'], ['CentOS 5.5 (64-bit)', 'CentOS'], ['Debian GNU/Linux 12 (64-bit)', 'Debian'],
    ['Other Linux (64-bit)', 'Other'], ['Windows Server 2022 (64-bit)', 'Windows'],
  ].map(([description, category]) => ({ id: nextId(), name: description!, description: description!, oscategoryid: '', oscategoryname: category! }));
  const categories = new Map<string, string>();
  for (const os of osTypes) os.oscategoryid = categories.get(os.oscategoryname) ?? categories.set(os.oscategoryname, nextId()).get(os.oscategoryname)!;
  const osNamed = (description: string) => osTypes.find((os) => os.description === description)!.id;

  const vpcOfferings = [
    { id: nextId(), name: 'Default VPC offering', displaytext: 'Default VPC offering', isdefault: true, state: 'Enabled' as const,
      services: ['Dhcp', 'Dns', 'SourceNat', 'StaticNat', 'PortForwarding', 'Lb', 'NetworkACL', 'UserData', 'Vpn'], created: daysAgo(390) },
    { id: nextId(), name: 'Redundant VPC offering', displaytext: 'Redundant VPC offering', isdefault: false, state: 'Enabled' as const,
      services: ['Dhcp', 'Dns', 'SourceNat', 'StaticNat', 'PortForwarding', 'Lb', 'NetworkACL', 'UserData'], created: daysAgo(390) },
  ];
  const vpcs = [{
    id: nextId(), name: 'ops-vpc', displaytext: 'ops VPC', zoneid: zoneA.id, vpcofferingid: vpcOfferings[0]!.id, cidr: '10.50.0.0/16',
    networkdomain: 'ops.internal', state: 'Enabled' as const, created: daysAgo(90), ...owned(ops),
  }];

  const opsNet = world.networks.find((n) => n.name === 'ops-net')!;
  const app03 = vmNamed('app-03');
  // ops-user's one public IP that is neither source NAT nor static NAT.
  const opsFreeIp = world.publicIps.find((ip) => ip.accountid === ops.id && !ip.issourcenat && !ip.virtualmachineid)!;
  const portForwardingRules = [{
    id: nextId(), ipaddressid: opsFreeIp.id, protocol: 'tcp' as const, publicport: 2222, publicendport: 2222, privateport: 22, privateendport: 22,
    virtualmachineid: app03.id, vmguestip: app03.nics[0]!.ipaddress, networkid: opsNet.id, cidrlist: '0.0.0.0/0', ...owned(ops),
  }];
  const egressRules = [{
    id: nextId(), networkid: opsNet.id, protocol: 'tcp', startport: 443, endport: 443, cidrlist: '10.1.2.0/24', destcidrlist: '0.0.0.0/0', ...owned(ops),
  }];

  const web02 = vmNamed('web-02');
  const vmSnapshots = [{
    id: nextId(), name: 'i-2-12-VM_VS_20261101000000', displayname: 'web-02-before-upgrade', description: 'before the kernel upgrade',
    virtualmachineid: web02.id, zoneid: web02.zoneid, type: 'Disk' as const, state: 'Ready' as const, current: true, created: daysAgo(30), ...owned(admin),
  }];

  const iso = (name: string, owner: Account, os: string, extra: { ispublic: boolean; isfeatured: boolean }) => ({
    id: nextId(), name, displaytext: name, zoneid: zoneA.id, ostypeid: osNamed(os), bootable: true, size: 2 * GB, created: daysAgo(120), ...extra, ...owned(owner),
  });
  const isos = [
    iso('ubuntu-22.04-live-server-amd64.iso', admin, 'Ubuntu 22.04 LTS', { ispublic: true, isfeatured: true }),
    iso('virtio-win.iso', admin, 'Windows Server 2022 (64-bit)', { ispublic: true, isfeatured: false }),
    iso('ops-rescue.iso', ops, 'Debian GNU/Linux 12 (64-bit)', { ispublic: false, isfeatured: false }),
  ];

  const affinityGroups = [{
    id: nextId(), name: 'web-anti-affinity', description: 'keep the web servers apart', type: 'host anti-affinity' as const,
    virtualmachineids: [vmNamed('web-01').id, web02.id], ...owned(admin),
  }];
  const projects = [
    { id: nextId(), name: 'platform', displaytext: 'Platform team', state: 'Active' as const, created: daysAgo(200), ...owned(admin) },
    { id: nextId(), name: 'ops-migration', displaytext: 'Data-centre migration', state: 'Active' as const, created: daysAgo(80), ...owned(ops) },
  ];

  const tag = (resourcetype: TaggableType, resource: { id: string; accountid: string }, key: string, value: string): ResourceTag => ({
    key, value, resourcetype, resourceid: resource.id, accountid: resource.accountid, domainid: accountOf(resource.accountid).domainid,
  });
  const tags = [
    tag('UserVm', vmNamed('web-01'), 'env', 'prod'),
    tag('UserVm', vmNamed('web-01'), 'role', 'web'),
    tag('UserVm', vmNamed('app-02'), 'env', 'prod'),
    tag('UserVm', app03, 'env', 'dev'),
    tag('UserVm', vmNamed('dev-01'), 'env', 'dev'),
    tag('Volume', world.volumes.find((v) => v.name === 'db-01-data')!, 'backup', 'daily'),
    tag('Network', opsNet, 'team', 'ops'),
    tag('Vpc', vpcs[0]!, 'env', 'prod'),
  ];
  return { tags, vpcOfferings, vpcs, portForwardingRules, egressRules, vmSnapshots, isos, osTypes, affinityGroups, projects };
}

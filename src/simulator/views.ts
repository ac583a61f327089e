/**
 * Response objects for the entities several command files return: VMs, volumes and hosts. Names of related
 * entities (host, zone, offering, template, network) are joined at render time, so they are never stale.
 */
import { ownerFields } from './context.js';
import { csDate, withoutNulls, type Json } from './protocol.js';
import { tagsOf } from './tags.js';
import type { World } from './world/types.js';
import type { Host } from './world/types-infra.js';
import type { VirtualMachine, Volume } from './world/types-tenants.js';

const KB = 1024;

export function vmView(world: World, vm: VirtualMachine, extra: Json = {}): Json {
  const host = world.hosts.find((h) => h.id === vm.hostid);
  const zone = world.zones.find((z) => z.id === vm.zoneid);
  const offering = world.serviceOfferings.find((o) => o.id === vm.serviceofferingid);
  const template = world.templates.find((t) => t.id === vm.templateid);
  const root = world.volumes.find((v) => v.virtualmachineid === vm.id && v.type === 'ROOT');
  const pool = world.storagePools.find((p) => p.id === root?.storageid);
  const publicIp = world.publicIps.find((ip) => ip.virtualmachineid === vm.id && !ip.issourcenat);
  return withoutNulls({
    id: vm.id, name: vm.name, displayname: vm.displayname, instancename: vm.instancename, state: vm.state,
    ...ownerFields(world, vm),
    created: csDate(vm.created), zoneid: vm.zoneid, zonename: zone?.name,
    hostid: vm.hostid, hostname: host?.name, hypervisor: 'KVM', haenable: vm.haenable,
    templateid: vm.templateid, templatename: template?.name, templatedisplaytext: template?.displaytext,
    passwordenabled: template?.passwordenabled ?? false, osdisplayname: template?.ostypename,
    serviceofferingid: vm.serviceofferingid, serviceofferingname: offering?.name,
    cpunumber: vm.cpunumber, cpuspeed: vm.cpuspeed, memory: vm.memory,
    isdynamicallyscalable: (template?.isdynamicallyscalable ?? false) && (offering?.dynamicscalingenabled ?? false),
    rootdeviceid: 0, rootdevicetype: 'ROOT', pooltype: pool?.type,
    keypairs: vm.keypair, publicip: publicIp?.ipaddress, publicipid: publicIp?.id,
    securitygroup: vm.securitygroupids.map((id) => {
      const group = world.securityGroups.find((g) => g.id === id);
      return { id, name: group?.name, description: group?.description };
    }),
    nic: vm.nics.map((nic) => {
      const network = world.networks.find((n) => n.id === nic.networkid);
      return withoutNulls({
        id: nic.id, networkid: nic.networkid, networkname: network?.name, ipaddress: nic.ipaddress, macaddress: nic.macaddress,
        isdefault: nic.isdefault, gateway: network?.gateway, netmask: network?.netmask, type: network?.type, traffictype: 'Guest',
      });
    }),
    ipaddress: vm.nics.find((nic) => nic.isdefault)?.ipaddress,
    details: { cpuOvercommitRatio: '2.0', memoryOvercommitRatio: '1.0', rootDiskController: 'virtio' },
    isoid: vm.isoid, isoname: world.isos.find((iso) => iso.id === vm.isoid)?.name, isodisplaytext: world.isos.find((iso) => iso.id === vm.isoid)?.displaytext,
    affinitygroup: world.affinityGroups.filter((g) => g.virtualmachineids.includes(vm.id)).map((g) => ({ id: g.id, name: g.name, type: g.type, description: g.description })),
    tags: tagsOf(world, 'UserVm', vm.id),
    ...extra,
  });
}

export function volumeView(world: World, volume: Volume): Json {
  const vm = world.vms.find((v) => v.id === volume.virtualmachineid);
  const pool = world.storagePools.find((p) => p.id === volume.storageid);
  const zone = world.zones.find((z) => z.id === volume.zoneid);
  const offering = world.diskOfferings.find((o) => o.id === volume.diskofferingid);
  return withoutNulls({
    id: volume.id, name: volume.name, type: volume.type, state: volume.state, size: volume.size, virtualsize: volume.size,
    ...ownerFields(world, volume), created: csDate(volume.created), zoneid: volume.zoneid, zonename: zone?.name,
    storageid: volume.storageid, storage: pool?.name, storagetype: pool?.scope === 'HOST' ? 'local' : 'shared',
    clusterid: pool?.clusterid, podid: pool?.podid, hypervisor: 'KVM', provisioningtype: 'thin',
    virtualmachineid: volume.virtualmachineid, vmname: vm?.name, vmdisplayname: vm?.displayname, vmstate: vm?.state,
    vmtype: vm ? 'User' : undefined, deviceid: volume.deviceid, attached: vm ? csDate(volume.created) : undefined,
    diskofferingid: volume.diskofferingid, diskofferingname: offering?.name, diskofferingdisplaytext: offering?.displaytext,
    templateid: volume.templateid, destroyed: false, isextractable: true, displayvolume: true,
    tags: tagsOf(world, 'Volume', volume.id),
  });
}

/** Memory the VMs running on a host use, in bytes, as CloudStack reports `memoryallocated`. */
function allocatedOn(world: World, host: Host): { cpu: number; memory: number } {
  const running = world.vms.filter((vm) => vm.hostid === host.id);
  return {
    cpu: running.reduce((sum, vm) => sum + vm.cpunumber * vm.cpuspeed, 0),
    memory: running.reduce((sum, vm) => sum + vm.memory * KB * KB, 0),
  };
}

export function hostView(world: World, host: Host, extra: Json = {}): Json {
  const cluster = world.clusters.find((c) => c.id === host.clusterid);
  const pod = world.pods.find((p) => p.id === host.podid);
  const zone = world.zones.find((z) => z.id === host.zoneid);
  const allocated = allocatedOn(world, host);
  const cpuTotal = host.cpunumber * host.cpuspeed;
  return withoutNulls({
    id: host.id, name: host.name, type: 'Routing', state: host.state, resourcestate: host.resourcestate, ipaddress: host.ipaddress,
    hypervisor: 'KVM', hypervisorversion: '8.0.0', arch: 'x86_64', clusterid: host.clusterid, clustername: cluster?.name, clustertype: 'CloudManaged',
    podid: host.podid, podname: pod?.name, zoneid: host.zoneid, zonename: zone?.name,
    cpunumber: host.cpunumber, cpuspeed: host.cpuspeed, cpuallocated: `${((allocated.cpu / cpuTotal) * 100).toFixed(2)}%`,
    cpuallocatedvalue: allocated.cpu, memorytotal: host.memorytotal, memoryallocated: allocated.memory, memoryused: allocated.memory,
    islocalstorageactive: host.localstorage, gputotal: host.gpu ? 1 : 0, gpuused: 0,
    hosttags: host.gpu ? 'gpu' : undefined, created: csDate(host.created),
    disconnected: host.state === 'Disconnected' ? csDate(host.created) : undefined,
    ...extra,
  });
}

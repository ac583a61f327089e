/** The provider's view: zones (for everyone) and pods, clusters, hosts, storage, system VMs, capacity, alerts (root admin). */
import { matching, param, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import { csDate, withoutNulls, type Json } from '../protocol.js';
import { hostView } from '../views.js';
import type { World } from '../world/types.js';
import type { Zone } from '../world/types-infra.js';
import { javaClass, syncCommand, type CommandTable } from './registry.js';

const MB = 1024 * 1024;
const zoneName = (world: World, id: string) => world.zones.find((z) => z.id === id)?.name;

function zoneView(zone: Zone): Json {
  return withoutNulls({
    id: zone.id, name: zone.name, networktype: zone.networktype, allocationstate: 'Enabled', securitygroupsenabled: zone.securitygroupsenabled,
    localstorageenabled: zone.localstorageenabled, dns1: zone.dns1, internaldns1: zone.internaldns1, guestcidraddress: zone.guestcidraddress,
    dhcpprovider: 'VirtualRouter', type: 'Core', zonetoken: zone.id.replace(/-/g, '').slice(0, 24),
  });
}

/** Capacity computed from the world, per zone and CloudStack capacity type, so it follows every change. */
function capacities(world: World, zone: Zone): Json[] {
  const hosts = world.hosts.filter((h) => h.zoneid === zone.id && h.state === 'Up');
  const vms = world.vms.filter((vm) => vm.zoneid === zone.id && vm.hostid);
  const pools = world.storagePools.filter((p) => p.zoneid === zone.id);
  const volumes = world.volumes.filter((v) => pools.some((p) => p.id === v.storageid));
  const ips = world.publicIps.filter((ip) => ip.zoneid === zone.id);
  const entry = (type: number, name: string, used: number, total: number): Json => ({
    type, name, zoneid: zone.id, zonename: zone.name, capacityused: used, capacitytotal: total, capacityallocated: used,
    percentused: total === 0 ? '0' : ((used / total) * 100).toFixed(2),
  });
  return [
    entry(0, 'MEMORY', vms.reduce((s, vm) => s + vm.memory * MB, 0), hosts.reduce((s, h) => s + h.memorytotal, 0)),
    entry(1, 'CPU', vms.reduce((s, vm) => s + vm.cpunumber * vm.cpuspeed, 0), hosts.reduce((s, h) => s + h.cpunumber * h.cpuspeed, 0)),
    entry(2, 'STORAGE', Math.round(volumes.reduce((s, v) => s + v.size, 0) * 0.4), pools.reduce((s, p) => s + p.capacitybytes, 0)),
    entry(3, 'STORAGE_ALLOCATED', volumes.reduce((s, v) => s + v.size, 0), pools.reduce((s, p) => s + p.capacitybytes, 0)),
    entry(4, 'VIRTUAL_NETWORK_PUBLIC_IP', ips.length, 64),
    entry(5, 'PRIVATE_IP', world.systemVms.filter((s) => s.zoneid === zone.id).length + hosts.length, 100),
  ];
}

function listCapacity(ctx: CommandContext): Json {
  const type = param(ctx, 'type');
  let items = ctx.world.zones.filter((z) => param(ctx, 'zoneid') === undefined || z.id === param(ctx, 'zoneid')).flatMap((z) => capacities(ctx.world, z));
  if (type !== undefined) items = items.filter((c) => String(c.type) === type);
  if (param(ctx, 'sortby') === 'usage') items.sort((a, b) => Number(b.percentused) - Number(a.percentused));
  return listResponse(ctx, 'capacity', items);
}

export function registerInfrastructure(table: CommandTable): void {
  syncCommand(table, 'listZones', javaClass('user', 'zone', 'ListZonesCmd'), (ctx) =>
    listResponse(ctx, 'zone', matching(ctx, ctx.world.zones, { id: (z) => z.id, name: (z) => z.name, networktype: (z) => z.networktype }).map(zoneView)),
  );
  syncCommand(table, 'listPods', javaClass('admin', 'pod', 'ListPodsByCmd'), (ctx) =>
    listResponse(ctx, 'pod', matching(ctx, ctx.world.pods, { id: (p) => p.id, name: (p) => p.name, zoneid: (p) => p.zoneid }).map((pod) => ({
      ...pod, zonename: zoneName(ctx.world, pod.zoneid), allocationstate: 'Enabled', startip: [pod.startip], endip: [pod.endip],
    }))), true);
  syncCommand(table, 'listClusters', javaClass('admin', 'cluster', 'ListClustersCmd'), (ctx) =>
    listResponse(ctx, 'cluster', matching(ctx, ctx.world.clusters, { id: (c) => c.id, name: (c) => c.name, zoneid: (c) => c.zoneid, podid: (c) => c.podid }).map((c) => ({
      ...c, podname: ctx.world.pods.find((p) => p.id === c.podid)?.name, zonename: zoneName(ctx.world, c.zoneid), hypervisortype: 'KVM',
      clustertype: 'CloudManaged', allocationstate: 'Enabled', managedstate: 'Managed', arch: 'x86_64', cpuovercommitratio: '2.0', memoryovercommitratio: '1.0',
    }))), true);
  syncCommand(table, 'listHosts', javaClass('admin', 'host', 'ListHostsCmd'), (ctx) => {
    const vmId = param(ctx, 'virtualmachineid');
    const hosts = matching(ctx, ctx.world.hosts, {
      id: (h) => h.id, name: (h) => h.name, zoneid: (h) => h.zoneid, podid: (h) => h.podid, clusterid: (h) => h.clusterid,
      state: (h) => h.state, resourcestate: (h) => h.resourcestate, type: () => 'Routing', hypervisor: () => 'KVM',
    }).filter((h) => vmId === undefined || ctx.world.vms.some((vm) => vm.id === vmId && vm.hostid === h.id));
    return listResponse(ctx, 'host', hosts.map((h) => hostView(ctx.world, h)));
  }, true);
  syncCommand(table, 'listStoragePools', javaClass('admin', 'storage', 'ListStoragePoolsCmd'), (ctx) =>
    listResponse(ctx, 'storagepool', matching(ctx, ctx.world.storagePools, {
      id: (p) => p.id, name: (p) => p.name, zoneid: (p) => p.zoneid, podid: (p) => p.podid, clusterid: (p) => p.clusterid, scope: (p) => p.scope, hostid: (p) => p.hostid,
    }).map((pool) => {
      const used = ctx.world.volumes.filter((v) => v.storageid === pool.id).reduce((s, v) => s + v.size, 0);
      return withoutNulls({
        id: pool.id, name: pool.name, scope: pool.scope, type: pool.type, state: 'Up', zoneid: pool.zoneid, zonename: zoneName(ctx.world, pool.zoneid),
        podid: pool.podid, clusterid: pool.clusterid, clustername: ctx.world.clusters.find((c) => c.id === pool.clusterid)?.name,
        ipaddress: pool.ipaddress, path: pool.path, hypervisor: 'KVM', capacitybytes: pool.capacitybytes, disksizetotal: pool.capacitybytes,
        disksizeallocated: used, disksizeused: Math.round(used * 0.4), overprovisionfactor: '2.0', provider: 'DefaultPrimary', managed: false, created: csDate(pool.created),
      });
    })), true);
  syncCommand(table, 'listSystemVms', javaClass('admin', 'systemvm', 'ListSystemVMsCmd'), (ctx) =>
    listResponse(ctx, 'systemvm', matching(ctx, ctx.world.systemVms, {
      id: (s) => s.id, name: (s) => s.name, zoneid: (s) => s.zoneid, hostid: (s) => s.hostid, state: (s) => s.state, systemvmtype: (s) => s.systemvmtype,
    }).map((s) => ({
      ...s, created: csDate(s.created), zonename: zoneName(ctx.world, s.zoneid), hostname: ctx.world.hosts.find((h) => h.id === s.hostid)?.name,
      hypervisor: 'KVM', agentstate: 'Up', version: '4.20.0', activeviewersessions: 0,
    }))), true);
  syncCommand(table, 'listCapacity', javaClass('admin', 'resource', 'ListCapacityCmd'), listCapacity, true);
  syncCommand(table, 'listAlerts', javaClass('admin', 'resource', 'ListAlertsCmd'), (ctx) =>
    listResponse(ctx, 'alert', matching(ctx, ctx.world.alerts, { id: (a) => a.id, type: (a) => a.type, name: (a) => a.name })
      .map((a) => ({ id: a.id, type: a.type, name: a.name, description: a.description, sent: csDate(a.sent) }))), true);
}

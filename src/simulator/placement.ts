/**
 * Where VMs may run and live-migrate, shared by deploy, start, migrate and findHostsForMigration so they
 * never disagree. A host is usable when Up and Enabled; live migration keeps the VM's volumes, so the target
 * must reach the VM's storage (the same cluster for cluster-scoped pools, never for host-local storage), and
 * a VM whose offering needs a GPU can only run on a GPU host.
 */
import type { World } from './world/types.js';
import type { Host, ServiceOffering, StoragePool } from './world/types-infra.js';
import type { VirtualMachine } from './world/types-tenants.js';

export function isUsable(host: Host): boolean {
  return host.state === 'Up' && host.resourcestate === 'Enabled';
}

function poolsOf(world: World, vm: VirtualMachine): StoragePool[] {
  const ids = new Set(world.volumes.filter((v) => v.virtualmachineid === vm.id && v.storageid).map((v) => v.storageid));
  return world.storagePools.filter((pool) => ids.has(pool.id));
}

function reachesPool(host: Host, pool: StoragePool): boolean {
  if (pool.scope === 'HOST') return pool.hostid === host.id;
  if (pool.scope === 'ZONE') return pool.zoneid === host.zoneid;
  return pool.clusterid === host.clusterid;
}

export function offeringOf(world: World, vm: VirtualMachine): ServiceOffering | undefined {
  return world.serviceOfferings.find((o) => o.id === vm.serviceofferingid);
}

/** Why a host cannot take the VM by live migration, in CloudStack's words; undefined when it can. */
export function migrationRefusal(world: World, vm: VirtualMachine, host: Host): string | undefined {
  if (host.id === vm.hostid) return 'Host to migrate to is the same as the current host of the VM; please specify a different host';
  if (host.zoneid !== vm.zoneid) return `Cannot migrate VM ${vm.name}: the destination host ${host.name} is in a different zone`;
  if (host.state !== 'Up') return `Unable to migrate VM ${vm.name}: the destination host ${host.name} is not Up (state ${host.state})`;
  if (host.resourcestate !== 'Enabled') {
    return `Unable to migrate VM ${vm.name}: the destination host ${host.name} is not Enabled (resource state ${host.resourcestate})`;
  }
  if (offeringOf(world, vm)?.gpu && !host.gpu) {
    return `Unable to migrate VM ${vm.name}: its service offering requires a GPU and the destination host ${host.name} has none`;
  }
  if (!requiresStorageMotion(world, vm, host)) return undefined;
  return `Cannot migrate VM ${vm.name} to host ${host.name}: the destination host does not have access to the VM's storage; use migrateVirtualMachineWithVolume to migrate the volumes as well`;
}

export function requiresStorageMotion(world: World, vm: VirtualMachine, host: Host): boolean {
  return !poolsOf(world, vm).every((pool) => reachesPool(host, pool));
}

/** A host for a VM starting in a zone: usable, GPU if needed, not one to avoid (anti-affinity), the least loaded first. */
export function pickHost(world: World, zoneId: string, offering: ServiceOffering | undefined, preferred?: string, avoid: ReadonlySet<string> = new Set()): Host | undefined {
  const candidates = world.hosts.filter((h) => h.zoneid === zoneId && isUsable(h) && !avoid.has(h.id) && (!offering?.gpu || h.gpu) && (offering?.gpu || !h.gpu));
  const wanted = candidates.find((h) => h.id === preferred);
  if (wanted) return wanted;
  const load = (host: Host) => world.vms.filter((vm) => vm.hostid === host.id).length;
  return [...candidates].sort((a, b) => load(a) - load(b))[0];
}

/** A pool for a new volume on a host: local storage for local offerings, else the host's cluster pool. */
export function pickPool(world: World, host: Host | undefined, zoneId: string, local: boolean): StoragePool | undefined {
  return world.storagePools.find((pool) =>
    local ? pool.scope === 'HOST' && pool.hostid === host?.id : pool.scope !== 'HOST' && pool.zoneid === zoneId && (!host || reachesPool(host, pool)),
  );
}

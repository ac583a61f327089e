/** listVirtualMachines and listVirtualMachinesMetrics: account-scoped, with CloudStack's filters. */
import { matching, param, visible, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import type { Json } from '../protocol.js';
import { withTags } from '../tags.js';
import { vmView } from '../views.js';
import type { VirtualMachine } from '../world/types-tenants.js';
import { javaClass, syncCommand, type CommandTable } from './registry.js';

function selectVms(ctx: CommandContext): VirtualMachine[] {
  const { world } = ctx;
  const storageId = param(ctx, 'storageid');
  const networkId = param(ctx, 'networkid');
  const clusterId = param(ctx, 'clusterid');
  return matching(ctx, withTags(ctx, 'UserVm', visible(ctx, world.vms)), {
    id: (vm) => vm.id,
    name: (vm) => vm.name,
    state: (vm) => vm.state,
    zoneid: (vm) => vm.zoneid,
    hostid: (vm) => vm.hostid,
    templateid: (vm) => vm.templateid,
    serviceofferingid: (vm) => vm.serviceofferingid,
    keypair: (vm) => vm.keypair,
    haenable: (vm) => vm.haenable,
  }).filter(
    (vm) =>
      (storageId === undefined || world.volumes.some((v) => v.virtualmachineid === vm.id && v.storageid === storageId)) &&
      (networkId === undefined || vm.nics.some((nic) => nic.networkid === networkId)) &&
      (clusterId === undefined || world.hosts.find((h) => h.id === vm.hostid)?.clusterid === clusterId),
  );
}

/** Plausible live metrics, stable for a VM (derived from its id) so repeated calls agree. */
function metrics(vm: VirtualMachine): Json {
  const spread = Number.parseInt(vm.id.slice(0, 4), 16) / 0xffff;
  const running = vm.state === 'Running';
  const used = running ? 5 + spread * 80 : 0;
  return {
    cpuused: `${used.toFixed(2)}%`,
    cputotal: `${((vm.cpunumber * vm.cpuspeed) / 1000).toFixed(2)} Ghz`,
    memorytotal: `${(vm.memory / 1024).toFixed(2)} GB`,
    memorykbs: running ? vm.memory * 1024 : 0,
    memoryintfreekbs: running ? Math.round(vm.memory * 1024 * (1 - spread * 0.7)) : 0,
    memorytargetkbs: running ? vm.memory * 1024 : 0,
    networkread: `${(spread * 900).toFixed(2)} MiB`,
    networkwrite: `${(spread * 300).toFixed(2)} MiB`,
    networkkbsread: running ? Math.round(spread * 900 * 1024) : 0,
    networkkbswrite: running ? Math.round(spread * 300 * 1024) : 0,
    diskioread: running ? Math.round(spread * 12000) : 0,
    diskiowrite: running ? Math.round(spread * 8000) : 0,
    diskkbsread: running ? Math.round(spread * 4_000_000) : 0,
    diskkbswrite: running ? Math.round(spread * 2_000_000) : 0,
  };
}

export function registerVmLists(table: CommandTable): void {
  syncCommand(table, 'listVirtualMachines', javaClass('user', 'vm', 'ListVMsCmd'), (ctx) =>
    listResponse(ctx, 'virtualmachine', selectVms(ctx).map((vm) => vmView(ctx.world, vm))),
  );
  syncCommand(table, 'listVirtualMachinesMetrics', javaClass('user', 'vm', 'ListVMsMetricsCmd'), (ctx) =>
    listResponse(ctx, 'virtualmachine', selectVms(ctx).map((vm) => vmView(ctx.world, vm, metrics(vm)))),
  );
}

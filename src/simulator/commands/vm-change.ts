/**
 * Changing a VM: scaleVirtualMachine (async, live, dynamically scalable offerings and templates only),
 * changeServiceForVirtualMachine (sync, Stopped VMs only) and resetPasswordForVirtualMachine (async, Stopped
 * VM, password-enabled template; the new password is returned once and never stored or logged).
 */
import { randomBytes } from 'node:crypto';
import { lookup, param, recordEvent, type CommandContext } from '../context.js';
import { ApiError, type Json } from '../protocol.js';
import { vmView } from '../views.js';
import type { ServiceOffering } from '../world/types-infra.js';
import type { VirtualMachine } from '../world/types-tenants.js';
import { asyncCommand, javaClass, syncCommand, type AsyncWork, type CommandTable } from './registry.js';

/** Size of a VM under an offering; custom offerings take `details[0].cpuNumber/cpuSpeed/memory`. */
function sizing(ctx: CommandContext, offering: ServiceOffering): { cpunumber: number; cpuspeed: number; memory: number } {
  if (!offering.iscustomized) return { cpunumber: offering.cpunumber ?? 1, cpuspeed: offering.cpuspeed ?? 1000, memory: offering.memory ?? 1024 };
  const detail = (name: string) => {
    const value = param(ctx, `details[0].${name}`);
    if (value === undefined || !/^\d+$/.test(value)) {
      throw new ApiError(431, `Need to specify custom parameter values cpu, cpu speed and memory when using custom offering (missing ${name})`);
    }
    return Number.parseInt(value, 10);
  };
  return { cpunumber: detail('cpunumber'), cpuspeed: detail('cpuspeed'), memory: detail('memory') };
}

function applyOffering(vm: VirtualMachine, offering: ServiceOffering, size: ReturnType<typeof sizing>): void {
  vm.serviceofferingid = offering.id;
  Object.assign(vm, size);
}

function scale(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const vm = lookup(ctx, world.vms, 'id');
  const offering = lookup(ctx, world.serviceOfferings, 'serviceofferingid');
  const size = sizing(ctx, offering);
  return {
    instanceType: 'VirtualMachine',
    instanceId: vm.id,
    begin: () => {
      if (vm.state !== 'Running' && vm.state !== 'Stopped') throw new ApiError(431, `Unable to scale VM ${vm.name} in state ${vm.state}`);
      const current = world.serviceOfferings.find((o) => o.id === vm.serviceofferingid);
      const template = world.templates.find((t) => t.id === vm.templateid);
      if (current?.id === offering.id && !offering.iscustomized) {
        throw new ApiError(431, `Not upgrading vm ${vm.name} since it already has the requested service offering (${offering.name})`);
      }
      if (vm.state === 'Running') {
        if (!template?.isdynamicallyscalable || !current?.dynamicscalingenabled) {
          throw new ApiError(431, `Unable to scale VM ${vm.name}: the VM is not dynamically scalable (its template or service offering does not allow dynamic scaling)`);
        }
        if (!offering.dynamicscalingenabled) {
          throw new ApiError(431, `Unable to scale VM ${vm.name}: dynamic scaling is not enabled for the service offering ${offering.name}`);
        }
        if (size.cpuspeed !== vm.cpuspeed && size.cpunumber < vm.cpunumber) {
          throw new ApiError(431, 'Only scaling up the vm is supported, new service offering should have higher cpu or memory values');
        }
        if (size.cpunumber < vm.cpunumber || size.memory < vm.memory) {
          throw new ApiError(431, 'Only scaling up the vm is supported, new service offering should have higher cpu or memory values');
        }
      }
      return () => {
        applyOffering(vm, offering, size);
        recordEvent(ctx, 'VM.UPGRADE', `Successfully completed upgrading Vm. Vm Name: ${vm.name} to offering ${offering.name}`, { id: vm.id, type: 'VirtualMachine' });
        return { success: true };
      };
    },
  };
}

function changeService(ctx: CommandContext): Json {
  const vm = lookup(ctx, ctx.world.vms, 'id');
  const offering = lookup(ctx, ctx.world.serviceOfferings, 'serviceofferingid');
  if (vm.state !== 'Stopped') {
    throw new ApiError(431, `Unable to upgrade virtual machine ${vm.name} in ${vm.state} state; make sure the virtual machine is stopped`);
  }
  applyOffering(vm, offering, sizing(ctx, offering));
  recordEvent(ctx, 'VM.UPGRADE', `Successfully completed upgrading Vm. Vm Name: ${vm.name} to offering ${offering.name}`, { id: vm.id, type: 'VirtualMachine' });
  return { virtualmachine: vmView(ctx.world, vm) };
}

function resetPassword(ctx: CommandContext): AsyncWork {
  const vm = lookup(ctx, ctx.world.vms, 'id');
  const chosen = param(ctx, 'password');
  return {
    instanceType: 'VirtualMachine',
    instanceId: vm.id,
    begin: () => {
      const template = ctx.world.templates.find((t) => t.id === vm.templateid);
      if (!template?.passwordenabled) throw new ApiError(431, 'Fail to reset password for the virtual machine, the template is not password enabled');
      if (vm.state !== 'Stopped') throw new ApiError(431, `Vm ${vm.name} should be stopped to reset its password (it is ${vm.state})`);
      return () => {
        recordEvent(ctx, 'VM.RESETPASSWORD', `Successfully completed resetting password for Vm. Vm Name: ${vm.name}`, { id: vm.id, type: 'VirtualMachine' });
        return { virtualmachine: vmView(ctx.world, vm, { password: chosen ?? randomBytes(9).toString('base64url') }) };
      };
    },
  };
}

export function registerVmChanges(table: CommandTable): void {
  asyncCommand(table, 'scaleVirtualMachine', javaClass('user', 'vm', 'ScaleVMCmd'), scale);
  syncCommand(table, 'changeServiceForVirtualMachine', javaClass('user', 'vm', 'UpgradeVMCmd'), changeService);
  asyncCommand(table, 'resetPasswordForVirtualMachine', javaClass('user', 'vm', 'ResetVMPasswordCmd'), resetPassword);
}

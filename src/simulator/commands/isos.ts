/**
 * ISOs: listIsos with CloudStack's isofilter (default selfexecutable, as ListIsosCmd has it), attachIso and
 * detachIso (jobs answering the VM). A public ISO may be attached by anyone; a private one by its owner.
 */
import { isRootAdmin, lookup, matching, ownerFields, param, recordEvent, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import { ApiError, csDate, invalidId, withoutNulls, type Json } from '../protocol.js';
import { tagsOf, withTags } from '../tags.js';
import { vmView } from '../views.js';
import type { Iso } from '../world/types-families.js';
import { byImageFilter } from './offerings.js';
import { asyncCommand, javaClass, syncCommand, type AsyncWork, type CommandTable } from './registry.js';

function isoView(ctx: CommandContext, iso: Iso): Json {
  const os = ctx.world.osTypes.find((o) => o.id === iso.ostypeid);
  return withoutNulls({
    id: iso.id, name: iso.name, displaytext: iso.displaytext, zoneid: iso.zoneid, zonename: ctx.world.zones.find((z) => z.id === iso.zoneid)?.name,
    ostypeid: iso.ostypeid, ostypename: os?.description, ispublic: iso.ispublic, isfeatured: iso.isfeatured, bootable: iso.bootable,
    isready: true, isextractable: false, crossZones: false, size: iso.size, status: 'Successfully Installed', format: 'ISO', arch: 'x86_64',
    templatetype: 'USER', created: csDate(iso.created), accountid: iso.accountid, ...ownerFields(ctx.world, iso), tags: tagsOf(ctx.world, 'ISO', iso.id),
  });
}

function usableIso(ctx: CommandContext): Iso {
  const id = param(ctx, 'id')!;
  const iso = ctx.world.isos.find((i) => i.id === id);
  if (!iso || !(iso.ispublic || iso.accountid === ctx.caller.id || isRootAdmin(ctx.caller))) throw invalidId(ctx.command, 'id', id);
  return iso;
}

function attach(ctx: CommandContext): AsyncWork {
  const iso = usableIso(ctx);
  const vm = lookup(ctx, ctx.world.vms, 'virtualmachineid');
  return {
    instanceType: 'VirtualMachine',
    instanceId: vm.id,
    begin: () => {
      if (vm.state !== 'Running' && vm.state !== 'Stopped') throw new ApiError(431, `VM ${vm.name} is in state ${vm.state}: an ISO can be attached only to a Running or Stopped VM`);
      if (vm.isoid) throw new ApiError(431, `An ISO is already attached to VM ${vm.name}`);
      if (iso.zoneid !== vm.zoneid) throw new ApiError(431, `ISO ${iso.name} is not available in the zone of VM ${vm.name}`);
      return () => {
        vm.isoid = iso.id;
        recordEvent(ctx, 'ISO.ATTACH', `Successfully completed attaching ISO ${iso.name} to VM ${vm.name}`, { id: vm.id, type: 'VirtualMachine' });
        return { virtualmachine: vmView(ctx.world, vm) };
      };
    },
  };
}

function detach(ctx: CommandContext): AsyncWork {
  const vm = lookup(ctx, ctx.world.vms, 'virtualmachineid');
  return {
    instanceType: 'VirtualMachine',
    instanceId: vm.id,
    begin: () => {
      if (!vm.isoid) throw new ApiError(431, 'The specified VM has no ISO attached to it.');
      return () => {
        const iso = ctx.world.isos.find((i) => i.id === vm.isoid);
        vm.isoid = undefined;
        recordEvent(ctx, 'ISO.DETACH', `Successfully completed detaching ISO ${iso?.name ?? ''} from VM ${vm.name}`, { id: vm.id, type: 'VirtualMachine' });
        return { virtualmachine: vmView(ctx.world, vm) };
      };
    },
  };
}

export function registerIsos(table: CommandTable): void {
  syncCommand(table, 'listIsos', javaClass('user', 'iso', 'ListIsosCmd'), (ctx) =>
    listResponse(ctx, 'iso', matching(ctx, withTags(ctx, 'ISO', byImageFilter(ctx, 'isofilter', ctx.world.isos)), {
      id: (i) => i.id, name: (i) => i.name, zoneid: (i) => i.zoneid, bootable: (i) => i.bootable, ispublic: (i) => i.ispublic,
    }).map((i) => isoView(ctx, i))),
  );
  asyncCommand(table, 'attachIso', javaClass('user', 'iso', 'AttachIsoCmd'), attach);
  asyncCommand(table, 'detachIso', javaClass('user', 'iso', 'DetachIsoCmd'), detach);
}

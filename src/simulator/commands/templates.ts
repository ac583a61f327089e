/**
 * Private templates from a volume or a volume snapshot (createTemplate, a job) and deleteTemplate (a job that
 * refuses, without `forced`, a template VMs still use). Only the root admin may make a template featured.
 */
import { flag, isRootAdmin, lookup, optionalLookup, param, recordEvent, type CommandContext } from '../context.js';
import { ApiError } from '../protocol.js';
import { untag } from '../tags.js';
import type { Template } from '../world/types-tenants.js';
import { templateView } from './offerings.js';
import { asyncCommand, javaClass, type AsyncWork, type CommandTable } from './registry.js';

function createTemplate(ctx: CommandContext): AsyncWork {
  const { world, caller } = ctx;
  const volume = optionalLookup(ctx, world.volumes, 'volumeid');
  const snapshot = optionalLookup(ctx, world.snapshots, 'snapshotid');
  if (!volume && !snapshot) throw new ApiError(431, 'Failed to create private template record, need to specify snapshotId or volumeId');
  if (volume && snapshot) throw new ApiError(431, `Failed to create private template record, please specify only one of volume ID (${volume.id}) and snapshot ID (${snapshot.id})`);
  const os = lookup(ctx, world.osTypes, 'ostypeid');
  const featured = flag(ctx, 'isfeatured') ?? false;
  if (featured && !isRootAdmin(caller)) throw new ApiError(531, 'Only admins can create featured templates');
  const template: Template = {
    id: ctx.nextId(), name: param(ctx, 'name')!, displaytext: param(ctx, 'displaytext')!, zoneid: volume?.zoneid ?? snapshot!.zoneid,
    ostypename: os.description, ispublic: flag(ctx, 'ispublic') ?? false, isfeatured: featured, passwordenabled: flag(ctx, 'passwordenabled') ?? false,
    isdynamicallyscalable: flag(ctx, 'isdynamicallyscalable') ?? false, templatetype: 'USER', size: volume?.size ?? snapshot!.virtualsize,
    created: ctx.now, accountid: caller.id, domainid: caller.domainid,
  };
  return {
    instanceType: 'Template',
    instanceId: template.id,
    accepted: { id: template.id },
    begin: () => {
      if (volume) {
        const vm = world.vms.find((v) => v.id === volume.virtualmachineid);
        if (!vm) throw new ApiError(431, `VolumeId: ${volume.id} please attach this volume to a VM before create a template from it`);
        if (vm.state !== 'Stopped') throw new ApiError(431, `VolumeId: ${volume.id} is for VM ${vm.name}, which is ${vm.state}: stop the VM before creating a template from its volume`);
        if (volume.state !== 'Ready') throw new ApiError(431, `Volume ${volume.name} is not in Ready state but ${volume.state}`);
      }
      if (snapshot && snapshot.state !== 'BackedUp') throw new ApiError(431, `Snapshot ${snapshot.id} is not in BackedUp state yet and can't be used for template creation`);
      return () => {
        world.templates.push(template);
        recordEvent(ctx, 'TEMPLATE.CREATE', `Successfully completed creating template ${template.name} from ${volume ? `volume ${volume.name}` : `snapshot ${snapshot!.name}`}`, { id: template.id, type: 'Template' });
        return { template: templateView(ctx, template) };
      };
    },
  };
}

function deleteTemplate(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const template = lookup(ctx, world.templates, 'id');
  const forced = flag(ctx, 'forced') ?? false;
  return {
    instanceType: 'Template',
    instanceId: template.id,
    begin: () => {
      if (template.templatetype !== 'USER') throw new ApiError(431, `Unable to delete the ${template.templatetype} template ${template.name}`);
      const users = world.vms.filter((vm) => vm.templateid === template.id && vm.state !== 'Expunging');
      if (!forced && users.length > 0) {
        throw new ApiError(431, `Unable to delete template with id: ${template.id} because VM instances: [${users.map((vm) => vm.instancename).join(',')}] are using it.`);
      }
      return () => {
        world.templates = world.templates.filter((t) => t !== template);
        untag(world, 'Template', template.id);
        recordEvent(ctx, 'TEMPLATE.DELETE', `Successfully completed deleting template ${template.name}`, { id: template.id, type: 'Template' });
        return { success: true };
      };
    },
  };
}

export function registerTemplates(table: CommandTable): void {
  asyncCommand(table, 'createTemplate', javaClass('user', 'template', 'CreateTemplateCmd'), createTemplate);
  asyncCommand(table, 'deleteTemplate', javaClass('user', 'template', 'DeleteTemplateCmd'), deleteTemplate);
}

/** Template and ISO families: OS types, ISOs attached and detached, templates made from a volume or a snapshot. */
import { defineTools } from '../define.js';
import { actionTool, createTool, deleteTool, listTool } from '../kinds.js';
import { oneOf } from '../schemas.js';

const ISO_FILTERS = ['featured', 'self', 'selfexecutable', 'sharedexecutable', 'executable', 'community', 'all'] as const;

export const TEMPLATE_FAMILY_TOOLS = defineTools('infrastructure', [
  listTool({
    name: 'list_os_types',
    title: 'List OS types',
    description: 'Lists guest OS types: the ostypeid of create_template.',
    command: 'listOsTypes',
    resource: 'ostype',
    fields: { id: 'Only this OS type.', description: 'Exact OS type description, e.g. "Ubuntu 22.04 LTS".', oscategoryid: 'Only this OS category.' },
  }),
  listTool({
    name: 'list_isos',
    title: 'List ISOs',
    description: 'Lists ISO images with their OS type, readiness and zone: the id of attach_iso.',
    command: 'listIsos',
    resource: 'iso',
    fields: {
      isofilter: oneOf(ISO_FILTERS, 'Which ISOs: featured, self, executable, community, all (admin) …; CloudStack defaults to executable.').optional(),
      id: 'Only this ISO.',
      name: 'Exact ISO name.',
      zoneid: 'Only ISOs in this zone.',
      bootable: 'Only bootable ISOs (true) or data ISOs (false).',
      isready: 'Only ISOs ready for use.',
    },
  }),
  actionTool({
    name: 'attach_iso',
    title: 'Attach an ISO',
    description: 'Attaches an ISO (list_isos) to a VM\'s CD drive and waits for the job. One ISO per VM.',
    command: 'attachIso',
    resource: 'virtualmachine',
    fields: { id: 'The ISO id.', virtualmachineid: 'The VM (list_virtual_machines).' },
    disruptive: false,
    idempotent: true,
  }),
  actionTool({
    name: 'detach_iso',
    title: 'Detach an ISO',
    description: 'Ejects the ISO from a VM\'s CD drive and waits for the job.',
    command: 'detachIso',
    resource: 'virtualmachine',
    fields: { virtualmachineid: 'The VM (list_virtual_machines).' },
    disruptive: true,
    idempotent: true,
  }),
  createTool({
    name: 'create_template',
    title: 'Create a template',
    description:
      'Creates a template from a volume (volumeid; its VM should be Stopped) or from a volume snapshot (snapshotid), ' +
      'and waits for it. Needs an ostypeid (list_os_types). Deploy from it with deploy_virtual_machine.',
    command: 'createTemplate',
    resource: 'template',
    fields: {
      name: 'Template name.',
      displaytext: 'Description.',
      ostypeid: 'Guest OS type (list_os_types).',
      volumeid: 'Make it from this volume (list_volumes).',
      snapshotid: 'Make it from this snapshot (list_snapshots).',
      ispublic: 'Usable by every account.',
      passwordenabled: 'The template resets passwords (password_virtual_machine works).',
      isdynamicallyscalable: 'VMs from it can be scaled while running.',
    },
    refine: (input) =>
      input.refine((args) => (args.volumeid === undefined) !== (args.snapshotid === undefined), {
        message: 'give exactly one of volumeid and snapshotid',
        path: ['volumeid'],
      }),
  }),
  deleteTool({
    name: 'delete_template',
    title: 'Delete a template',
    description: 'Deletes a template (from one zone with zoneid, else from all) and waits for the job. VMs already deployed from it keep running.',
    command: 'deleteTemplate',
    fields: { id: 'The template id (list_templates).', zoneid: 'Delete it only from this zone.', forced: 'Delete even if VMs still use it.' },
  }),
]);

/** Template and ISO families: OS types, ISOs attached and detached, templates made from a volume or a snapshot. */
import { defineTools } from '../define.js';
import { actionTool, BY_NAME, createTool, deleteTool, listTool } from '../kinds.js';
import { oneOf } from '../schemas.js';

const ISO_FILTERS = ['featured', 'self', 'selfexecutable', 'sharedexecutable', 'executable', 'community', 'all'] as const;

export const TEMPLATE_FAMILY_TOOLS = defineTools('infrastructure', [
  listTool({
    name: 'list_os_types',
    title: 'List OS types',
    description: 'Lists guest OS types: the ostypeid of create_template.',
    command: 'listOsTypes',
    resource: 'ostype',
    fields: { id: BY_NAME, description: 'Exact, e.g. "Ubuntu 22.04 LTS".', oscategoryid: BY_NAME },
  }),
  listTool({
    name: 'list_isos',
    title: 'List ISOs',
    description: 'Lists ISO images with their OS type, readiness and zone: the id of attach_iso.',
    command: 'listIsos',
    resource: 'iso',
    fields: {
      isofilter: oneOf(ISO_FILTERS, 'Default executable; all is for admins.').optional(),
      id: BY_NAME,
      name: BY_NAME,
      zoneid: BY_NAME,
      bootable: 'Bootable (true) or data (false) ISOs.',
      isready: BY_NAME,
    },
  }),
  actionTool({
    name: 'attach_iso',
    title: 'Attach an ISO',
    description: 'Attaches an ISO (list_isos) to a VM\'s CD drive; one ISO per VM.',
    command: 'attachIso',
    resource: 'virtualmachine',
    fields: { id: BY_NAME, virtualmachineid: BY_NAME },
    disruptive: false,
    idempotent: true,
  }),
  actionTool({
    name: 'detach_iso',
    title: 'Detach an ISO',
    description: 'Ejects the ISO from a VM\'s CD drive (attach_iso put it there).',
    command: 'detachIso',
    resource: 'virtualmachine',
    fields: { virtualmachineid: BY_NAME },
    disruptive: true,
    idempotent: true,
  }),
  createTool({
    name: 'create_template',
    title: 'Create a template',
    description:
      'Creates a template from a volume (volumeid; its VM Stopped) or a volume snapshot (snapshotid), with an ostypeid ' +
      '(list_os_types), to deploy VMs from.',
    command: 'createTemplate',
    resource: 'template',
    fields: {
      name: BY_NAME,
      displaytext: BY_NAME,
      ostypeid: BY_NAME,
      volumeid: BY_NAME,
      snapshotid: BY_NAME,
      ispublic: 'Usable by every account.',
      passwordenabled: 'It can reset passwords (reset_password_virtual_machine).',
      isdynamicallyscalable: 'Its VMs can be scaled while running.',
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
    description: 'Deletes a template from every zone, or only from zoneid; VMs deployed from it keep running.',
    command: 'deleteTemplate',
    fields: { id: BY_NAME, zoneid: BY_NAME, forced: 'Even if VMs still use it.' },
  }),
]);

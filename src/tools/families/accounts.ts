/** Account and infrastructure discovery: projects, pods. */
import { defineTools } from '../define.js';
import { listTool } from '../kinds.js';

export const ACCOUNT_FAMILY_TOOLS = defineTools('accounts', [
  listTool({
    name: 'list_projects',
    title: 'List projects',
    description: 'Lists projects (shared resource pools of several accounts) with their state and owner.',
    command: 'listProjects',
    resource: 'project',
    fields: { id: 'Only this project.', name: 'Exact project name.', state: 'Active or Suspended.' },
  }),
]);

export const INFRASTRUCTURE_FAMILY_TOOLS = defineTools('infrastructure', [
  listTool({
    name: 'list_pods',
    title: 'List pods',
    description: 'Lists pods (racks of a zone) with their management IP range and allocation state (admin).',
    command: 'listPods',
    resource: 'pod',
    fields: { id: 'Only this pod.', name: 'Exact pod name.', zoneid: 'Only pods of this zone.', allocationstate: 'Enabled or Disabled.' },
  }),
]);

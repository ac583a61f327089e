/** Account and infrastructure discovery: projects, pods. */
import { defineTools } from '../define.js';
import { ENABLED_OR_DISABLED } from '../field-meanings.js';
import { BY_NAME, listTool } from '../kinds.js';

export const ACCOUNT_FAMILY_TOOLS = defineTools('accounts', [
  listTool({
    name: 'list_projects',
    title: 'List projects',
    description: 'Lists projects (shared resource pools of several accounts) with their state and owner.',
    command: 'listProjects',
    resource: 'project',
    fields: { id: BY_NAME, name: BY_NAME, state: 'Active or Suspended.' },
  }),
]);

export const INFRASTRUCTURE_FAMILY_TOOLS = defineTools('infrastructure', [
  listTool({
    name: 'list_pods',
    title: 'List pods',
    description: 'Lists pods (racks of a zone) with their management IP range and allocation state (admin).',
    command: 'listPods',
    resource: 'pod',
    fields: { id: BY_NAME, name: BY_NAME, zoneid: BY_NAME, allocationstate: ENABLED_OR_DISABLED },
  }),
]);

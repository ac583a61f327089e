/** The operator's everyday families beyond the first 47 tools: discovery, undo and clean-up, new resource families. */
import type { ToolDefinition } from '../types.js';
import { ACCOUNT_FAMILY_TOOLS, INFRASTRUCTURE_FAMILY_TOOLS } from './accounts.js';
import { FIREWALL_FAMILY_TOOLS } from './firewall.js';
import { LOAD_BALANCER_FAMILY_TOOLS } from './loadbalancer.js';
import { NETWORK_FAMILY_TOOLS } from './network.js';
import { SECURITY_FAMILY_TOOLS } from './security.js';
import { STORAGE_FAMILY_TOOLS } from './storage.js';
import { TAG_FAMILY_TOOLS } from './tags.js';
import { TEMPLATE_FAMILY_TOOLS } from './templates.js';
import { VM_FAMILY_TOOLS } from './vm.js';
import { VPC_FAMILY_TOOLS } from './vpc.js';

export const FAMILY_TOOLS: readonly ToolDefinition[] = [
  ...VM_FAMILY_TOOLS,
  ...STORAGE_FAMILY_TOOLS,
  ...NETWORK_FAMILY_TOOLS,
  ...FIREWALL_FAMILY_TOOLS,
  ...LOAD_BALANCER_FAMILY_TOOLS,
  ...VPC_FAMILY_TOOLS,
  ...TAG_FAMILY_TOOLS,
  ...TEMPLATE_FAMILY_TOOLS,
  ...SECURITY_FAMILY_TOOLS,
  ...ACCOUNT_FAMILY_TOOLS,
  ...INFRASTRUCTURE_FAMILY_TOOLS,
];

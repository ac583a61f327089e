/**
 * Toolsets, as github-mcp-server has them: every tool belongs to exactly one named set, an operator chooses sets
 * (`--toolsets vm,storage`, `all`, `default`) and adds single tools (`--tools list_pods`), and read-only mode keeps
 * only read-only tools whatever was asked. The sets are checked when this module loads: a tool in no set or in
 * two, a name no tool has, a read-only set holding a tool that writes, each fails the start, not a call.
 */
import { GET_APPROVAL_TOOL_NAME } from '../approvals/pending-result.js';
import { TOOLS } from './all.js';
import { GENERIC_TOOLS } from './generic/index.js';
import type { ToolDefinition } from './types.js';

export interface Toolset {
  readonly name: string;
  readonly description: string;
  /** Declared read-only: may hold only readOnlyHint tools (checked). */
  readonly readOnly: boolean;
  readonly tools: readonly string[];
}

const set = (name: string, description: string, readOnly: boolean, tools: readonly string[]): Toolset => ({ name, description, readOnly, tools });

export const TOOLSETS: readonly Toolset[] = [
  set('vm', 'Virtual machines: lifecycle, sizing, placement, recovery, VM snapshots', false, [
    'list_virtual_machines', 'get_virtual_machine', 'start_virtual_machine', 'stop_virtual_machine', 'reboot_virtual_machine',
    'destroy_virtual_machine', 'deploy_virtual_machine', 'scale_virtual_machine', 'migrate_virtual_machine',
    'reset_password_virtual_machine', 'change_service_offering_virtual_machine', 'list_virtual_machine_metrics',
    'find_hosts_for_migration', 'recover_virtual_machine', 'expunge_virtual_machine', 'list_vm_snapshots', 'create_vm_snapshot',
    'revert_to_vm_snapshot', 'delete_vm_snapshot',
  ]),
  set('storage', 'Volumes, volume snapshots and disk offerings', false, [
    'list_volumes', 'create_volume', 'attach_volume', 'detach_volume', 'resize_volume', 'delete_volume', 'create_snapshot',
    'list_snapshots', 'delete_snapshot', 'list_disk_offerings',
  ]),
  set('network', 'Guest networks, network offerings, public IP addresses, static NAT', false, [
    'list_networks', 'create_network', 'delete_network', 'list_network_offerings', 'list_public_ip_addresses',
    'associate_ip_address', 'disassociate_ip_address', 'enable_static_nat', 'disable_static_nat',
  ]),
  set('firewall', 'Ingress and egress firewall rules, port forwarding', false, [
    'list_firewall_rules', 'create_firewall_rule', 'delete_firewall_rule', 'list_egress_firewall_rules',
    'create_egress_firewall_rule', 'delete_egress_firewall_rule', 'list_port_forwarding_rules', 'create_port_forwarding_rule',
    'delete_port_forwarding_rule',
  ]),
  set('vpc', 'VPCs and VPC offerings', false, ['list_vpcs', 'list_vpc_offerings', 'create_vpc', 'delete_vpc']),
  set('loadbalancer', 'Load balancer rules and their members', false, [
    'list_load_balancer_rules', 'create_load_balancer_rule', 'assign_to_load_balancer_rule', 'remove_from_load_balancer_rule',
    'delete_load_balancer_rule',
  ]),
  set('templates', 'Templates, ISOs and OS types', false, [
    'list_templates', 'create_template', 'delete_template', 'list_os_types', 'list_isos', 'attach_iso', 'detach_iso',
  ]),
  set('tags', 'Resource tags', false, ['list_tags', 'create_tags', 'delete_tags']),
  set('security', 'SSH key pairs, security groups, affinity groups', false, [
    'list_ssh_key_pairs', 'create_ssh_key_pair', 'register_ssh_key_pair', 'delete_ssh_key_pair', 'list_security_groups',
    'create_security_group_rule', 'revoke_security_group_rule', 'list_affinity_groups',
  ]),
  set('monitoring', 'Events, alerts, capacity, async jobs', true, ['list_events', 'list_alerts', 'list_capacity', 'list_async_jobs', 'query_async_job', 'wait_for_job']),
  set('accounts', 'Accounts, users, domains, projects, usage', true, ['list_accounts', 'list_users', 'list_domains', 'list_projects', 'list_usage_records']),
  set('infrastructure', 'Zones, pods, clusters, hosts, storage pools, system VMs, service offerings', true, [
    'list_zones', 'list_pods', 'list_clusters', 'list_hosts', 'list_storage_pools', 'list_system_vms', 'list_service_offerings',
  ]),
  // The generic pair (src/tools/generic) names itself: whatever it holds is this set.
  set('api', 'Any CloudStack command: search the catalog, call a command', false, GENERIC_TOOLS.map((tool) => tool.name)),
  set('approvals', 'Where an operator approval stands (sends nothing to CloudStack)', true, [GET_APPROVAL_TOOL_NAME]),
];

/**
 * `default`: what an operator uses daily, inside the 50 KB `tools/list` budget (test/unit/tools/tool-size.test.ts):
 * VMs, storage and networks whole, plus the look-ups a deployment needs and the job and event views.
 * Everything else is one `--toolsets` word away.
 */
export const DEFAULT_TOOLSETS: readonly string[] = ['vm', 'storage', 'network', 'approvals'];
export const DEFAULT_EXTRA_TOOLS: readonly string[] = [
  'list_zones', 'list_service_offerings', 'list_templates', 'list_events', 'query_async_job', 'wait_for_job',
];

/**
 * The set of each tool, built (and the sets checked) on first use rather than at import: all.ts may ask for it in
 * toolFacts() while TOOLS is still being defined (an import cycle), and the server asks at start, so a bad layout
 * still fails the start, never a call.
 */
let toolsetByTool: ReadonlyMap<string, string> | undefined;

export function toolsetOf(tool: string): string | undefined {
  toolsetByTool ??= checkToolsets(TOOLSETS, TOOLS);
  return toolsetByTool.get(tool);
}

export function checkToolsets(sets: readonly Toolset[], tools: readonly ToolDefinition[]): Map<string, string> {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const toolset of sets) {
    for (const name of toolset.tools) {
      const tool = byName.get(name);
      if (!tool) problems.push(`toolset ${toolset.name}: no tool is named ${name}`);
      else if (toolset.readOnly && !tool.hints.readOnlyHint) problems.push(`toolset ${toolset.name} is read-only but ${name} is not`);
      const previous = owner.get(name);
      if (previous !== undefined) problems.push(`${name} is in toolsets ${previous} and ${toolset.name}`);
      owner.set(name, toolset.name);
    }
  }
  for (const tool of tools) if (!owner.has(tool.name)) problems.push(`${tool.name} is in no toolset`);
  if (problems.length > 0) throw new Error(`toolsets: ${problems.join('; ')}`);
  return owner;
}

export interface ToolSelection {
  /** Set names, `all` or `default`; either an array or one comma-separated text (`vm,storage`). Default: `default`. */
  readonly toolsets?: readonly string[] | string;
  /** Single tools added to the sets. */
  readonly tools?: readonly string[] | string;
  /** Keeps only readOnlyHint tools (and call_cloudstack_api, gated per call), whatever was asked. */
  readonly readOnly?: boolean;
}

/**
 * The tools a selection names, in registry order. An unknown set or tool name throws, naming the known ones, so a
 * typo in `--toolsets` is a configuration error rather than a server with fewer tools than meant.
 */
export function selectTools(selection: ToolSelection, tools: readonly ToolDefinition[] = TOOLS, sets: readonly Toolset[] = TOOLSETS): ToolDefinition[] {
  const setNames = words(selection.toolsets ?? 'default');
  const extra = words(selection.tools ?? []);
  const chosen = new Set<string>();
  for (const name of setNames) {
    if (name === 'all') for (const tool of tools) chosen.add(tool.name);
    else if (name === 'default') for (const tool of [...toolsNamed(DEFAULT_TOOLSETS, sets), ...DEFAULT_EXTRA_TOOLS]) chosen.add(tool);
    else if (!sets.some((toolset) => toolset.name === name)) {
      throw new Error(`unknown toolset ${name}; the toolsets are all, default, ${sets.map((toolset) => toolset.name).join(', ')}`);
    } else for (const tool of toolsNamed([name], sets)) chosen.add(tool);
  }
  for (const name of extra) {
    if (!tools.some((tool) => tool.name === name)) throw new Error(`unknown tool ${name} (in --tools)`);
    chosen.add(name);
  }
  return tools.filter((tool) => chosen.has(tool.name) && (!selection.readOnly || keptReadOnly(tool)));
}

/** Read-only keeps readOnlyHint tools, and the generic call tool, which the registry limits to reading commands per call. */
function keptReadOnly(tool: ToolDefinition): boolean {
  return tool.hints.readOnlyHint || tool.canonicalize !== undefined;
}

function toolsNamed(names: readonly string[], sets: readonly Toolset[]): string[] {
  return sets.filter((toolset) => names.includes(toolset.name)).flatMap((toolset) => toolset.tools);
}

function words(value: readonly string[] | string): string[] {
  const list = typeof value === 'string' ? value.split(',') : value;
  return list.map((item) => item.trim()).filter((item) => item !== '');
}

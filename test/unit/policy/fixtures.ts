/**
 * A fixed list of real tool names (the first landing's tools, so these tests do not move when tools are added;
 * fixtures.test.ts checks them against the registry), and a gate wired to a fake clock and an in-memory audit log.
 */
import { silentLogger } from '../../../src/logger.js';
import type { AuditRecord } from '../../../src/policy/audit.js';
import { createGateCore } from '../../../src/policy/gate.js';
import { loadPolicyValue } from '../../../src/policy/load.js';
import type { ResolvedResource, ResourceResolver } from '../../../src/policy/resources.js';
import type { ToolFacts } from '../../../src/policy/tool-facts.js';
import type { ApprovalAnswer, AskApproval, PolicyCall } from '../../../src/policy/types.js';

export const TOOL_NAMES = [
  'list_virtual_machines', 'get_virtual_machine', 'start_virtual_machine', 'stop_virtual_machine', 'reboot_virtual_machine',
  'destroy_virtual_machine', 'deploy_virtual_machine', 'scale_virtual_machine', 'migrate_virtual_machine',
  'reset_password_virtual_machine', 'change_service_offering_virtual_machine', 'list_virtual_machine_metrics', 'list_volumes',
  'create_volume', 'attach_volume', 'detach_volume', 'resize_volume', 'create_snapshot', 'list_snapshots', 'list_networks',
  'create_network', 'list_public_ip_addresses', 'associate_ip_address', 'enable_static_nat', 'create_firewall_rule',
  'list_load_balancer_rules', 'list_events', 'list_alerts', 'list_capacity', 'list_async_jobs', 'list_accounts', 'list_users',
  'list_domains', 'list_usage_records', 'list_zones', 'list_templates', 'list_hosts', 'list_clusters', 'list_storage_pools',
  'list_system_vms', 'list_service_offerings', 'list_ssh_key_pairs', 'create_ssh_key_pair', 'list_security_groups',
  'create_security_group_rule', 'find_hosts_for_migration', 'query_async_job',
] as const;

const FACTS: Record<string, Partial<ToolFacts>> = {
  stop_virtual_machine: { command: 'stopVirtualMachine', args: ['id', 'forced'], resourceKind: 'virtualmachine', toolset: 'vm' },
  reboot_virtual_machine: { command: 'rebootVirtualMachine', args: ['id', 'forced'], resourceKind: 'virtualmachine', toolset: 'vm' },
  destroy_virtual_machine: { command: 'destroyVirtualMachine', args: ['id', 'expunge', 'volumeids'], resourceKind: 'virtualmachine', toolset: 'vm' },
  migrate_virtual_machine: {
    command: 'migrateVirtualMachine',
    args: ['virtualmachineid', 'hostid', 'autoselect'],
    resourceKind: 'virtualmachine',
    targetKind: 'host',
    toolset: 'vm',
  },
  create_firewall_rule: { command: 'createFirewallRule', args: ['ipaddressid', 'protocol', 'startport', 'endport', 'cidrlist'], toolset: 'firewall' },
  list_zones: { command: 'listZones', args: ['id', 'name'], toolset: 'infrastructure' },
};

export const TOOLS: readonly ToolFacts[] = TOOL_NAMES.map((name) => ({ name, readOnly: /^(list|get|find|query)_/.test(name) }));

/** The real tools plus the generic call tool, with the facts the tool pipeline declares for a few of them. */
export const TOOLS_WITH_FACTS: readonly ToolFacts[] = [
  ...TOOLS.map((tool): ToolFacts => FACTS[tool.name] ? { ...tool, ...FACTS[tool.name] } : tool),
  { name: 'call_cloudstack_api', readOnly: false, args: ['command', 'params'] },
];

export function compiled(policy: unknown, tools: readonly ToolFacts[] = TOOLS) {
  const loaded = loadPolicyValue(policy, tools, 'test-hash');
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.policy;
}

export interface Clock {
  now: () => number;
  advance(ms: number): void;
}

export function fakeClock(start = 1_700_000_000_000): Clock {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

export function testGate(policy: unknown, options: { clock?: Clock; maxCounterKeys?: number; tools?: readonly ToolFacts[] } = {}) {
  const records: AuditRecord[] = [];
  const clock = options.clock ?? fakeClock();
  const gate = createGateCore({
    policy: compiled(policy, options.tools ?? TOOLS),
    tools: options.tools ?? TOOLS,
    logger: silentLogger,
    audit: { write: (record) => records.push(record) },
    now: clock.now,
    maxCounterKeys: options.maxCounterKeys ?? 10_000,
  });
  return { gate, records, clock };
}

/** A call whose canonical parameters equal its arguments (the command is the tool's name unless given). */
export const call = (tool: string, args: Record<string, unknown> = {}, sessionId = 's1', command = tool): PolicyCall => ({
  tool,
  command,
  args,
  params: args,
  reads: tool.startsWith('list_') || tool.startsWith('get_'),
  sessionId,
});

/** A call of the generic tool: `{command, params}`, reading by the catalog's verdict. */
export const genericCall = (command: string, params: Record<string, unknown> = {}, reads = /^list/.test(command), sessionId = 's1'): PolicyCall => ({
  tool: 'call_cloudstack_api',
  command,
  args: { command, params },
  params,
  reads,
  sessionId,
});

/** A resolver over a fixed world, counting its lookups. */
export function fakeResolver(resource: ResolvedResource | null | undefined | Error, target?: ResolvedResource | null | Error) {
  const lookups = { resource: 0, target: 0 };
  const answer = async (value: ResolvedResource | null | undefined | Error) => {
    if (value instanceof Error) throw value;
    return value;
  };
  const resolver: ResourceResolver = {
    resource: () => (lookups.resource++, answer(resource)),
    target: () => (lookups.target++, answer(target)),
    ...(resource && !(resource instanceof Error) ? { resourceRef: { kind: resource.kind, id: resource.id } } : {}),
  };
  return { resolver, lookups };
}

export const vm = (id: string, fields: Record<string, unknown> = {}): ResolvedResource => ({
  kind: 'virtualmachine',
  id,
  fields: { id, name: `vm-${id}`, state: 'Running', zonename: 'zone-a', account: 'ops', tags: {}, ...fields },
});

/** An approval function that answers `answer` and remembers what it was asked. */
export function approver(answer: ApprovalAnswer) {
  const asked: Parameters<AskApproval>[0][] = [];
  const ask: AskApproval = async (request) => {
    asked.push(request);
    return answer;
  };
  return { ask, asked };
}

export const neverAsked: AskApproval = async () => {
  throw new Error('approval must not be asked here');
};

/**
 * The bypasses of issue 10, each tried through the SDK client over stdio against the built server with
 * policy.example.json as shipped and the simulator's seeded world (VMs tagged env=prod in CloudStack's own `tags`).
 * Each bypass is refused and the simulator's request log shows nothing sent for it; the legitimate variant of each
 * passes and is sent once. The only requests a refused call may cause are the reads that resolve its resource.
 * The example policy sends its approvals to the operator: the operator decides with the `approvals` CLI, and the
 * MCP client, although it offers elicitation, is never asked.
 */
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCloudStackClient } from '../../../src/cloudstack/index.js';
import { silentLogger } from '../../../src/logger.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { connectStdio, REPO, runCli, scratchDir, type CliResult, type StdioSession } from '../../helpers/cli.js';
import { textOf } from '../../helpers/harness.js';

const POLICY = join(REPO, 'policy.example.json');
const OPERATOR_TOKEN = 'bypasses-operator-token-0123456789';

let simulator: RunningSimulator;
let session: StdioSession;
/** What the client would answer if it were asked; operator approval must never ask it. */
const approval: ElicitResult = { action: 'accept', content: { approve: true } };
const asked: string[] = [];

const vmId = (name: string): string => simulator.world.vms.find((vm) => vm.name === name)!.id;
const hostId = (name: string): string => simulator.world.hosts.find((host) => host.name === name)!.id;
/** Requests that reached CloudStack for one command (resolver reads are list commands, never these). */
const sent = (command: string) => simulator.requests.filter((request) => request.command === command);

interface Approval {
  readonly id: string;
  readonly url: string;
}

async function call(name: string, args: Record<string, unknown>) {
  const result = await session.client.callTool({ name, arguments: args });
  const structured = result.structuredContent as { policy?: { decision: string; rule: string; approval?: Approval } } | undefined;
  return { result, text: textOf(result), policy: structured?.policy };
}

/** Refused by the policy, and nothing of `command` reached the simulator. */
async function expectRefused(name: string, args: Record<string, unknown>, command: string, rule?: string | RegExp) {
  simulator.clearRequests();
  const { result, text, policy } = await call(name, args);
  expect(result.isError, text).toBe(true);
  expect(text).toMatch(/^\[POLICY DENIED\]/);
  if (rule) expect(policy?.rule).toMatch(rule);
  expect(sent(command)).toEqual([]);
  return { text, policy };
}

/** Waiting for the operator (a normal result, not an error) under `rule`, and nothing of `command` sent. */
async function expectPending(name: string, args: Record<string, unknown>, command: string, rule: string): Promise<Approval> {
  simulator.clearRequests();
  const { result, text, policy } = await call(name, args);
  expect(result.isError, text).toBeFalsy();
  expect(text).toMatch(/^\[APPROVAL PENDING\]/);
  expect(policy).toMatchObject({ decision: 'approval_pending', rule });
  expect(sent(command)).toEqual([]);
  return policy!.approval!;
}

/** The operator at a shell: `cloudstack-mcp approvals ...` against the page the agent was pointed to. */
function operator(args: string[], pending: Approval): Promise<CliResult> {
  return runCli(['approvals', ...args, '--url', pending.url.replace(/\/[^/]+$/, '')], { CLOUDSTACK_MCP_APPROVER_TOKEN: OPERATOR_TOKEN });
}

/** Admitted and sent exactly once, with what the policy saw. */
async function expectSentOnce(name: string, args: Record<string, unknown>, command: string) {
  simulator.clearRequests();
  const { result, text } = await call(name, args);
  expect(result.isError, text).toBeFalsy();
  const requests = sent(command);
  expect(requests).toHaveLength(1);
  return requests[0]!.params;
}

beforeAll(async () => {
  simulator = await startSimulator({ jobMs: 5 });
  session = await connectStdio(
    // The default toolsets plus the two tools whose rules open the firewall on their own.
    ['--policy', POLICY, '--tools', 'create_port_forwarding_rule,create_load_balancer_rule'],
    {
      CLOUDSTACK_MCP_AUDIT_LOG: join(scratchDir(), 'audit.log'),
      CLOUDSTACK_API_URL: simulator.url,
      CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey,
      CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey,
      CLOUDSTACK_MCP_APPROVER_TOKEN: OPERATOR_TOKEN,
    },
    { elicitation: {} },
  );
  session.client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.push(String(request.params.message));
    return approval;
  });
  // A data disk on the production VM web-01, set up directly in CloudStack (not through the agent's tools).
  const api = createCloudStackClient({ apiUrl: simulator.url, ...simulator.keys.admin, timeoutMs: 5_000, asyncTimeoutMs: 10_000, poll: { initialDelayMs: 10, maxDelayMs: 40, factor: 1.5 }, logger: silentLogger });
  const zoneid = simulator.world.vms.find((vm) => vm.name === 'web-01')!.zoneid;
  const created = await api.callAsync('createVolume', { name: 'web-01-data', diskofferingid: simulator.world.diskOfferings[0]!.id, zoneid });
  const volume = created.result.volume as { id: string };
  await api.callAsync('attachVolume', { id: volume.id, virtualmachineid: vmId('web-01') });
}, 60_000);

afterAll(async () => {
  await session?.close();
  await simulator?.close();
});

describe('nothing open to the internet, however it is spelled', () => {
  const ip = () => simulator.world.publicIps.find((address) => address.issourcenat && address.accountid === simulator.world.accounts[0]!.id)!.id;

  test.each<[string, Record<string, unknown>]>([
    ['without cidrlist (CloudStack opens it to 0.0.0.0/0)', {}],
    ['1.0.0.0/0', { cidrlist: ['1.0.0.0/0'] }],
    ['0.0.0.0/1 + 128.0.0.0/1', { cidrlist: ['0.0.0.0/1', '128.0.0.0/1'] }],
    ['a private and a public range, as one comma-separated string', { cidrlist: '10.0.0.0/24,0.0.0.0/0' }],
  ])('create_firewall_rule %s is refused', async (_label, extra) => {
    const { policy } = await expectRefused('create_firewall_rule', { ipaddressid: ip(), protocol: 'tcp', startport: 8443, endport: 8443, ...extra }, 'createFirewallRule', '/all_tools/deny_if/1');
    expect(policy?.decision).toBe('argument_rule');
  });

  test('create_firewall_rule from 203.0.113.0/24 passes and is sent once as the policy saw it', async () => {
    const params = await expectSentOnce('create_firewall_rule', { ipaddressid: ip(), protocol: 'tcp', startport: 8443, endport: 8443, cidrlist: '203.0.113.0/24' }, 'createFirewallRule');
    expect(params.cidrlist).toBe('203.0.113.0/24');
  });

  // CloudStack opens the firewall for a PF or LB rule's public ports to 0.0.0.0/0 (createRuleForAllCidrs), whatever
  // the rule's cidrlist says, unless openfirewall=false; absent means true outside a VPC.
  const dev = () => simulator.world.vms.find((vm) => vm.name === 'app-03')!;
  const devIp = () => simulator.world.publicIps.find((address) => address.issourcenat && address.networkid === dev().nics[0]!.networkid)!.id;
  const forward = () => ({ ipaddressid: devIp(), protocol: 'tcp', publicport: 2222, privateport: 22, virtualmachineid: dev().id });

  test.each<[string, Record<string, unknown>, string]>([
    ['without openfirewall', {}, '/tools/create_port_forwarding_rule/deny_if/0'],
    ['with openfirewall=true and a narrow cidrlist', { openfirewall: true, cidrlist: ['203.0.113.0/24'] }, '/tools/create_port_forwarding_rule/deny_if/1'],
  ])('create_port_forwarding_rule %s is refused: it would open the port to 0.0.0.0/0', async (_label, extra, rule) => {
    const { text } = await expectRefused('create_port_forwarding_rule', { ...forward(), ...extra }, 'createPortForwardingRule', rule);
    expect(text).toContain('openfirewall=false');
  });

  test('create_load_balancer_rule without openfirewall is refused; create_port_forwarding_rule with openfirewall=false passes and opens nothing', async () => {
    await expectRefused('create_load_balancer_rule', { publicipid: devIp(), name: 'web', algorithm: 'roundrobin', publicport: 8080, privateport: 80 }, 'createLoadBalancerRule', '/tools/create_load_balancer_rule/deny_if/0');
    const before = simulator.world.firewallRules.length;
    const params = await expectSentOnce('create_port_forwarding_rule', { ...forward(), openfirewall: false }, 'createPortForwardingRule');
    expect(params.openfirewall).toBe('false');
    expect(simulator.world.firewallRules).toHaveLength(before);
  });

  test('create_security_group_rule without cidrlist is refused; from 203.0.113.0/24 it passes', async () => {
    const group = simulator.world.securityGroups.find((candidate) => candidate.accountid === simulator.world.accounts[0]!.id)!.id;
    await expectRefused('create_security_group_rule', { securitygroupid: group, protocol: 'tcp', startport: 22, endport: 22 }, 'authorizeSecurityGroupIngress', '/all_tools/deny_if/1');
    const params = await expectSentOnce('create_security_group_rule', { securitygroupid: group, protocol: 'tcp', startport: 22, endport: 22, cidrlist: ['203.0.113.0/24'] }, 'authorizeSecurityGroupIngress');
    expect(params.cidrlist).toBe('203.0.113.0/24');
  });
});

describe('no forced power-off, whichever command', () => {
  test('stop and reboot with forced=true are refused by the one all_tools rule', async () => {
    await expectRefused('stop_virtual_machine', { id: vmId('app-03'), forced: true }, 'stopVirtualMachine', '/all_tools/deny_if/0');
    await expectRefused('reboot_virtual_machine', { id: vmId('app-03'), forced: true }, 'rebootVirtualMachine', '/all_tools/deny_if/0');
  });

  test('a plain reboot passes and is sent with forced=false', async () => {
    const params = await expectSentOnce('reboot_virtual_machine', { id: vmId('app-03') }, 'rebootVirtualMachine');
    expect(params.forced).toBe('false');
  });
});

describe('production VMs (CloudStack tag env=prod) are not touched', () => {
  const web01 = () => vmId('web-01');

  test.each<[string, () => Record<string, unknown>, string]>([
    ['stop_virtual_machine', () => ({ id: web01() }), 'stopVirtualMachine'],
    ['reboot_virtual_machine', () => ({ id: web01() }), 'rebootVirtualMachine'],
    ['destroy_virtual_machine', () => ({ id: web01() }), 'destroyVirtualMachine'],
    ['scale_virtual_machine', () => ({ id: web01(), serviceofferingid: simulator.world.serviceOfferings[1]!.id }), 'scaleVirtualMachine'],
    ['migrate_virtual_machine', () => ({ virtualmachineid: web01().toUpperCase(), hostid: hostId('kvm-a1-02') }), 'migrateVirtualMachine'],
  ])('%s on web-01 is refused', async (tool, args, command) => {
    const { text, policy } = await expectRefused(tool, args(), command, '/all_tools/deny_if/2');
    expect(policy?.decision).toBe('resource_rule');
    expect(text).toContain('web-01');
  });

  test('detach_volume of its disk is refused whether the volume is named by id or by VM + device', async () => {
    const disk = simulator.world.volumes.find((volume) => volume.name === 'web-01-data')!;
    await expectRefused('detach_volume', { id: disk.id }, 'detachVolume', '/all_tools/deny_if/3');
    await expectRefused('detach_volume', { virtualmachineid: web01(), deviceid: disk.deviceid }, 'detachVolume', '/all_tools/deny_if/3');
  });

  test('detaching the disk of an untagged VM by VM + device passes and is sent once', async () => {
    const disk = simulator.world.volumes.find((volume) => volume.name === 'db-01-data')!;
    const params = await expectSentOnce('detach_volume', { virtualmachineid: vmId('db-01'), deviceid: disk.deviceid }, 'detachVolume');
    expect(params.virtualmachineid).toBe(vmId('db-01'));
  });

  test('a VM that does not exist is refused before anything is sent or counted', async () => {
    const { policy } = await expectRefused('stop_virtual_machine', { id: '0e0e0e0e-1111-4222-8333-444444444444' }, 'stopVirtualMachine');
    expect(policy?.decision).toBe('not_found');
  });
});

describe('placement: GPU hosts are not a target, whether by migration or by a start on a host', () => {
  test('migrate to the GPU host and start a stopped VM there are refused; another host passes', async () => {
    await expectRefused('migrate_virtual_machine', { virtualmachineid: vmId('web-02'), hostid: hostId('kvm-a2-01') }, 'migrateVirtualMachine', '/all_tools/deny_if/4');
    await expectRefused('start_virtual_machine', { id: vmId('db-01'), hostid: hostId('kvm-a2-01') }, 'startVirtualMachine', '/all_tools/deny_if/4');
    const params = await expectSentOnce('start_virtual_machine', { id: vmId('db-01'), hostid: hostId('kvm-a1-01') }, 'startVirtualMachine');
    expect(params.hostid).toBe(hostId('kvm-a1-01'));
  });
});

describe('two migrations per VM per hour, counted on the resolved VM', () => {
  test('the same VM in another letter case is the same counter', async () => {
    const web02 = vmId('web-02');
    await expectSentOnce('migrate_virtual_machine', { virtualmachineid: web02, hostid: hostId('kvm-a1-01') }, 'migrateVirtualMachine');
    await expectSentOnce('migrate_virtual_machine', { virtualmachineid: web02.toUpperCase(), hostid: hostId('kvm-a1-02') }, 'migrateVirtualMachine');
    const mixed = `${web02.slice(0, 4).toUpperCase()}${web02.slice(4)}`;
    const { policy } = await expectRefused('migrate_virtual_machine', { virtualmachineid: mixed, hostid: hostId('kvm-a1-01') }, 'migrateVirtualMachine', '/tools/migrate_virtual_machine/limits/1');
    expect(policy?.decision).toBe('rate_limited');
  });
});

describe('destroy: a Running VM or expunge=true waits for the operator', () => {
  test('destroying a Running VM is pending, the operator sees the resolved VM and approves, and it is sent once (expunge=false)', async () => {
    asked.length = 0;
    const args = { id: vmId('dev-01') };
    const pending = await expectPending('destroy_virtual_machine', args, 'destroyVirtualMachine', '/tools/destroy_virtual_machine/approve_if/0');
    const listed = await operator(['list', '--json'], pending);
    const record = (JSON.parse(listed.stdout) as { approvals: { id: string; resource?: { fields: Record<string, unknown> } }[] }).approvals.find((item) => item.id === pending.id);
    expect(record?.resource?.fields).toMatchObject({ name: 'dev-01', state: 'Running', tags: { env: 'dev' } });
    // Still pending until the operator decides: the repeat sends nothing.
    await expectPending('destroy_virtual_machine', args, 'destroyVirtualMachine', '/tools/destroy_virtual_machine/approve_if/0');
    expect((await operator(['approve', pending.id], pending)).code).toBe(0);
    const params = await expectSentOnce('destroy_virtual_machine', args, 'destroyVirtualMachine');
    expect(params.expunge).toBe('false');
    expect(asked).toEqual([]);
  });

  test('expunge=true on a Stopped VM is pending; denied by the operator, nothing is sent; without expunge it is sent without asking', async () => {
    asked.length = 0;
    const args = { id: vmId('dev-02'), expunge: true };
    const pending = await expectPending('destroy_virtual_machine', args, 'destroyVirtualMachine', '/tools/destroy_virtual_machine/approve_if/1');
    expect((await operator(['deny', pending.id, '--reason', 'dev-02 is kept for the audit'], pending)).code).toBe(0);
    simulator.clearRequests();
    const { result, text } = await call('destroy_virtual_machine', args);
    expect(result.isError).toBe(true);
    expect(text).toMatch(/^\[APPROVAL DENIED\].*"dev-02 is kept for the audit"/);
    expect(sent('destroyVirtualMachine')).toEqual([]);
    const params = await expectSentOnce('destroy_virtual_machine', { id: vmId('dev-02') }, 'destroyVirtualMachine');
    expect(params.expunge).toBe('false');
    expect(asked).toEqual([]);
  });

  test('expunge=true on a VM already Destroyed is pending as the expungeVirtualMachine it sends (args.expunge), bound to that call; approved, it is sent once', async () => {
    asked.length = 0;
    const args = { id: vmId('dev-02'), expunge: true };
    expect(simulator.world.vms.find((vm) => vm.name === 'dev-02')!.state).toBe('Destroyed');
    // The operator's earlier denial was of destroyVirtualMachine expunge=true: another call, so a new approval.
    const pending = await expectPending('destroy_virtual_machine', args, 'expungeVirtualMachine', '/tools/destroy_virtual_machine/approve_if/1');
    expect(sent('destroyVirtualMachine')).toEqual([]);
    const listed = await operator(['list', '--json'], pending);
    const record = (JSON.parse(listed.stdout) as { approvals: { id: string; command: string; params: Record<string, unknown> }[] }).approvals.find((item) => item.id === pending.id);
    expect(record).toMatchObject({ command: 'expungeVirtualMachine', params: { id: args.id } });
    expect((await operator(['approve', pending.id], pending)).code).toBe(0);
    const params = await expectSentOnce('destroy_virtual_machine', args, 'expungeVirtualMachine');
    expect(params).toMatchObject({ id: args.id });
    expect(params.expunge).toBeUndefined();
    expect(sent('destroyVirtualMachine')).toEqual([]);
    expect(asked).toEqual([]);
  });
});

describe('password reset waits for the operator, whatever the state of the VM', () => {
  test('reset_password_virtual_machine is pending under its action; nothing is sent and the client is not asked', async () => {
    asked.length = 0;
    await expectPending('reset_password_virtual_machine', { id: vmId('db-01') }, 'resetPasswordForVirtualMachine', '/tools/reset_password_virtual_machine/action');
    expect(asked).toEqual([]);
  });
});

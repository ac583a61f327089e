/**
 * deploy_virtual_machine without networkids reads the zone and its networks to choose the default network, before
 * the policy decides (so the policy sees the networkids that are sent). A deploy the policy refuses whatever network
 * would be chosen must not send even those reads; one whose decision depends on the network still reads, and is
 * decided on the call as sent. An MCP client → the real server → the real gate → the CloudStack simulator over
 * 127.0.0.1; the simulator's request log is the proof of what reached CloudStack.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { createPolicyGateFromValue, type AuditRecord } from '../../../src/policy/index.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { toolFacts } from '../../../src/tools/index.js';
import { allowAllPolicy } from '../../helpers/allow-all-policy.js';
import { startHarness, textOf, type Harness } from '../../helpers/harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harnessWith(policy: unknown, audit: AuditRecord[] = []): Promise<Harness> {
  const gate = createPolicyGateFromValue(policy, { tools: toolFacts(), logger: silentLogger, audit: { write: (record) => audit.push(record) } });
  const harness = await startHarness({ policy: gate });
  cleanups.push(() => gate.close(), () => harness.close());
  harness.simulator.clearRequests();
  return harness;
}

const named = <T extends { name: string }>(items: readonly T[], name: string): T => items.find((item) => item.name === name)!;
const commandsSent = (simulator: RunningSimulator) => simulator.requests.map((request) => request.command);

/** A deploy in the Advanced zone without networkids: the tool must read to choose the network. */
function deployArgs(simulator: RunningSimulator, name: string): Record<string, unknown> {
  const { world } = simulator;
  return {
    zoneid: named(world.zones, 'zone-adv-1').id,
    serviceofferingid: named(world.serviceOfferings, 'Small Instance').id,
    templateid: named(world.templates, 'Ubuntu 22.04 LTS').id,
    name,
  };
}
const adminNet = (simulator: RunningSimulator) => named(simulator.world.networks, 'admin-net').id;

async function deploy(harness: Harness, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await harness.client.callTool({ name: 'deploy_virtual_machine', arguments: args })) as CallToolResult;
}

/** What two refusals of one deploy share: not the record's id or time, nor the network one names and one leaves out. */
const comparable = ({ call: _call, time: _time, params: _params, args: _args, ...rest }: AuditRecord) => rest;

describe('a deploy the policy refuses whatever network it would use sends nothing to CloudStack', () => {
  it('the tool denied: refused before the zone is read, with the refusal and audit record of a deploy that names its network', async () => {
    const audit: AuditRecord[] = [];
    const h = await harnessWith({ version: '1', default: 'allow', tools: { deploy_virtual_machine: { action: 'deny', reason: 'no new VMs this week' } } }, audit);
    const args = deployArgs(h.simulator, 'refused-01');

    const early = await deploy(h, args);
    expect(early.isError).toBe(true);
    expect(textOf(early)).toBe('[POLICY DENIED] deploy_virtual_machine is denied by policy: no new VMs this week');
    expect(h.simulator.requests).toEqual([]);
    const earlyRecords = audit.splice(0);
    expect(earlyRecords).toMatchObject([{ event: 'deny', tool: 'deploy_virtual_machine', command: 'deployVirtualMachine', refusal: 'denied', args }]);
    expect(earlyRecords[0]!.params).not.toHaveProperty('networkids');

    // The same deploy naming its network needs no read: refused by admit itself, in the same words and record.
    const full = await deploy(h, { ...args, networkids: [adminNet(h.simulator)] });
    expect(textOf(full)).toBe(textOf(early));
    expect(full.structuredContent).toEqual(early.structuredContent);
    expect(audit.map(comparable)).toEqual(earlyRecords.map(comparable));
    expect(audit).toHaveLength(1);
    expect(h.simulator.requests).toEqual([]);
  });

  it('a limit with no room: the first deploy works (zone, networks, the deploy), the second sends nothing', async () => {
    const audit: AuditRecord[] = [];
    const h = await harnessWith({ version: '1', default: 'allow', tools: { deploy_virtual_machine: { limits: [{ counter: 'deploys', window: 'hour', max: 1 }] } } }, audit);
    const first = await deploy(h, deployArgs(h.simulator, 'limited-01'));
    expect(first.isError, textOf(first)).toBeFalsy();
    expect(commandsSent(h.simulator).slice(0, 3)).toEqual(['listZones', 'listNetworks', 'deployVirtualMachine']);
    h.simulator.clearRequests();
    audit.length = 0;

    const second = await deploy(h, deployArgs(h.simulator, 'limited-02'));
    expect(second.isError).toBe(true);
    expect(textOf(second)).toMatch(/^\[POLICY DENIED\] rate limit: 1 per hour on deploys, retry in \d+ s$/);
    expect(second.structuredContent).toMatchObject({ policy: { decision: 'rate_limited', rule: '/tools/deploy_virtual_machine/limits/0', remaining: 0 } });
    expect(h.simulator.requests).toEqual([]);
    expect(audit).toMatchObject([{ event: 'deny', refusal: 'rate_limited' }]);
    expect(h.simulator.world.vms.some((vm) => vm.name === 'limited-02')).toBe(false);
  });

  it('an operator approval on a server without operator approval: declined as admit declines it, nothing sent', async () => {
    const audit: AuditRecord[] = [];
    const h = await harnessWith({ version: '1', default: 'allow', tools: { deploy_virtual_machine: { action: 'require_approval', reason: 'new VMs cost money' } } }, audit);
    const result = await deploy(h, deployArgs(h.simulator, 'approval-01'));
    expect(textOf(result)).toMatch(/^\[POLICY DENIED\] approval required: deploy_virtual_machine needs a human's approval \(new VMs cost money\), and operator approval is not configured on this server/);
    expect(result.structuredContent).toMatchObject({ policy: { decision: 'approval_declined', rule: '/tools/deploy_virtual_machine/action' } });
    expect(h.simulator.requests).toEqual([]);
    expect(audit.map((record) => record.event)).toEqual(['approval_requested', 'approval_declined']);
  });

  it('read-only mode: refused before anything is read', async () => {
    const h = await startHarness({ policy: allowAllPolicy(), readOnly: true });
    cleanups.push(() => h.close());
    h.simulator.clearRequests();
    const result = await deploy(h, deployArgs(h.simulator, 'read-only-01'));
    expect(result.structuredContent).toMatchObject({ error: { code: 'read_only' } });
    expect(h.simulator.requests).toEqual([]);
  });

  it('destroy_virtual_machine denied: expunge=true reads no VM state to choose its command', async () => {
    const h = await harnessWith({ version: '1', default: 'allow', tools: { destroy_virtual_machine: { action: 'deny' } } });
    const id = named(h.simulator.world.vms, 'web-01').id;
    const result = await h.client.callTool({ name: 'destroy_virtual_machine', arguments: { id, expunge: true } });
    expect(textOf(result)).toBe('[POLICY DENIED] destroy_virtual_machine is denied by policy');
    expect(h.simulator.requests).toEqual([]);
  });
});

describe('a deploy whose decision depends on the network still reads, and is decided on the network it sends', () => {
  it('a deny_if on the chosen network: the zone and networks are read, the deploy is refused on the filled-in network', async () => {
    const audit: AuditRecord[] = [];
    // The world is seeded alike in every simulator: admin-net's id, known before the gate is built.
    const seeded = await startSimulator();
    const net = adminNet(seeded);
    await seeded.close();
    const policy = { version: '1', default: 'allow', tools: { deploy_virtual_machine: { deny_if: [{ path: 'params.networkids', op: 'contains', value: net }], limits: [{ counter: 'deploys', window: 'hour', max: 5 }] } } };
    const h = await harnessWith(policy, audit);
    const result = await deploy(h, deployArgs(h.simulator, 'on-admin-net'));
    expect(result.structuredContent).toMatchObject({ policy: { decision: 'argument_rule', rule: '/tools/deploy_virtual_machine/deny_if/0' } });
    expect(commandsSent(h.simulator)).toEqual(['listZones', 'listNetworks']);
    expect(audit).toMatchObject([{ event: 'deny', params: { networkids: [net] } }]);
  });

  it('allowed: the deploy is sent with the network the policy saw', async () => {
    const audit: AuditRecord[] = [];
    const other = '00000000-0000-4000-8000-000000000000';
    const h = await harnessWith({ version: '1', default: 'allow', tools: { deploy_virtual_machine: { deny_if: [{ path: 'params.networkids', op: 'contains', value: other }] } } }, audit);
    const result = await deploy(h, deployArgs(h.simulator, 'allowed-01'));
    expect(result.isError, textOf(result)).toBeFalsy();
    const net = adminNet(h.simulator);
    const sent = h.simulator.requests.filter((request) => request.command === 'deployVirtualMachine');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.params).toMatchObject({ networkids: net });
    expect(audit.find((record) => record.event === 'allow')).toMatchObject({ params: { networkids: [net] } });
    expect(named(h.simulator.world.vms, 'allowed-01').nics[0]?.networkid).toBe(net);
  });
});

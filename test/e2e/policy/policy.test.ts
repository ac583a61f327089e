/**
 * The policy engine end to end: an MCP client → the real server and tool pipeline → the real gate → the
 * CloudStack simulator over 127.0.0.1. A refused call must never reach the simulator: its request log is the proof.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolListChangedNotificationSchema, type CallToolResult, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../../src/logger.js';
import { createPolicyGate, createPolicyGateFromValue, type AuditRecord, type ManagedPolicyGate } from '../../../src/policy/index.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { toolFacts } from '../../../src/tools/index.js';
import { startHarness, type Harness } from '../../helpers/harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harnessWith(policy: ManagedPolicyGate, onElicit?: (request: ElicitRequest) => ElicitResult): Promise<Harness> {
  const harness = await startHarness({ policy, ...(onElicit ? { onElicit } : {}) });
  cleanups.push(() => policy.close(), () => harness.close());
  return harness;
}

function gateFor(policy: unknown, audit: AuditRecord[] = []): ManagedPolicyGate {
  return createPolicyGateFromValue(policy, { tools: toolFacts(), logger: silentLogger, audit: { write: (record) => audit.push(record) } });
}

const textOf = (result: unknown): string => ((result as CallToolResult).content[0] as { text: string }).text;
const sent = (simulator: RunningSimulator, command: string) => simulator.requests.filter((request) => request.command === command);
const listedTools = async (harness: Harness) => (await harness.client.listTools()).tools.map((tool) => tool.name);

function seeded(simulator: RunningSimulator) {
  const host = (name: string) => simulator.world.hosts.find((candidate) => candidate.name === name)!.id;
  const vm = (name: string) => simulator.world.vms.find((candidate) => candidate.name === name)!.id;
  // web-01 runs on kvm-a1-01; kvm-a1-02 is the other usable host of its cluster.
  return { web01: vm('web-01'), app03: vm('app-03'), a1: host('kvm-a1-01'), a2: host('kvm-a1-02'), b1: host('kvm-b1-01') };
}

describe('policy end to end', () => {
  it('default deny hides the tools it does not name: not listed, and unknown when called', async () => {
    const hiding = await harnessWith(gateFor({ version: '1', default: 'deny', tools: { list_virtual_machines: {}, list_zones: {} } }));
    const { web01 } = seeded(hiding.simulator);
    hiding.simulator.clearRequests();
    expect((await listedTools(hiding)).sort()).toEqual(['list_virtual_machines', 'list_zones']);
    await expect(hiding.client.callTool({ name: 'stop_virtual_machine', arguments: { id: web01 } })).rejects.toThrow(/Unknown tool/);
    expect(hiding.simulator.requests).toHaveLength(0);

    // hide "*" does the same under default allow.
    const hideAll = await harnessWith(gateFor({ version: '1', default: 'allow', hide: ['*'], tools: { list_zones: {} } }));
    expect(await listedTools(hideAll)).toEqual(['list_zones']);
  });

  it('the built-in policy offers only the read-only tools and tells the operator how to enable more', async () => {
    const logs: string[] = [];
    const gate = await createPolicyGate({ tools: toolFacts(), logger: createLogger({ write: (line) => logs.push(line) }), audit: { write: () => {} } });
    const harness = await harnessWith(gate);
    const { web01 } = seeded(harness.simulator);
    harness.simulator.clearRequests();
    const readOnly = toolFacts().filter((tool) => tool.readOnly).map((tool) => tool.name);
    expect((await listedTools(harness)).sort()).toEqual([...readOnly].sort());
    await expect(harness.client.callTool({ name: 'stop_virtual_machine', arguments: { id: web01 } })).rejects.toThrow(/Unknown tool/);
    expect(harness.simulator.requests).toHaveLength(0);
    expect(logs.join('\n')).toMatch(/--policy FILE or set CLOUDSTACK_MCP_POLICY/);
    expect((await harness.client.callTool({ name: 'list_zones', arguments: {} })).isError).toBeFalsy();
    expect(logs.join('\n')).toContain('built-in policy allows the');
  });

  it('refuses the 11th migration in a minute, which never reaches CloudStack', async () => {
    const audit: AuditRecord[] = [];
    const harness = await harnessWith(
      gateFor(
        {
          version: '1',
          default: 'deny',
          tools: { migrate_virtual_machine: { limits: [{ counter: 'migrate_virtual_machine_rate', window: 'minute', max: 10, scope: 'grant' }] } },
        },
        audit,
      ),
    );
    const { web01, a1, a2 } = seeded(harness.simulator);
    harness.simulator.clearRequests();
    for (let index = 0; index < 10; index++) {
      const result = await harness.client.callTool({ name: 'migrate_virtual_machine', arguments: { virtualmachineid: web01, hostid: index % 2 === 0 ? a2 : a1 } });
      expect(result.isError, textOf(result)).toBeFalsy();
    }
    const eleventh = await harness.client.callTool({ name: 'migrate_virtual_machine', arguments: { virtualmachineid: web01, hostid: a2 } });
    expect(eleventh.isError).toBe(true);
    expect(textOf(eleventh)).toMatch(/^\[POLICY DENIED\] rate limit: 10 per minute on migrate_virtual_machine_rate, retry in \d+ s$/);
    expect(eleventh.structuredContent).toMatchObject({ policy: { decision: 'rate_limited', rule: '/tools/migrate_virtual_machine/limits/0', limit: 10, remaining: 0 } });
    expect(sent(harness.simulator, 'migrateVirtualMachine')).toHaveLength(10);
    const executed = audit.filter((record) => record.event === 'executed');
    expect(executed).toHaveLength(10);
    expect(executed.every((record) => record.outcome?.ok && typeof record.outcome.jobId === 'string')).toBe(true);
  });

  it('refuses a call whose arguments match deny_if', async () => {
    // The world is seeded, so a throwaway simulator tells the host ids the policy must name before the harness starts.
    const probe = await startSimulator({ jobMs: 0 });
    const ids = seeded(probe);
    await probe.close();
    const harness = await harnessWith(
      gateFor({
        version: '1',
        default: 'deny',
        tools: {
          migrate_virtual_machine: {
            require: ['hostid'],
            deny_if: [{ path: 'args.hostid', op: 'not_in', value: [ids.a1] }],
            on_deny: 'Only kvm-a1-01 may receive migrations',
          },
        },
      }),
    );
    harness.simulator.clearRequests();
    const refused = await harness.client.callTool({ name: 'migrate_virtual_machine', arguments: { virtualmachineid: ids.web01, hostid: ids.a2 } });
    expect(textOf(refused)).toBe('[POLICY DENIED] argument hostid: value not allowed. Only kvm-a1-01 may receive migrations');
    expect(refused.structuredContent).toMatchObject({ policy: { decision: 'argument_rule', rule: '/tools/migrate_virtual_machine/deny_if/0' } });
    const missing = await harness.client.callTool({ name: 'migrate_virtual_machine', arguments: { virtualmachineid: ids.web01 } });
    expect(missing.structuredContent).toMatchObject({ policy: { decision: 'missing_argument', rule: '/tools/migrate_virtual_machine/require/0' } });
    expect(sent(harness.simulator, 'migrateVirtualMachine')).toHaveLength(0);

    const allowed = await harness.client.callTool({ name: 'migrate_virtual_machine', arguments: { virtualmachineid: ids.app03, hostid: ids.a1 } });
    expect(allowed.isError, textOf(allowed)).toBeFalsy();
    expect(sent(harness.simulator, 'migrateVirtualMachine')).toHaveLength(1);
  });

  it('an all_tools params. rule and a commands entry bind every tool that sends the command', async () => {
    const audit: AuditRecord[] = [];
    const harness = await harnessWith(
      gateFor(
        {
          version: '1',
          default: 'deny',
          all_tools: { deny_if: [{ path: 'params.forced', op: 'eq', value: true, reason: 'no forced power-off anywhere' }] },
          tools: { stop_virtual_machine: {}, reboot_virtual_machine: {} },
          commands: { rebootVirtualMachine: { limits: [{ counter: 'reboots', window: 'hour', max: 1 }] } },
        },
        audit,
      ),
    );
    const { web01, app03 } = seeded(harness.simulator);
    harness.simulator.clearRequests();
    for (const name of ['stop_virtual_machine', 'reboot_virtual_machine']) {
      const forced = await harness.client.callTool({ name, arguments: { id: web01, forced: true } });
      expect(forced.structuredContent, name).toMatchObject({ policy: { decision: 'argument_rule', rule: '/all_tools/deny_if/0' } });
      expect(textOf(forced)).toMatch(/^\[POLICY DENIED\] parameter forced of (stop|reboot)VirtualMachine: value not allowed: no forced power-off anywhere$/);
    }
    expect(harness.simulator.requests.filter((request) => /^(stop|reboot)VirtualMachine$/.test(String(request.command)))).toHaveLength(0);

    const reboot = await harness.client.callTool({ name: 'reboot_virtual_machine', arguments: { id: app03 } });
    expect(reboot.isError, textOf(reboot)).toBeFalsy();
    const second = await harness.client.callTool({ name: 'reboot_virtual_machine', arguments: { id: web01 } });
    expect(second.structuredContent).toMatchObject({ policy: { decision: 'rate_limited', rule: '/commands/rebootVirtualMachine/limits/0' } });
    expect(sent(harness.simulator, 'rebootVirtualMachine')).toHaveLength(1);
    expect(audit.filter((record) => record.event === 'executed').map((record) => [record.tool, record.command])).toEqual([
      ['reboot_virtual_machine', 'rebootVirtualMachine'],
    ]);
  });

  it('asks a human for require_approval: accepted runs, declined never reaches CloudStack', async () => {
    const policy = {
      version: '1',
      default: 'deny',
      // approver client: the MCP client asks its human (elicitation); the default is the operator's approvals page.
      tools: { destroy_virtual_machine: { action: 'require_approval', reason: 'Destroying a VM needs a human', approver: 'client' } },
    };
    const asked: ElicitRequest[] = [];
    const declining = await harnessWith(gateFor(policy), (request) => (asked.push(request), { action: 'decline' }));
    const { web01, app03 } = seeded(declining.simulator);
    declining.simulator.clearRequests();
    const declined = await declining.client.callTool({ name: 'destroy_virtual_machine', arguments: { id: web01 } });
    expect(textOf(declined)).toBe(
      "[POLICY DENIED] approval required: destroy_virtual_machine needs a human's approval (Destroying a VM needs a human), and the request was declined",
    );
    // the human sees the tool, the exact arguments of this call, and why approval is needed
    expect(asked).toHaveLength(1);
    expect(asked[0]!.params.message).toContain('destroy_virtual_machine');
    expect(asked[0]!.params.message).toContain(`"id": "${web01}"`);
    expect(asked[0]!.params.message).toContain('Destroying a VM needs a human');
    expect(sent(declining.simulator, 'destroyVirtualMachine')).toHaveLength(0);

    const accepting = await harnessWith(gateFor(policy), () => ({ action: 'accept', content: { approve: true } }));
    accepting.simulator.clearRequests();
    const accepted = await accepting.client.callTool({ name: 'destroy_virtual_machine', arguments: { id: app03 } });
    expect(accepted.isError, textOf(accepted)).toBeFalsy();
    expect(sent(accepting.simulator, 'destroyVirtualMachine')).toHaveLength(1);
  });

  it('refuses an operator-approved call when the server has no operator approver, without asking the client', async () => {
    const policy = { version: '1', default: 'deny', tools: { destroy_virtual_machine: { action: 'require_approval' } } };
    const asked: ElicitRequest[] = [];
    const harness = await harnessWith(gateFor(policy), (request) => (asked.push(request), { action: 'accept', content: { approve: true } }));
    const { web01 } = seeded(harness.simulator);
    harness.simulator.clearRequests();
    const refused = await harness.client.callTool({ name: 'destroy_virtual_machine', arguments: { id: web01 } });
    expect(textOf(refused)).toContain('operator approval is not configured on this server: set CLOUDSTACK_MCP_APPROVER_TOKEN');
    expect(asked).toHaveLength(0);
    expect(sent(harness.simulator, 'destroyVirtualMachine')).toHaveLength(0);
  });

  describe('hot reload', () => {
    function policyFile(content: unknown): string {
      const dir = mkdtempSync(join(tmpdir(), 'policy-e2e-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const file = join(dir, 'policy.json');
      writeFileSync(file, JSON.stringify(content));
      return file;
    }
    const initial = { version: '1', default: 'deny', tools: { list_zones: {}, list_hosts: {} } };

    async function watchedHarness(file: string, logs: string[]) {
      const gate = await createPolicyGate({
        tools: toolFacts(),
        file,
        watch: true,
        watchDebounceMs: 20,
        logger: createLogger({ write: (line) => logs.push(line) }),
        audit: { write: () => {} },
      });
      const harness = await harnessWith(gate);
      let listChanged = 0;
      harness.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void listChanged++);
      return { harness, listChanged: () => listChanged };
    }

    it('a valid edit changes tools/list and emits list_changed', async () => {
      const file = policyFile(initial);
      const { harness, listChanged } = await watchedHarness(file, []);
      expect(await listedTools(harness)).toContain('list_hosts');
      writeFileSync(file, JSON.stringify({ ...initial, hide: ['list_hosts'] }));
      await expect.poll(listChanged, { timeout: 5_000, interval: 20 }).toBe(1);
      expect(await listedTools(harness)).not.toContain('list_hosts');
      expect(await listedTools(harness)).toContain('list_zones');
    });

    it('an invalid edit is rejected and the old policy stays in force', async () => {
      const file = policyFile(initial);
      const logs: string[] = [];
      const { harness, listChanged } = await watchedHarness(file, logs);
      const before = await listedTools(harness);
      writeFileSync(file, JSON.stringify({ ...initial, hide: ['list_hostz'] }));
      await expect.poll(() => logs.some((line) => line.includes('policy reload rejected')), { timeout: 5_000, interval: 20 }).toBe(true);
      expect(logs.find((line) => line.includes('policy reload rejected'))).toContain('/hide/0: unknown tool (did you mean list_hosts?)');
      expect(listChanged()).toBe(0);
      expect(await listedTools(harness)).toEqual(before);
      expect((await harness.client.callTool({ name: 'list_hosts', arguments: {} })).isError).toBeFalsy();
    });
  });
});

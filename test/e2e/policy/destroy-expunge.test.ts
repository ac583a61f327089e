/**
 * destroy_virtual_machine with expunge=true on a VM that is already Destroyed sends expungeVirtualMachine. That
 * is the canonical call: the policy (command rules for expungeVirtualMachine among the rest), the audit and an
 * approval see that command, and the workflow sends exactly it. An MCP client → the real server → the real gate →
 * the CloudStack simulator over 127.0.0.1; the simulator's request log is the proof of what was sent.
 */
import type { CallToolResult, ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { createPolicyGateFromValue, type AuditRecord } from '../../../src/policy/index.js';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import { toolFacts } from '../../../src/tools/index.js';
import { startHarness, textOf, type Harness } from '../../helpers/harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harnessWith(policy: unknown, audit: AuditRecord[], onElicit?: (request: ElicitRequest) => ElicitResult): Promise<Harness> {
  const gate = createPolicyGateFromValue(policy, { tools: toolFacts(), logger: silentLogger, audit: { write: (record) => audit.push(record) } });
  const harness = await startHarness({ policy: gate, ...(onElicit ? { onElicit } : {}) });
  cleanups.push(() => gate.close(), () => harness.close());
  return harness;
}

const commandsSent = (simulator: RunningSimulator) => simulator.requests.map((request) => request.command);
const vmNamed = (simulator: RunningSimulator, name: string) => simulator.world.vms.find((vm) => vm.name === name)!;

/** web-01 destroyed (recoverable), the request log cleared: the state the bypass needs. */
async function destroyedWeb01(harness: Harness): Promise<string> {
  const id = vmNamed(harness.simulator, 'web-01').id;
  const destroyed = await harness.client.callTool({ name: 'destroy_virtual_machine', arguments: { id } });
  expect(destroyed.isError, textOf(destroyed)).toBeFalsy();
  expect(vmNamed(harness.simulator, 'web-01').state).toBe('Destroyed');
  harness.simulator.clearRequests();
  return id;
}

describe('destroy_virtual_machine expunge=true on a Destroyed VM is decided as expungeVirtualMachine', () => {
  it('a command rule denying expungeVirtualMachine refuses it: nothing that changes state is sent, the VM stays Destroyed', async () => {
    const audit: AuditRecord[] = [];
    const h = await harnessWith({ version: '1', default: 'allow', commands: { expungeVirtualMachine: { action: 'deny', reason: 'no expunge' } } }, audit);
    const id = await destroyedWeb01(h);

    const direct = await h.client.callTool({ name: 'expunge_virtual_machine', arguments: { id } });
    expect(textOf(direct)).toMatch(/^\[POLICY DENIED\]/);
    const result = (await h.client.callTool({ name: 'destroy_virtual_machine', arguments: { id, expunge: true } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^\[POLICY DENIED\] expungeVirtualMachine is denied by policy: no expunge/);
    expect(result.structuredContent).toMatchObject({ policy: { decision: 'denied', rule: '/commands/expungeVirtualMachine/action' } });
    // Only the reads that chose the command: no expunge, no destroy.
    expect(commandsSent(h.simulator).every((command) => command === 'listVirtualMachines'), commandsSent(h.simulator).join()).toBe(true);
    expect(vmNamed(h.simulator, 'web-01').state).toBe('Destroyed');
    const denied = audit.filter((record) => record.event === 'deny' && record.tool === 'destroy_virtual_machine');
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ command: 'expungeVirtualMachine', params: { id }, rule: '/commands/expungeVirtualMachine/action' });
  });

  it('allowed, the expunge is sent once with the parameters the policy saw, and the audit names expungeVirtualMachine', async () => {
    const audit: AuditRecord[] = [];
    const h = await harnessWith({ version: '1', default: 'allow' }, audit);
    const id = await destroyedWeb01(h);

    const result = (await h.client.callTool({ name: 'destroy_virtual_machine', arguments: { id, expunge: true, confirm: true } })) as CallToolResult;
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ virtualmachine: { id, state: 'Expunged' } });
    const expunges = h.simulator.requests.filter((request) => request.command === 'expungeVirtualMachine');
    expect(expunges).toHaveLength(1);
    expect(expunges[0]!.params).toMatchObject({ id });
    expect(commandsSent(h.simulator)).not.toContain('destroyVirtualMachine');
    const executed = audit.filter((record) => record.event === 'executed' && record.tool === 'destroy_virtual_machine');
    // The first executed record is the plain destroy that left the VM Destroyed.
    expect(executed.map((record) => record.command)).toEqual(['destroyVirtualMachine', 'expungeVirtualMachine']);
    expect(executed[1]).toMatchObject({ args: { id, expunge: true }, params: { id }, outcome: { ok: true } });
    expect(Object.keys(executed[1]!.params!)).toEqual(['id']);
  });

  it('a Running VM with expunge=true is still one destroyVirtualMachine expunge=true, untouched by the expungeVirtualMachine rule', async () => {
    const audit: AuditRecord[] = [];
    const h = await harnessWith({ version: '1', default: 'allow', commands: { expungeVirtualMachine: { action: 'deny' } } }, audit);
    const id = vmNamed(h.simulator, 'web-01').id;
    h.simulator.clearRequests();
    const result = await h.client.callTool({ name: 'destroy_virtual_machine', arguments: { id, expunge: true } });
    expect(result.isError, textOf(result)).toBeFalsy();
    const destroys = h.simulator.requests.filter((request) => request.command === 'destroyVirtualMachine');
    expect(destroys).toHaveLength(1);
    expect(destroys[0]!.params).toMatchObject({ id, expunge: 'true' });
    expect(commandsSent(h.simulator)).not.toContain('expungeVirtualMachine');
    expect(audit.find((record) => record.event === 'executed')).toMatchObject({ command: 'destroyVirtualMachine', params: { id, expunge: true } });
  });

  it('an already Destroyed VM without expunge is reported as it is, nothing sent, decided as destroyVirtualMachine', async () => {
    const audit: AuditRecord[] = [];
    const h = await harnessWith({ version: '1', default: 'allow' }, audit);
    const id = await destroyedWeb01(h);
    const result = await h.client.callTool({ name: 'destroy_virtual_machine', arguments: { id } });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ virtualmachine: { id, state: 'Destroyed' } });
    expect(commandsSent(h.simulator)).toEqual(['listVirtualMachines']);
    expect(audit.filter((record) => record.event === 'executed').map((record) => record.command)).toEqual(['destroyVirtualMachine', 'destroyVirtualMachine']);
  });

  it('the approval is asked for expungeVirtualMachine (a tool rule on args.expunge and a command rule both apply), then sent once', async () => {
    const audit: AuditRecord[] = [];
    const asked: string[] = [];
    const policy = {
      version: '1',
      default: 'allow',
      tools: { destroy_virtual_machine: { approve_if: [{ path: 'args.expunge', op: 'eq', value: true }], approver: 'client' } },
      commands: { expungeVirtualMachine: { limits: [{ counter: 'expunges', window: 'hour', max: 1, scope: 'grant' }] } },
    };
    const h = await harnessWith(policy, audit, (request) => {
      asked.push(request.params.message);
      return { action: 'accept', content: { approve: true } };
    });
    const id = await destroyedWeb01(h);
    const result = await h.client.callTool({ name: 'destroy_virtual_machine', arguments: { id, expunge: true } });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('Approve destroy_virtual_machine (CloudStack expungeVirtualMachine)?');
    expect(h.simulator.requests.filter((request) => request.command === 'expungeVirtualMachine')).toHaveLength(1);

    // The command's limit counted that expunge: the direct tool now finds none left.
    const other = vmNamed(h.simulator, 'app-02').id;
    await h.client.callTool({ name: 'destroy_virtual_machine', arguments: { id: other } });
    h.simulator.clearRequests();
    const direct = await h.client.callTool({ name: 'expunge_virtual_machine', arguments: { id: other } });
    expect(textOf(direct)).toMatch(/^\[POLICY DENIED\]/);
    expect(commandsSent(h.simulator)).not.toContain('expungeVirtualMachine');
  });
});

/**
 * When an operator approval and a client approval both apply to one call, the operator decides: the built server
 * over stdio, an SDK Client that answers every elicitation "approve" itself (an agent that is its own client),
 * and the simulator's request log. `all_tools` asks the operator for every prod resource; the tool's entry asks
 * the client for an expunge. Destroy+expunge of the prod web-01 must wait for the operator, with the client never
 * asked and nothing state-changing sent until the operator approves; a dev VM's expunge is still the client's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { connectStdio, runCli, scratchDir, type StdioSession } from '../../helpers/cli.js';
import { textOf } from '../../helpers/harness.js';

const OPERATOR_TOKEN = 'operator-token-0123456789abcdef';
const POLICY = {
  version: '1',
  default: 'allow',
  all_tools: { approve_if: [{ path: 'resource.tags.env', op: 'eq', value: 'prod', reason: 'prod needs the operator' }] },
  tools: { destroy_virtual_machine: { approver: 'client', approve_if: [{ path: 'args.expunge', op: 'eq', value: true, reason: 'expunge: confirm' }] } },
};

let simulator: RunningSimulator;
let session: StdioSession;
let auditFile: string;
const elicited: string[] = [];

const vmId = (name: string): string => simulator.world.vms.find((vm) => vm.name === name)!.id;
/** What the server sent that changes the cloud (reads resolve the VM and are allowed). */
const writesSent = () => simulator.requests.filter((request) => !/^(list|query)/.test(request.command ?? '')).map((request) => `${request.command} ${request.params.id}`);
const audit = (): Array<Record<string, unknown>> => readFileSync(auditFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
const pendingOf = (result: unknown) => (result as { structuredContent: { policy: { approval: { id: string; url: string } } } }).structuredContent.policy.approval;

beforeAll(async () => {
  simulator = await startSimulator({ jobMs: 5 });
  const dir = scratchDir();
  const policyFile = join(dir, 'policy.json');
  auditFile = join(dir, 'audit.log');
  writeFileSync(policyFile, JSON.stringify(POLICY));
  const env = {
    CLOUDSTACK_API_URL: simulator.url,
    CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey,
    CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey,
    CLOUDSTACK_MCP_APPROVER_TOKEN: OPERATOR_TOKEN,
    CLOUDSTACK_MCP_APPROVAL_PORT: '0',
    CLOUDSTACK_MCP_AUDIT_LOG: auditFile,
  };
  session = await connectStdio(['--policy', policyFile], env, { elicitation: {} });
  session.client.setRequestHandler(ElicitRequestSchema, async (request) => {
    elicited.push(request.params.message);
    return { action: 'accept', content: { approve: true } };
  });
});

afterAll(async () => {
  await session?.close();
  await simulator?.close();
});

describe('an operator approval and a client approval on one call', () => {
  it('the operator decides: the client is never asked, nothing is sent until the operator approves, then it runs once', async () => {
    const id = vmId('web-01');
    const args = { id, expunge: true };
    simulator.clearRequests();

    const first = await session.client.callTool({ name: 'destroy_virtual_machine', arguments: args });
    expect(first.isError, textOf(first)).toBeFalsy();
    expect(textOf(first)).toMatch(/^\[APPROVAL PENDING\] destroy_virtual_machine on web-01 needs an operator's approval \(prod needs the operator; also asked: expunge: confirm/);
    expect(elicited).toEqual([]);
    expect(writesSent()).toEqual([]);

    // The operator sees the strictest rule's reason and the client rule that also asked.
    const pending = pendingOf(first);
    const page = pending.url.replace(/\/[^/]+$/, '');
    const listed = await runCli(['approvals', 'list', '--url', page], { CLOUDSTACK_MCP_APPROVER_TOKEN: OPERATOR_TOKEN });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(pending.id);
    expect(listed.stdout).toContain('/tools/destroy_virtual_machine/approve_if/0');

    // Asking again while pending still asks nobody at the client and sends nothing.
    expect(textOf(await session.client.callTool({ name: 'destroy_virtual_machine', arguments: args }))).toMatch(/^\[APPROVAL PENDING\]/);
    expect(elicited).toEqual([]);
    expect(writesSent()).toEqual([]);

    const approved = await runCli(['approvals', 'approve', pending.id, '--by', 'carol', '--url', page], { CLOUDSTACK_MCP_APPROVER_TOKEN: OPERATOR_TOKEN });
    expect(approved.code, approved.stderr).toBe(0);
    const done = await session.client.callTool({ name: 'destroy_virtual_machine', arguments: args });
    expect(done.isError, textOf(done)).toBeFalsy();
    expect(elicited).toEqual([]);
    expect(writesSent()).toEqual([`destroyVirtualMachine ${id}`]);
    expect(simulator.requests.find((request) => request.command === 'destroyVirtualMachine')?.params.expunge).toBe('true');

    // Audited under the operator's rule: requested and granted, never by the client's rule.
    const ofCall = audit().filter((record) => record.tool === 'destroy_virtual_machine' && typeof record.event === 'string' && String(record.event).startsWith('approval_'));
    expect(ofCall.filter((record) => record.event === 'approval_requested').every((record) => record.rule === '/all_tools/approve_if/0')).toBe(true);
    expect(ofCall.filter((record) => record.event === 'approval_granted').map((record) => record.rule)).toEqual(['/all_tools/approve_if/0']);
    expect(ofCall.map((record) => record.event)).toContain('approval_approved');
  });

  it('a dev VM, where only the client approval applies, is still the client\'s to approve', async () => {
    const id = vmId('dev-01');
    simulator.clearRequests();
    const asked = elicited.length;
    const result = await session.client.callTool({ name: 'destroy_virtual_machine', arguments: { id, expunge: true } });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(elicited).toHaveLength(asked + 1);
    expect(writesSent()).toEqual([`destroyVirtualMachine ${id}`]);
  });
});

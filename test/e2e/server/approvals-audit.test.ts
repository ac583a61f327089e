/**
 * Operator approval in the audit trail and across a policy reload, through the built server over stdio: every
 * step of an approval is an audit record with its id and who acted; a reload that denies the tool cancels the
 * approvals still waiting; and a server whose policy asks an operator, without an operator credential, says so
 * once at start-up.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_OPERATOR_NOTICE } from '../../../src/approvals/settings.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { connectStdio, runCli, scratchDir, type StdioSession } from '../../helpers/cli.js';
import { eventually } from '../../helpers/eventually.js';

const OPERATOR_TOKEN = 'operator-token-0123456789abcdef';
const destroyPolicy = (action: 'require_approval' | 'deny') => JSON.stringify({ version: '1', default: 'allow', tools: { destroy_virtual_machine: { action } } });

let simulator: RunningSimulator;

const cloudEnv = () => ({
  CLOUDSTACK_API_URL: simulator.url,
  CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey,
  CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey,
});

const vmId = (name: string): string => simulator.world.vms.find((vm) => vm.name === name)!.id;
const approvalOf = (result: unknown) => (result as { structuredContent: { policy: { approval: { id: string; url: string } } } }).structuredContent.policy.approval;

beforeAll(async () => {
  simulator = await startSimulator({ jobMs: 5 });
});

afterAll(async () => {
  await simulator?.close();
});

describe('operator approval, audited', () => {
  let session: StdioSession;
  let policyFile: string;
  let auditFile: string;
  const audit = (): Array<Record<string, unknown>> =>
    readFileSync(auditFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  const stepsOf = (approval: string) => audit().filter((record) => record.approval === approval).map((record) => [record.event, record.by]);

  beforeAll(async () => {
    const dir = scratchDir();
    policyFile = join(dir, 'policy.json');
    auditFile = join(dir, 'audit.log');
    writeFileSync(policyFile, destroyPolicy('require_approval'));
    session = await connectStdio(['--policy', policyFile], { ...cloudEnv(), CLOUDSTACK_MCP_APPROVER_TOKEN: OPERATOR_TOKEN, CLOUDSTACK_MCP_AUDIT_LOG: auditFile });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('records requested, approved by the operator, used; the call itself with its params', async () => {
    const args = { id: vmId('dev-02') };
    const pending = approvalOf(await session.client.callTool({ name: 'destroy_virtual_machine', arguments: args }));
    const approved = await runCli(['approvals', 'approve', pending.id, '--by', 'carol', '--url', pending.url.replace(/\/[^/]+$/, '')], { CLOUDSTACK_MCP_APPROVER_TOKEN: OPERATOR_TOKEN });
    expect(approved.code, approved.stderr).toBe(0);
    const done = await session.client.callTool({ name: 'destroy_virtual_machine', arguments: args });
    expect(done.isError).toBeFalsy();
    const steps = stepsOf(pending.id);
    expect(steps[0]).toEqual(['approval_requested', undefined]);
    expect(steps).toContainEqual(['approval_approved', 'carol (cli)']);
    expect(steps.at(-1)).toEqual(['approval_used', undefined]);
    const executed = audit().find((record) => record.event === 'executed' && record.tool === 'destroy_virtual_machine');
    expect(executed).toMatchObject({ command: 'destroyVirtualMachine', params: { id: args.id } });
    expect(JSON.stringify(audit())).not.toContain(OPERATOR_TOKEN);
  });

  it('a reload that denies the tool cancels its pending approval, audited', async () => {
    const args = { id: vmId('app-03') };
    const pending = approvalOf(await session.client.callTool({ name: 'destroy_virtual_machine', arguments: args }));
    writeFileSync(policyFile, destroyPolicy('deny'));
    const cancelled = await eventually('the cancellation record', () => audit().find((record) => record.approval === pending.id && record.event === 'approval_cancelled'));
    expect(cancelled).toMatchObject({ by: 'policy reload', reason: 'the policy now denies destroy_virtual_machine', tool: 'destroy_virtual_machine' });
    const refused = await session.client.callTool({ name: 'destroy_virtual_machine', arguments: args });
    expect(refused.isError).toBe(true);
    expect(simulator.requests.filter((request) => request.command === 'destroyVirtualMachine' && request.params.id === args.id)).toHaveLength(0);
  });
});

describe('start-up without an operator credential', () => {
  it('says once that operator-approved calls will be refused, naming the variable', async () => {
    const policyFile = join(scratchDir(), 'policy.json');
    writeFileSync(policyFile, destroyPolicy('require_approval'));
    const session = await connectStdio(['--policy', policyFile], cloudEnv());
    try {
      await session.client.listTools();
      expect(session.stderr().split(NO_OPERATOR_NOTICE)).toHaveLength(2);
    } finally {
      await session.close();
    }
  });

  it('says nothing when every approval goes to the client', async () => {
    const policyFile = join(scratchDir(), 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ version: '1', default: 'allow', tools: { destroy_virtual_machine: { action: 'require_approval', approver: 'client' } } }));
    const session = await connectStdio(['--policy', policyFile], cloudEnv());
    try {
      await session.client.listTools();
      expect(session.stderr()).not.toContain('CLOUDSTACK_MCP_APPROVER_TOKEN');
    } finally {
      await session.close();
    }
  });
});

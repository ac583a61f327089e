/**
 * Operator approvals shared through Redis by two server processes — the built CLI over stdio (an agent client's
 * own process) and over Streamable HTTP (a replica with the approvals page) — against one simulator: an approval
 * asked for by a call on the stdio process is approved through the HTTP process (the `cloudstack-mcp approvals`
 * CLI pointed at it, and its JSON API), and the stdio process's repeated call destroys exactly once. With Redis
 * gone, approvals are refused with the clear error (the call, the API, the CLI, get_approval), and work again
 * when it returns, without a restart. This file owns its Redis (it stops it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { connectStdio, runCli, startHttpCli, type HttpChild, type StdioSession } from '../helpers/cli.js';
import { textOf } from '../helpers/harness.js';
import type { RedisServer } from './redis-server.js';
import { startSharedWorld, type SharedWorld } from './shared-world.js';

const MCP_TOKEN = 'redis-approvals-mcp-token-0123456789';
const OPERATOR_TOKEN = 'redis-approvals-operator-0123456789';
const UNAVAILABLE = /policy state unavailable: .+; nothing was sent/;

let world: SharedWorld;
let redis: RedisServer;
let simulator: RunningSimulator;
let stdio: StdioSession;
let http: HttpChild;
let approvalsUrl: string;

const vmId = (name: string): string => {
  const vm = simulator.world.vms.find((candidate) => candidate.name === name);
  if (!vm) throw new Error(`no VM ${name}`);
  return vm.id;
};
const destroysOf = (id: string): number => simulator.requests.filter((request) => request.command === 'destroyVirtualMachine' && request.params.id === id).length;
const approvalOf = (result: unknown): { id: string; status: string } =>
  (result as { structuredContent: { policy: { approval: { id: string; status: string } } } }).structuredContent.policy.approval;

async function api(path: string, method = 'GET'): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${approvalsUrl}/api/${path}`, {
    method,
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'x-approver': 'alice', ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    ...(method === 'POST' ? { body: '{}' } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const approvalsCli = (...args: string[]) => runCli(['approvals', ...args, '--url', approvalsUrl, '--by', 'bob'], { CLOUDSTACK_MCP_APPROVER_TOKEN: OPERATOR_TOKEN });

beforeAll(async () => {
  world = await startSharedWorld({
    token: MCP_TOKEN,
    jobMs: 5,
    policy: {
      version: '1',
      default: 'allow',
      tools: { destroy_virtual_machine: { action: 'require_approval', reason: 'Destroying a VM deletes its data; a human confirms every destroy' } },
    },
    env: { CLOUDSTACK_MCP_APPROVER_TOKEN: OPERATOR_TOKEN },
  });
  ({ redis, simulator } = world);
  [stdio, http] = await Promise.all([connectStdio([...world.policyArgs], world.env), startHttpCli([...world.policyArgs], world.env)]);
  approvalsUrl = http.url.replace(/\/mcp$/, '/approvals');
});

afterAll(async () => {
  await stdio?.close();
  await http?.stop();
  await world?.stop();
});

describe('operator approvals shared by two servers through Redis', () => {
  it('asked on the stdio process, approved through the HTTP process, the repeated call destroys exactly once', async () => {
    const id = vmId('dev-01');
    const args = { id, expunge: true };
    const first = await stdio.client.callTool({ name: 'destroy_virtual_machine', arguments: args });
    expect(first.isError).toBeFalsy();
    expect(textOf(first)).toMatch(/^\[APPROVAL PENDING\] destroy_virtual_machine on dev-01 needs an operator's approval/);
    const pending = approvalOf(first);

    // The HTTP process's page lists it (it was asked for on the other process) and its CLI approves it.
    const listed = await approvalsCli('list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${pending.id}\\s+pending\\s+destroy_virtual_machine\\s+dev-01`));
    expect(textOf(await stdio.client.callTool({ name: 'destroy_virtual_machine', arguments: args }))).toMatch(/^\[APPROVAL PENDING\] Still pending/);
    const approved = await approvalsCli('approve', pending.id, '--reason', 'change 4711');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain(`Approved ${pending.id} (destroy_virtual_machine on dev-01), by bob (cli): change 4711`);
    expect(destroysOf(id)).toBe(0);

    const done = await stdio.client.callTool({ name: 'destroy_virtual_machine', arguments: args });
    expect(done.isError).toBeFalsy();
    expect(textOf(done)).not.toMatch(/APPROVAL/);
    expect(destroysOf(id)).toBe(1);
    const again = await stdio.client.callTool({ name: 'destroy_virtual_machine', arguments: args });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toMatch(/^\[APPROVAL USED\]/);
    expect(destroysOf(id)).toBe(1);
    // Both processes see the same record: used, decided by bob through the HTTP process.
    expect((await api(pending.id)).body.approval).toMatchObject({ status: 'used', decidedBy: 'bob (cli)' });
  });

  it('a denial through the HTTP JSON API is what the stdio process tells the agent', async () => {
    const id = vmId('app-03');
    const pending = approvalOf(await stdio.client.callTool({ name: 'destroy_virtual_machine', arguments: { id } }));
    const refused = await fetch(`${approvalsUrl}/api/${pending.id}/deny`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'x-approver': 'carol', 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'prod VM, use the change window' }),
    });
    expect(refused.status).toBe(200);
    const told = await stdio.client.callTool({ name: 'destroy_virtual_machine', arguments: { id } });
    expect(told.isError).toBe(true);
    expect(textOf(told)).toMatch(/^\[APPROVAL DENIED\] the operator carol \(cli\) denied approval .*"prod VM, use the change window"/);
    expect(destroysOf(id)).toBe(0);
  });

  it('with Redis down: the call, the API, the CLI and get_approval refuse with the clear error; all work again when it returns', async () => {
    const id = vmId('web-01');
    const asked = approvalOf(await stdio.client.callTool({ name: 'destroy_virtual_machine', arguments: { id } }));
    // An operator signed in to the HTTP process's page (signing in needs no store).
    const signIn = await fetch(`${approvalsUrl}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: new URL(approvalsUrl).origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'alice', token: OPERATOR_TOKEN }).toString(),
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^cloudstack_mcp_operator=.+/);
    expect((await fetch(`${approvalsUrl}/`, { headers: { cookie } })).status).toBe(200);
    await redis.stop();
    try {
      simulator.clearRequests();
      const refused = await stdio.client.callTool({ name: 'destroy_virtual_machine', arguments: { id } });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(UNAVAILABLE);
      expect(destroysOf(id)).toBe(0);

      const listed = await api('list');
      expect(listed.status).toBe(503);
      expect(listed.body).toMatchObject({ error: 'state_unavailable', message: expect.stringMatching(/^approvals are unavailable: Redis .+; nothing was decided/) });
      const cli = await approvalsCli('approve', asked.id);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toMatch(/approvals are unavailable: Redis/);
      const page = await fetch(`${approvalsUrl}/`, { headers: { cookie } });
      expect(page.status).toBe(503);
      expect(await page.text()).toMatch(/^Service unavailable: approvals are unavailable: Redis .+; nothing was decided/);
      const status = await stdio.client.callTool({ name: 'get_approval', arguments: { id: asked.id } });
      expect(status.isError).toBe(true);
      expect(textOf(status)).toMatch(/state_unavailable.*policy state unavailable/);
    } finally {
      await redis.start();
    }

    // Back without a restart of either server (Redis restarted empty: the approval asked before is gone).
    const deadline = Date.now() + 15_000;
    let again = await stdio.client.callTool({ name: 'destroy_virtual_machine', arguments: { id } });
    while (again.isError && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      again = await stdio.client.callTool({ name: 'destroy_virtual_machine', arguments: { id } });
    }
    expect(textOf(again)).toMatch(/^\[APPROVAL PENDING\] destroy_virtual_machine on web-01 needs an operator's approval/);
    const fresh = approvalOf(again);
    let listed = await api('list');
    while (listed.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      listed = await api('list');
    }
    expect(listed.status).toBe(200);
    expect((listed.body.approvals as Array<{ id: string }>).map((approval) => approval.id)).toContain(fresh.id);
    expect((await api(`${fresh.id}/approve`, 'POST')).status).toBe(200);
    expect((await stdio.client.callTool({ name: 'destroy_virtual_machine', arguments: { id } })).isError).toBeFalsy();
    expect(destroysOf(id)).toBe(1);
    expect(http.child.exitCode).toBeNull();
  });
});

/**
 * The listall hint ("N more … are visible with listall=true") costs one count query the agent did not make: the
 * same list with listall=true and pagesize 1. It goes only where the agent's own call could: the built server over
 * stdio, an admin against the simulator, and a policy that stops listall=true — by a deny_if, a `commands` rule or
 * a limit with no room left — answers without the hint and sends no such query (the simulator's request log). It
 * spends nothing: the audit log records only the agent's list, and a limit counts only the agent's calls.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { connectStdio, scratchDir, type StdioSession } from '../../helpers/cli.js';
import { textOf } from '../../helpers/harness.js';

const HINT = /\n(\d+) more virtual machines of other accounts are visible with listall=true\.$/;
const LISTALL = { path: 'params.listall', op: 'eq', value: true, reason: 'agents list their own account only' };

let simulator: RunningSimulator;
const sessions: StdioSession[] = [];

beforeAll(async () => {
  simulator = await startSimulator({ jobMs: 5 });
});

afterAll(async () => {
  for (const session of sessions) await session.close();
  await simulator?.close();
});

/** A stdio server under `policy` as the simulator's root admin; its audit log. */
async function serve(policy: Record<string, unknown>) {
  const dir = scratchDir();
  const auditLog = join(dir, 'audit.log');
  writeFileSync(join(dir, 'policy.json'), JSON.stringify({ version: '1', default: 'allow', ...policy }));
  const session = await connectStdio(['--policy', join(dir, 'policy.json')], {
    CLOUDSTACK_API_URL: simulator.url,
    CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey,
    CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey,
    CLOUDSTACK_MCP_AUDIT_LOG: auditLog,
  });
  sessions.push(session);
  const audited = () =>
    readFileSync(auditLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { event: string; tool?: string })
      .filter((record) => record.tool === 'list_virtual_machines')
      .map((record) => record.event);
  return { session, audited };
}

async function listVms(session: StdioSession, args: Record<string, unknown> = {}) {
  simulator.clearRequests();
  const result = await session.client.callTool({ name: 'list_virtual_machines', arguments: args });
  const lists = simulator.requests.filter((request) => request.command === 'listVirtualMachines');
  const sent = lists.map((request) => request.params);
  return { result, text: textOf(result), sent, withListall: sent.filter((params) => params.listall === 'true') };
}

/** The audit log is written asynchronously: wait for the agent's call to be recorded as executed. */
async function auditedCalls(audited: () => string[], calls: number): Promise<string[]> {
  for (let tries = 0; tries < 50 && audited().filter((event) => event === 'executed').length < calls; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
  return audited();
}

describe('the listall hint goes through the policy', () => {
  test('without a rule against it: the hint, from one count query of one item, and only the agent\'s list audited', async () => {
    const { session, audited } = await serve({});
    const { result, text, sent, withListall } = await listVms(session);
    expect(result.isError, text).toBeFalsy();
    const more = Number(HINT.exec(text)?.[1]);
    expect(more).toBeGreaterThan(0);
    expect(result.structuredContent).toMatchObject({ morewithlistall: more });
    expect(sent).toHaveLength(2);
    expect(withListall).toEqual([expect.objectContaining({ listall: 'true', page: '1', pagesize: '1' })]);
    expect(await auditedCalls(audited, 1)).toEqual(['allow', 'executed']);
  });

  test.each<[string, Record<string, unknown>]>([
    ['a deny_if on params.listall', { tools: { list_virtual_machines: { deny_if: [LISTALL] } } }],
    ['a commands rule on listVirtualMachines', { commands: { listVirtualMachines: { deny_if: [LISTALL] } } }],
    ['an all_tools approve_if (nobody approves a hint)', { all_tools: { approve_if: [{ ...LISTALL, reason: 'listing every account needs a human' }] } }],
  ])('with %s: the list answers without the hint and no listall=true query is sent', async (_label, policy) => {
    const { session, audited } = await serve(policy);
    const { result, text, sent, withListall } = await listVms(session);
    expect(result.isError, text).toBeFalsy();
    expect(text).not.toContain('listall');
    expect(result.structuredContent).not.toHaveProperty('morewithlistall');
    expect(sent).toHaveLength(1);
    expect(withListall).toEqual([]);
    expect(await auditedCalls(audited, 1)).toEqual(['allow', 'executed']);
  });

  test('a limit: the hint only while there is room for one more call, and it never takes a slot', async () => {
    const { session } = await serve({ tools: { list_virtual_machines: { limits: [{ counter: 'vm_lists', window: 'hour', max: 2 }] } } });
    const first = await listVms(session);
    expect(first.text).toMatch(HINT);
    expect(first.withListall).toHaveLength(1);
    // The hint took no slot: the second list is admitted, and leaves no room for the hint's query.
    const second = await listVms(session);
    expect(second.result.isError, second.text).toBeFalsy();
    expect(second.text).not.toContain('listall');
    expect(second.withListall).toEqual([]);
    const third = await listVms(session);
    expect(third.result.isError).toBe(true);
    expect(third.text).toMatch(/^\[POLICY DENIED\] rate limit: 2 per hour on vm_lists/);
    expect(third.sent).toEqual([]);
  });
});

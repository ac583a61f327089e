/**
 * Two server processes — the built CLI over stdio and over Streamable HTTP, as two agent clients or two replicas
 * would run it — sharing one Redis and one CloudStack (the simulator): the limits hold across both, survive a
 * restart, and with Redis gone every call is refused and nothing reaches CloudStack, until Redis returns.
 * This file owns its Redis (it stops it), so it never touches the suite's shared one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { connectStdio, startHttpCli, type HttpChild, type StdioSession } from '../helpers/cli.js';
import type { RedisServer } from './redis-server.js';
import { connectHttpClient, startSharedWorld, type SharedWorld } from './shared-world.js';

const TOKEN = 'redis-e2e-token-0123456789';

let redis: RedisServer;
let simulator: RunningSimulator;
let env: Record<string, string>;
let policyArgs: string[];
let stdio: StdioSession;
let http: HttpChild;
let httpClient: Client;

let world: SharedWorld;
const connectHttp = (url: string): Promise<Client> => connectHttpClient(url, TOKEN, 'e2e-redis-http');

interface Outcome {
  readonly ok: boolean;
  readonly text: string;
}

async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Outcome> {
  const result = await client.callTool({ name, arguments: args });
  const text = (result.content as Array<{ type: string; text?: string }>).map((part) => part.text ?? '').join('\n');
  return { ok: result.isError !== true, text };
}

const sent = (command: string, id?: string): number =>
  simulator.requests.filter((request) => request.command === command && (id === undefined || request.params.id === id)).length;

beforeAll(async () => {
  world = await startSharedWorld({
    token: TOKEN,
    jobMs: 5,
    policy: {
      version: '1',
      default: 'allow',
      tools: {
        list_zones: { limits: [{ counter: 'zones', window: 'hour', max: 10 }] },
        get_virtual_machine: { limits: [{ counter: 'vm_reads', window: 'hour', max: 2, scope: 'args.id' }] },
        list_hosts: { limits: [{ counter: 'hosts', window: 'hour', max: 3 }] },
        list_pods: { limits: [{ counter: 'pods', window: 'hour', max: 1_000 }] },
      },
    },
    // Generous: 200 calls at once on a shared 2-core machine delay answers; the timeout's own test is redis-faults.test.ts.
    env: { CLOUDSTACK_MCP_REDIS_TIMEOUT: '5000' },
  });
  ({ redis, simulator } = world);
  policyArgs = [...world.policyArgs];
  env = { ...world.env };
  [stdio, http] = await Promise.all([connectStdio(policyArgs, env), startHttpCli(policyArgs, env)]);
  httpClient = await connectHttp(http.url);
});

afterAll(async () => {
  await httpClient?.close();
  await stdio?.close();
  await http?.stop();
  await world?.stop();
});

describe('two servers sharing one Redis', () => {
  it('lets exactly 10 of 200 concurrent calls spread over both reach CloudStack', async () => {
    simulator.clearRequests();
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => callTool(i % 2 === 0 ? stdio.client : httpClient, 'list_zones')));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(10);
    expect(sent('listZones')).toBe(10);
    for (const refused of outcomes.filter((o) => !o.ok)) expect(refused.text).toMatch(/rate limit: 10 per hour on zones, retry in \d+ s/);
  });

  it('holds an args. scope per VM across both', async () => {
    const [first, second] = simulator.world.vms.map((vm) => vm.id);
    simulator.clearRequests();
    const calls = Array.from({ length: 16 }, (_, i) => callTool(i % 2 === 0 ? stdio.client : httpClient, 'get_virtual_machine', { id: i % 4 < 2 ? first : second }));
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(4);
    expect(sent('listVirtualMachines', first)).toBe(2);
    expect(sent('listVirtualMachines', second)).toBe(2);
  });

  it('keeps the counts when a server restarts mid-window', async () => {
    simulator.clearRequests();
    for (let i = 0; i < 3; i++) expect((await callTool(httpClient, 'list_hosts')).ok).toBe(true);
    await httpClient.close();
    await http.stop();
    http = await startHttpCli(policyArgs, env);
    httpClient = await connectHttp(http.url);
    const after = await callTool(httpClient, 'list_hosts');
    expect(after.ok).toBe(false);
    expect(after.text).toMatch(/rate limit: 3 per hour on hosts/);
    expect((await callTool(stdio.client, 'list_hosts')).ok).toBe(false);
    expect(sent('listHosts')).toBe(3);
  });

  it('refuses every call that needs Redis while it is down, sends nothing, and resumes when it returns', async () => {
    expect((await callTool(stdio.client, 'list_pods')).ok).toBe(true);
    await redis.stop();
    simulator.clearRequests();
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => callTool(i % 2 === 0 ? stdio.client : httpClient, 'list_pods')));
    for (const outcome of outcomes) {
      expect(outcome.ok).toBe(false);
      expect(outcome.text).toMatch(/policy state unavailable: .+; nothing was sent/);
    }
    expect(sent('listPods')).toBe(0);
    // A call no limit governs needs no shared state and still works.
    expect((await callTool(httpClient, 'list_clusters')).ok).toBe(true);

    await redis.start();
    const deadline = Date.now() + 15_000;
    let back: Outcome[] = [];
    while (Date.now() < deadline) {
      back = await Promise.all([callTool(stdio.client, 'list_pods'), callTool(httpClient, 'list_pods')]);
      if (back.every((o) => o.ok)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(back.map((o) => o.ok)).toEqual([true, true]);
    expect(http.child.exitCode).toBeNull();
  });
});

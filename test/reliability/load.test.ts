/**
 * Load through the Streamable HTTP transport (startHttpServer in-process, one server per session as in
 * production): 500 concurrent tool calls all complete; under a limit of 300 per minute exactly 300 pass, 200
 * are refused by the policy, and CloudStack sees exactly 300 requests; the heap comes back near its baseline.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createCloudStackClient } from '../../src/cloudstack/index.js';
import { startHttpServer, type RunningHttpServer } from '../../src/http.js';
import { createPolicyGateFromValue } from '../../src/policy/index.js';
import { createServer } from '../../src/server.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { toolFacts } from '../../src/tools/index.js';
import { createLeakCollector, DISTINCT_KEYS } from '../helpers/leak-scan.js';

const CALLS = 500;
const LIMIT = 300;
/**
 * Generous on purpose: the heap is measured after full collections, but the SDK, undici and V8 keep caches
 * that grow with the first burst. A leak of the calls themselves (500 results, each a few kB, plus their
 * requests and audit records) held forever would still stay below this; a per-call leak of buffers or
 * sessions over repeated bursts would not — which is why the burst runs three times.
 */
const HEAP_GROWTH_BOUND_MB = 50;

/** Full garbage collection without --expose-gc: V8 lets the flag be set at run time for new contexts. */
function collector(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

function heapAfterGcMb(gc: (() => void) | undefined): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

const policy = {
  version: '1',
  default: 'deny',
  tools: {
    list_zones: { limits: [{ counter: 'zone_reads', window: 'minute', max: LIMIT, scope: 'grant' }] },
    list_hosts: {},
  },
};

describe('500 concurrent tool calls over Streamable HTTP', () => {
  const leaks = createLeakCollector();
  const gc = collector();
  let simulator: RunningSimulator;
  let http: RunningHttpServer;
  const clients: Client[] = [];

  const connect = async (): Promise<Client> => {
    const client = new Client({ name: 'load', version: '0.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    simulator = await startSimulator({ jobMs: 0, admin: DISTINCT_KEYS.admin, user: DISTINCT_KEYS.user });
    const api = createCloudStackClient({ apiUrl: simulator.url, ...simulator.keys.admin, timeoutMs: 10_000, asyncTimeoutMs: 10_000, logger: leaks.logger });
    const gate = createPolicyGateFromValue(policy, { tools: toolFacts(), logger: leaks.logger, audit: leaks.audit });
    http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger: leaks.logger,
      createSessionServer: (sessionId) => createServer({ api, policy: gate, logger: leaks.logger, readOnly: false, sessionId }),
    });
  });
  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => {});
    await http?.close();
    await simulator?.close();
  });

  it('lets exactly 300 of 500 through a limit of 300 per minute; CloudStack sees exactly 300', async () => {
    const client = await connect();
    const results = (await Promise.all(
      Array.from({ length: CALLS }, () => client.callTool({ name: 'list_zones', arguments: {} })),
    )) as CallToolResult[];
    const refused = results.filter((result) => result.isError);
    const passed = results.filter((result) => !result.isError);
    expect(passed).toHaveLength(LIMIT);
    expect(refused).toHaveLength(CALLS - LIMIT);
    for (const result of refused) {
      expect(result.content[0]).toMatchObject({ type: 'text', text: expect.stringMatching(/^\[POLICY DENIED\] rate limit: 300 per minute on zone_reads/) });
    }
    leaks.note('a passed call', passed[0]);
    leaks.note('a refused call', refused[0]);
    expect(simulator.requests.filter((request) => request.command === 'listZones')).toHaveLength(LIMIT);
    expect(leaks.audit.records.filter((record) => record.event === 'deny')).toHaveLength(CALLS - LIMIT);
  });

  it('completes bursts of 500 unlimited calls from 5 sessions, and the heap returns near its baseline', async () => {
    const sessions = await Promise.all(Array.from({ length: 5 }, () => connect()));
    const burst = async (): Promise<void> => {
      const results = (await Promise.all(
        Array.from({ length: CALLS }, (_, index) => sessions[index % sessions.length]!.callTool({ name: 'list_hosts', arguments: {} })),
      )) as CallToolResult[];
      expect(results.filter((result) => result.isError)).toHaveLength(0);
    };
    await burst(); // warms caches and connection pools: the baseline is taken after it
    const baseline = heapAfterGcMb(gc);
    simulator.clearRequests();
    leaks.audit.records.length = 0;
    await burst();
    await burst();
    const after = heapAfterGcMb(gc);
    expect(simulator.requests.filter((request) => request.command === 'listHosts')).toHaveLength(2 * CALLS);
    expect(after - baseline, `heap ${baseline.toFixed(1)} MB → ${after.toFixed(1)} MB (gc ${gc ? 'forced' : 'not available'})`).toBeLessThan(HEAP_GROWTH_BOUND_MB);
    expect(http.sessionCount()).toBe(clients.length);
  });

  it('leaked no key or signature', () => {
    expect(leaks.count().logLines).toBeGreaterThan(0);
    expect(leaks.leaks()).toEqual([]);
  });
});

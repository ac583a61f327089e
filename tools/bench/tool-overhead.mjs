/**
 * Benchmark 2: the price of safety. The same read tool (list_zones) through an MCP client, with the policy
 * engine on (production-like policy, limits out of reach, audit records written to /dev/null) and off (an
 * allow-all gate) — in memory also on without the audit write — over the in-memory transport and over real
 * stdio (child processes). The variants run in alternating rounds against one simulator (jobs take 0 ms), so
 * noise hits all alike; the figure that matters is the on/off ratio.
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createCloudStackClient } from '../../dist/cloudstack/index.js';
import { silentLogger } from '../../dist/logger.js';
import { createServer } from '../../dist/server.js';
import { startSimulator } from '../../dist/simulator/index.js';
import { makeGate } from './gates.mjs';
import { median, nowMs, p99, round } from './stats.mjs';

const STDIO_SERVER = fileURLToPath(new URL('./stdio-server.mjs', import.meta.url));
const TOOL = { name: 'list_zones', arguments: {} };

async function inMemoryClient(api, gate) {
  const server = createServer({ api, policy: makeGate(gate), logger: silentLogger, readOnly: false, sessionId: `bench-${gate}` });
  const client = new Client({ name: 'bench', version: '0.0.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  return { client, close: async () => (await client.close(), await server.close()) };
}

async function stdioClient(simulator, gate) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [STDIO_SERVER, gate],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      CLOUDSTACK_API_URL: simulator.url,
      CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey,
      CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey,
    },
    stderr: 'inherit',
  });
  const client = new Client({ name: 'bench', version: '0.0.0' });
  await client.connect(transport);
  return { client, close: () => client.close() };
}

async function callOnce(client) {
  const started = nowMs();
  const result = await client.callTool(TOOL);
  const elapsed = nowMs() - started;
  if (result.isError) throw new Error(`list_zones failed during the benchmark: ${JSON.stringify(result.content)}`);
  return elapsed;
}

/** Alternating rounds of `callsPerRound` sequential calls on each side; per-call latency and per-round rate. */
async function compare(sides, { rounds, callsPerRound }) {
  const stats = Object.fromEntries(Object.keys(sides).map((name) => [name, { latencies: [], rates: [] }]));
  for (const side of Object.values(sides)) for (let i = 0; i < 50; i++) await callOnce(side.client); // warm-up
  for (let round = 0; round < rounds; round++) {
    const names = Object.keys(sides);
    for (const name of round % 2 === 0 ? names : names.reverse()) {
      const roundStarted = nowMs();
      for (let i = 0; i < callsPerRound; i++) stats[name].latencies.push(await callOnce(sides[name].client));
      stats[name].rates.push((callsPerRound * 1_000) / (nowMs() - roundStarted));
    }
  }
  return stats;
}

function rows(transport, stats) {
  const ratio = (gate) => ({
    transport,
    policy: `${gate} / off`,
    calls: '',
    'median ms': round(median(stats[gate].latencies) / median(stats.off.latencies)),
    'p99 ms': round(p99(stats[gate].latencies) / p99(stats.off.latencies)),
    'calls/s (median round)': round(median(stats[gate].rates) / median(stats.off.rates)),
  });
  const line = (gate) => ({
    transport,
    policy: gate,
    calls: stats[gate].latencies.length,
    'median ms': round(median(stats[gate].latencies)),
    'p99 ms': round(p99(stats[gate].latencies)),
    'calls/s (median round)': round(median(stats[gate].rates)),
  });
  const gates = Object.keys(stats);
  return [...gates.map(line), ...gates.filter((gate) => gate !== 'off').map(ratio)];
}

export async function runToolOverhead({ quick }) {
  const shape = quick ? { rounds: 6, callsPerRound: 100 } : { rounds: 12, callsPerRound: 200 };
  const simulator = await startSimulator({ jobMs: 0 });
  const opened = [];
  try {
    const api = createCloudStackClient({ apiUrl: simulator.url, ...simulator.keys.admin, timeoutMs: 10_000, asyncTimeoutMs: 60_000, logger: silentLogger });
    // "on-no-audit-write" separates the decision from the audit write (in-memory only, to keep the run short).
    const memory = {
      on: await inMemoryClient(api, 'on'),
      'on-no-audit-write': await inMemoryClient(api, 'on-no-audit-write'),
      off: await inMemoryClient(api, 'off'),
    };
    opened.push(...Object.values(memory));
    const memoryStats = await compare(memory, shape);
    const stdio = { on: await stdioClient(simulator, 'on'), off: await stdioClient(simulator, 'off') };
    opened.push(stdio.on, stdio.off);
    const stdioStats = await compare(stdio, shape);
    return [...rows('in-memory', memoryStats), ...rows('stdio (child)', stdioStats)];
  } finally {
    for (const side of opened) await side.close().catch(() => {});
    await simulator.close();
  }
}

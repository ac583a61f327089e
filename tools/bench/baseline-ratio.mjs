/**
 * Benchmark 0: ours against the floor, interleaved in one run against one simulator (jobs take 0 ms).
 *   - start-up: spawning the bin (`node dist/bundle/cli.js --policy policy.example.json`) to its first tools/list
 *     answer, as a ratio to a bare `node -e 0` spawn to exit (target ≤ 5×); the baseline server's start-up for scale;
 *   - idle resident memory of our server after that answer (VmRSS, target ≤ 70 MB), and after 20 s of idling;
 *   - one list_zones over stdio: the built CLI with the shipped policy (policy.example.json) and the audit log on
 *     (a file), as a ratio to baseline-server.mjs — the same SDK, one tool, our CloudStack client (target ≤ 1.05);
 *     and each server process's CPU time per call (all threads, /proc schedstat), steadier than latency under load;
 *     with two steps in between, to show where the difference goes: our server assembled without the CLI
 *     (stdio-server.mjs: createServer, the SDK's stdio transport) with an allow-all gate (the tools' own work:
 *     validation, the canonical call, the result's text and structured copy), then with the real engine over the
 *     shipped policy and its audit records in a file (what the policy adds); the rest is the CLI's own.
 * The shipped policy allows 120 calls a minute per session: each server process makes at most 110 calls (10 of
 * them warm-up), and fresh processes are started for the next round, so no call is refused and the policy is the
 * one operators run, unchanged.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startSimulator } from '../../dist/simulator/index.js';
import { median, nowMs, p99, round, sleep } from './stats.mjs';

// What `cloudstack-mcp` runs: the package's bin (the bundled CLI, tools/build-cli.mjs).
const CLI = fileURLToPath(new URL(`../../${JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).bin['cloudstack-mcp']}`, import.meta.url));
const POLICY = fileURLToPath(new URL('../../policy.example.json', import.meta.url));
const BASELINE = fileURLToPath(new URL('./baseline-server.mjs', import.meta.url));
const ASSEMBLED = fileURLToPath(new URL('./stdio-server.mjs', import.meta.url));
const SETTLE_MS = 300;
const SETTLED_MS = 20_000;
const WARM_UP_CALLS = 10;
const CALLS_PER_PROCESS = 100;
const BLOCK = 10;

const SERVERS = {
  ours: (audit) => ({ args: [CLI, '--policy', POLICY], env: audit ? { CLOUDSTACK_MCP_AUDIT_LOG: audit } : { CLOUDSTACK_MCP_AUDIT_LOG: '/dev/null' } }),
  baseline: () => ({ args: [BASELINE], env: {} }),
  // The steps in between (per-call only): the shipped policy with its limits out of reach (gates.mjs), so the
  // same rules and records run without refusals however many calls a process makes.
  tools: () => ({ args: [ASSEMBLED, 'off'], env: {} }),
  policy: (audit) => ({ args: [ASSEMBLED, 'on-file'], env: { BENCH_AUDIT_FILE: audit } }),
};

/**
 * CPU time the process has run so far, in ms, all its threads (V8's GC helpers, libuv's pool): the first field of
 * each /proc/<pid>/task/<tid>/schedstat (ns on a CPU, user and system). Steadier than latency on a loaded machine,
 * where a call's wall time includes waiting for a core.
 */
function cpuMs(pid) {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
  return ns / 1e6;
}

function residentMb(pid) {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

async function connect(simulator, which, audit) {
  const { args, env } = SERVERS[which](audit);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args,
    // A clean environment and a scratch directory: no developer .env or CLOUDSTACK_* variables leak in.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      CLOUDSTACK_API_URL: simulator.url,
      CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey,
      CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey,
      ...env,
    },
    cwd: mkdtempSync(join(tmpdir(), 'cloudstack-mcp-bench-')),
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '0.0.0' });
  const started = nowMs();
  await client.connect(transport);
  const { tools } = await client.listTools();
  return { client, transport, readyMs: nowMs() - started, tools: tools.length };
}

function bareNodeMs() {
  return new Promise((resolve, reject) => {
    const started = nowMs();
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(nowMs() - started));
  });
}

async function callOnce(client) {
  const started = nowMs();
  const result = await client.callTool({ name: 'list_zones', arguments: {} });
  const elapsed = nowMs() - started;
  if (result.isError) throw new Error(`list_zones failed during the benchmark: ${JSON.stringify(result.content)}`);
  return elapsed;
}

const ratio = (ours, base, stat) => round(stat(ours) / stat(base));

async function measureStartup(simulator, spawns) {
  const bare = [];
  const ours = [];
  const baseline = [];
  const rss = [];
  let tools = 0;
  for (let i = 0; i < spawns; i++) {
    // Interleaved, one spawn at a time: parallel spawns would measure the contention of the cores instead.
    bare.push(await bareNodeMs());
    const server = await connect(simulator, 'ours');
    ours.push(server.readyMs);
    tools = server.tools;
    await sleep(SETTLE_MS);
    rss.push(residentMb(server.transport.pid));
    await server.client.close();
    const base = await connect(simulator, 'baseline');
    baseline.push(base.readyMs);
    await base.client.close();
  }
  return [
    { what: 'bare node -e 0 spawn, ms', median: round(median(bare)), p99: round(p99(bare)), target: '' },
    { what: `ours: first tools/list over stdio (${tools} tools), ms`, median: round(median(ours)), p99: round(p99(ours)), target: '' },
    { what: 'baseline server: first tools/list (1 tool), ms', median: round(median(baseline)), p99: round(p99(baseline)), target: '' },
    { what: 'start-up ratio ours / bare node', median: ratio(ours, bare, median), p99: ratio(ours, bare, p99), target: '≤ 5' },
    { what: 'ours: idle RSS after tools/list, MB', median: round(median(rss)), p99: round(p99(rss)), target: '≤ 70' },
  ];
}

async function measurePerCall(simulator, processes) {
  const audit = join(mkdtempSync(join(tmpdir(), 'cloudstack-mcp-bench-audit-')), 'audit.log');
  const stepAudit = join(dirname(audit), 'steps-audit.log');
  const names = ['ours', 'baseline', 'tools', 'policy'];
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  // Each server process's own CPU time per measured call (one figure per process), next to the latencies.
  const cpu = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < processes; round++) {
    const sides = {};
    for (const name of names) sides[name] = await connect(simulator, name, name === 'policy' ? stepAudit : audit);
    for (const side of Object.values(sides)) for (let i = 0; i < WARM_UP_CALLS; i++) await callOnce(side.client);
    const cpuBefore = Object.fromEntries(Object.entries(sides).map(([name, side]) => [name, cpuMs(side.transport.pid)]));
    // Blocks of calls, each block starting with the next side, so drift on a loaded machine hits all alike.
    for (let block = 0; block < CALLS_PER_PROCESS / BLOCK; block++) {
      const first = (block + round) % names.length;
      const order = [...names.slice(first), ...names.slice(0, first)];
      for (const name of order) for (let i = 0; i < BLOCK; i++) samples[name].push(await callOnce(sides[name].client));
    }
    for (const [name, side] of Object.entries(sides)) cpu[name].push((cpuMs(side.transport.pid) - cpuBefore[name]) / CALLS_PER_PROCESS);
    for (const side of Object.values(sides)) await side.client.close();
  }
  for (const file of [audit, stepAudit]) {
    if (statSync(file).size === 0) throw new Error(`the audit log ${file} stayed empty: the comparison did not run with audit on`);
  }
  return [
    { what: 'ours: list_zones over stdio, shipped policy + audit file, ms', median: round(median(samples.ours)), p99: round(p99(samples.ours)), target: '' },
    { what: 'baseline: list_zones over stdio, ms', median: round(median(samples.baseline)), p99: round(p99(samples.baseline)), target: '' },
    { what: `per-call ratio ours / baseline (${samples.ours.length} calls each)`, median: ratio(samples.ours, samples.baseline, median), p99: ratio(samples.ours, samples.baseline, p99), target: '≤ 1.05' },
    { what: `ours: server CPU per list_zones, all threads (/proc schedstat, ${processes} processes), ms`, median: round(median(cpu.ours)), p99: round(p99(cpu.ours)), target: '' },
    { what: 'baseline: server CPU per list_zones, ms', median: round(median(cpu.baseline)), p99: round(p99(cpu.baseline)), target: '' },
    { what: 'per-call CPU ratio ours / baseline', median: ratio(cpu.ours, cpu.baseline, median), p99: ratio(cpu.ours, cpu.baseline, p99), target: '' },
    ...steps(samples, cpu),
  ];
}

/** The steps between the baseline and ours, each as a ratio to the baseline: where the difference goes. */
function steps(samples, cpu) {
  const step = (name, what) => [
    { what: `step: ${what} / baseline, latency`, median: ratio(samples[name], samples.baseline, median), p99: ratio(samples[name], samples.baseline, p99), target: '' },
    { what: `step: ${what} / baseline, server CPU`, median: ratio(cpu[name], cpu.baseline, median), p99: ratio(cpu[name], cpu.baseline, p99), target: '' },
  ];
  return [...step('tools', 'our tools, no policy (createServer, allow-all gate)'), ...step('policy', '+ the shipped policy and audit file')];
}

/**
 * Resident memory once the server has been idle long enough for V8's memory reducer to run (it starts ~8 s after
 * the last full GC and shrinks the young generation that start-up grew): what an idle server settles at, as
 * opposed to the figure right after tools/list above. The servers idle side by side, so this costs one wait.
 */
async function measureSettledRss(simulator, servers) {
  const connected = [];
  for (let i = 0; i < servers; i++) connected.push(await connect(simulator, 'ours'));
  await sleep(SETTLED_MS);
  const rss = connected.map((server) => residentMb(server.transport.pid));
  for (const server of connected) await server.client.close();
  return [{ what: `ours: idle RSS ${SETTLED_MS / 1000} s after tools/list, MB (${servers} servers)`, median: round(median(rss)), p99: round(p99(rss)), target: '' }];
}

export async function runBaselineRatio({ quick }) {
  const simulator = await startSimulator({ jobMs: 0 });
  try {
    return [
      ...(await measureStartup(simulator, quick ? 4 : 12)),
      ...(await measureSettledRss(simulator, quick ? 2 : 4)),
      ...(await measurePerCall(simulator, quick ? 2 : 6)),
    ];
  } finally {
    await simulator.close();
  }
}

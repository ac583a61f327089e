/**
 * Benchmark 4: start-up of the built CLI over stdio — from spawning the bin, `node dist/bundle/cli.js --policy
 * policy.example.json` to the first tools/list answer — and the idle server's resident memory (VmRSS from
 * /proc/<pid>/status, read after the answer and a short settle). Spawns run one after another (parallel spawns
 * would measure the contention of 2 cores instead). The CLI talks to a simulator in this process.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startSimulator } from '../../dist/simulator/index.js';
import { median, nowMs, round, sleep } from './stats.mjs';

// What `cloudstack-mcp` runs: the package's bin (the bundled CLI, tools/build-cli.mjs).
const CLI = fileURLToPath(new URL(`../../${JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).bin['cloudstack-mcp']}`, import.meta.url));
const POLICY = fileURLToPath(new URL('../../policy.example.json', import.meta.url));
const SETTLE_MS = 300;

function residentMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

async function spawnOnce(simulator) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, '--policy', POLICY],
    // A clean environment and a scratch directory: no developer .env or CLOUDSTACK_* variables leak in.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      CLOUDSTACK_API_URL: simulator.url,
      CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey,
      CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey,
      CLOUDSTACK_MCP_AUDIT_LOG: '/dev/null',
    },
    cwd: mkdtempSync(join(tmpdir(), 'cloudstack-mcp-bench-')),
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '0.0.0' });
  const started = nowMs();
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    const readyMs = nowMs() - started;
    if (tools.length === 0) throw new Error('the CLI listed no tools');
    await sleep(SETTLE_MS);
    return { readyMs, rssMb: residentMb(transport.pid), tools: tools.length };
  } finally {
    await client.close();
  }
}

export async function runStartup({ quick }) {
  const spawns = quick ? 4 : 10;
  const simulator = await startSimulator({ jobMs: 0 });
  try {
    const runs = [];
    for (let i = 0; i < spawns; i++) runs.push(await spawnOnce(simulator));
    return [
      {
        spawns,
        'tools listed': runs[0].tools,
        'median ms to tools/list': round(median(runs.map((run) => run.readyMs))),
        'min ms': round(Math.min(...runs.map((run) => run.readyMs))),
        'max ms': round(Math.max(...runs.map((run) => run.readyMs))),
        'median idle RSS MB': round(median(runs.map((run) => run.rssMb))),
      },
    ];
  } finally {
    await simulator.close();
  }
}

#!/usr/bin/env node
/**
 * `npm run bench`: the performance figures of cloudstack-mcp, measured on this machine.
 *   node tools/bench.mjs [--quick] [--only NAME[,NAME]]   names: baseline, imports, policy, memory, redis, overhead, jobs, startup, toolsize
 * Prints one table per benchmark and writes everything as JSON to bench-results/bench-<date>.json.
 *
 * Shared, noisy cores make single timings meaningless: every figure is a median (and p99) over many samples,
 * and every comparison (policy on/off) is measured side by side in interleaved rounds of the same run.
 * Imports dist/: `npm run bench` builds first.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

// Counter memory is read after full garbage collections; re-run this script with --expose-gc if needed.
if (typeof globalThis.gc !== 'function' && !process.execArgv.includes('--expose-gc')) {
  const child = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? 1);
}

const { formatTable } = await import('./bench/stats.mjs');

const BENCHMARKS = {
  baseline: { title: '0. Against the floor: start-up vs bare node, idle RSS, list_zones vs a minimal SDK server (interleaved)', load: () => import('./bench/baseline-ratio.mjs').then((m) => m.runBaselineRatio) },
  imports: { title: '0b. Start-up by module: import() increments in a fresh process', load: () => import('./bench/startup-imports.mjs').then((m) => m.runStartupImports) },
  policy: { title: '1. Policy decision cost (gate.admit, in-process)', load: () => import('./bench/policy-cost.mjs').then((m) => m.runDecisionCost) },
  memory: { title: '1b. Rate-limit counter memory (heap after gc)', load: () => import('./bench/policy-cost.mjs').then((m) => m.runCounterMemory) },
  redis: { title: '1c. Policy decision, counts in Redis on loopback vs in memory (interleaved)', load: () => import('./bench/redis-decision.mjs').then((m) => m.runRedisDecision) },
  overhead: { title: '2. Tool-call overhead, list_zones, policy on vs off (interleaved)', load: () => import('./bench/tool-overhead.mjs').then((m) => m.runToolOverhead) },
  jobs: { title: '3. Async job wait: delay after the job ends, and polls', load: () => import('./bench/job-wait.mjs').then((m) => m.runJobWait) },
  startup: { title: '4. Start-up over stdio (built CLI) and idle RSS', load: () => import('./bench/startup.mjs').then((m) => m.runStartup) },
  toolsize: { title: '5. Tool definitions: bytes of tools/list per selection (KB = 1000 bytes)', load: () => import('./bench/tool-size.mjs').then((m) => m.runToolSize) },
};

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
const selected = values.only ? values.only.split(',').map((name) => name.trim()) : Object.keys(BENCHMARKS);
for (const name of selected) {
  if (!(name in BENCHMARKS)) {
    console.error(`unknown benchmark ${name}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exit(2);
  }
}

const options = { quick: values.quick, gc: globalThis.gc };
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  quick: values.quick,
  benchmarks: {},
};
for (const name of selected) {
  const benchmark = BENCHMARKS[name];
  const started = Date.now();
  const run = await benchmark.load();
  const rows = await run(options);
  results.benchmarks[name] = { title: benchmark.title, seconds: Math.round((Date.now() - started) / 100) / 10, rows };
  console.log(formatTable(`${benchmark.title}  [${results.benchmarks[name].seconds} s]`, rows));
}

const directory = fileURLToPath(new URL('../bench-results/', import.meta.url));
mkdirSync(directory, { recursive: true });
const file = `${directory}bench-${results.date.replace(/[:.]/g, '-')}.json`;
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`results written to ${file}`);

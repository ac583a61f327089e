/**
 * Where start-up goes: the modules a stdio server loads, imported one after another in a fresh process, each
 * step timed as the increment over the steps before it (a shared dependency counts where it is first loaded).
 * Repeated in fresh processes, the steps of every process interleaved the same way; medians and p99 per step.
 *   node tools/bench/startup-imports.mjs [--runs N]      (also `npm run bench -- --only imports`)
 * Imports dist/: build first.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, p99, round } from './stats.mjs';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const dist = (path) => pathToFileURL(`${DIST}${path}`).href;

/** In the order a stdio server meets them; the simulator and HTTP steps show what a stdio start no longer pays. */
const STEPS = [
  ['zod', 'zod'],
  ['dotenv', 'dotenv'],
  ['MCP SDK server + stdio', ['@modelcontextprotocol/sdk/server/index.js', '@modelcontextprotocol/sdk/server/stdio.js']],
  ['settings (config)', dist('config.js')],
  ['axios', 'axios'],
  ['CloudStack client + catalog', dist('cloudstack/index.js')],
  ['policy engine', dist('policy/index.js')],
  ['tool definitions (modules)', dist('tools/index.js')],
  ['server + registry', dist('server.js')],
  ['serve', dist('serve.js')],
  ['HTTP stack (--http only)', dist('http.js')],
  ['simulator (--simulator only)', dist('simulator/index.js')],
  ['Redis client (CLOUDSTACK_MCP_REDIS_URL only)', dist('policy/state/from-env.js')],
];

const CHILD = `
const steps = JSON.parse(process.argv[1]);
const out = [];
for (const [name, specs] of steps) {
  const started = performance.now();
  for (const spec of [].concat(specs)) await import(spec);
  out.push(performance.now() - started);
}
process.stdout.write(JSON.stringify(out));
`;

export function measureImports(runs = 7) {
  const samples = STEPS.map(() => []);
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, JSON.stringify(STEPS)], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`import timing failed: ${child.stderr}`);
    JSON.parse(child.stdout).forEach((ms, index) => samples[index].push(ms));
  }
  return STEPS.map(([name], index) => ({ step: name, 'median ms': round(median(samples[index])), 'p99 ms': round(p99(samples[index])) }));
}

export async function runStartupImports({ quick }) {
  return measureImports(quick ? 3 : 7);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runsFlag = process.argv.indexOf('--runs');
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 7;
  console.table(measureImports(runs));
}

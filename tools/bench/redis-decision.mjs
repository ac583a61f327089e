/**
 * Benchmark 1c: what one policy decision (`gate.admit`) costs with the rate-limit counts in Redis on loopback,
 * next to the same decision in memory, measured in interleaved rounds. Also counts Redis commands per decision
 * (scripts run, from INFO commandstats) to show that one decision is one round trip, and a bare PING for the loopback floor.
 * Starts its own redis-server (Debian's package) on a free port, without persistence.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { createClient } from 'redis';
import { createPolicyGateFromValue } from '../../dist/policy/index.js';
import { openRedisLimiter } from '../../dist/policy/state/index.js';
import { silentLogger } from '../../dist/logger.js';
import { toolFacts } from '../../dist/tools/index.js';
import { median, nowNs, p99, round } from './stats.mjs';

const HUGE = 1_000_000_000;
const POLICY = {
  version: '1',
  default: 'allow',
  tools: { start_virtual_machine: { limits: [{ counter: 'starts_per_vm', window: 'hour', max: HUGE, scope: 'args.id' }] } },
};
const DISCARD_AUDIT = { write() {} };
const noApproval = async () => 'unsupported';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM'))) };
}

/**
 * Round trips so far: the scripts run (EVALSHA, or EVAL after a script-cache miss), from INFO commandstats. The
 * limiter sends nothing else; commands a script runs inside Redis are counted there too, so they are left out.
 */
async function commandsRun(client) {
  const info = await client.info('commandstats');
  return [...info.matchAll(/^cmdstat_(evalsha|eval):calls=(\d+)/gm)].reduce((sum, [, , calls]) => sum + Number(calls), 0);
}

export async function runRedisDecision({ quick }) {
  if (spawnSync('redis-server', ['--version']).status !== 0) return [{ note: 'redis-server not installed (apt-get install redis-server): Redis figures skipped' }];
  const redis = await startRedis();
  const probe = createClient({ url: redis.url });
  await probe.connect();
  const limiter = await openRedisLimiter({ url: redis.url, prefix: 'bench:', timeoutMs: 5_000, leaseMs: 300_000, logger: silentLogger });
  try {
    const options = { tools: toolFacts(), logger: silentLogger, audit: DISCARD_AUDIT };
    let next = 0;
    const limited = () => ({ tool: 'start_virtual_machine', args: { id: `vm-${next++ % 1_000}` }, sessionId: 'bench' });
    const cases = {
      'rate limit, in memory': { gate: createPolicyGateFromValue(POLICY, options), call: limited },
      'rate limit, Redis on loopback': { gate: createPolicyGateFromValue(POLICY, { ...options, limiter }), call: limited, redis: true },
      'no limit, Redis configured (no round trip)': {
        gate: createPolicyGateFromValue(POLICY, { ...options, limiter }),
        call: () => ({ tool: 'list_zones', args: {}, sessionId: 'bench' }),
        redis: true,
      },
    };
    const admit = async (testCase) => {
      const admission = await testCase.gate.admit(testCase.call(), noApproval);
      if (!admission.allowed) throw new Error(`unexpected refusal: ${JSON.stringify(admission.refusal)}`);
      admission.finish({ ok: true });
    };
    const entries = Object.entries(cases);
    for (const [, testCase] of entries) for (let i = 0; i < 1_000; i++) await admit(testCase);

    const perCase = quick ? 2_000 : 10_000;
    const rounds = 6;
    const samples = new Map(entries.map(([name]) => [name, []]));
    const commands = new Map(entries.map(([name]) => [name, 0]));
    for (let r = 0; r < rounds; r++) {
      for (const [name, testCase] of r % 2 === 0 ? entries : [...entries].reverse()) {
        const into = samples.get(name);
        const before = testCase.redis ? await commandsRun(probe) : 0;
        for (let i = 0; i < perCase / rounds; i++) {
          const started = nowNs();
          await admit(testCase);
          into.push(nowNs() - started);
        }
        if (testCase.redis) commands.set(name, commands.get(name) + (await commandsRun(probe)) - before);
      }
    }
    const ping = [];
    for (let i = 0; i < perCase; i++) {
      const started = nowNs();
      await probe.ping();
      ping.push(nowNs() - started);
    }
    const rows = entries.map(([name, testCase]) => ({
      case: name,
      samples: samples.get(name).length,
      'median µs': round(median(samples.get(name)) / 1_000),
      'p99 µs': round(p99(samples.get(name)) / 1_000),
      'Redis round trips per decision': testCase.redis ? round(commands.get(name) / samples.get(name).length) : '—',
    }));
    rows.push({ case: 'Redis PING (loopback round trip, for scale)', samples: ping.length, 'median µs': round(median(ping) / 1_000), 'p99 µs': round(p99(ping) / 1_000), 'Redis round trips per decision': 1 });
    return rows;
  } finally {
    await limiter.close();
    await probe.close();
    await redis.stop();
  }
}

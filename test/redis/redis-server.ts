/**
 * A real Redis for the tests: Debian's redis-server on a free loopback port, without persistence, started and
 * stopped by the test (so a test can also stop, pause or restart it to prove the faults). `.ci/run` installs
 * redis-server and starts one for the suite (CLOUDSTACK_MCP_TEST_REDIS_URL); tests that only need a Redis use
 * that one under a prefix of their own, else (a developer's machine) start their own. There is no mock and no
 * silent skip: without redis-server these tests fail, saying how to install it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';

function requireRedisServer(): void {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('redis-server is not installed: these tests need a real Redis (apt-get install redis-server; .ci/run installs it)');
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Starts it again on the same port (empty: no persistence), after `stop`. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that accepts connections but does not answer (a slow Redis). */
  pause(): void;
  resume(): void;
}

/** `extra`: more redis-server options, e.g. TLS (`--port 0 --tls-port N …`) or an ACL user. */
function launch(port: number, extra: readonly string[]): Promise<ChildProcess> {
  const listen = extra.includes('--tls-port') ? ['--port', '0', '--tls-port', String(port)] : ['--port', String(port)];
  const args = [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra.filter((arg) => arg !== '--tls-port')];
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server on port ${port} did not start:\n${output}`));
    }, 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server on port ${port} exited with ${code}:\n${output}`));
    });
  });
}

/** `extra` options go to redis-server; with `--tls-port` (no value: the free port is used) it listens for TLS only. */
export async function startRedisServer(extra: readonly string[] = []): Promise<RedisServer> {
  requireRedisServer();
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(port, extra);
  return {
    url: `${extra.includes('--tls-port') ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
    port,
    async start() {
      child = await launch(port, extra);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      running.kill('SIGCONT');
      await new Promise<void>((done) => {
        running.once('exit', () => done());
        running.kill('SIGTERM');
      });
    },
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
  };
}

export interface SharedRedis {
  readonly url: string;
  /** A key prefix no other test uses, so tests can share one Redis. */
  readonly prefix: string;
  close(): Promise<void>;
}

/** The suite's Redis (.ci/run), or one of this test's own. In CI a missing URL is an error, not a quiet fallback. */
export async function sharedRedis(): Promise<SharedRedis> {
  const prefix = `test-${randomUUID().slice(0, 8)}:`;
  const url = process.env.CLOUDSTACK_MCP_TEST_REDIS_URL;
  if (url) return { url, prefix, close: async () => {} };
  if (process.env.CI === 'true') throw new Error('CLOUDSTACK_MCP_TEST_REDIS_URL is not set: in CI, .ci/run starts a Redis for the suite and exports it');
  const own = await startRedisServer();
  return { url: own.url, prefix, close: () => own.stop() };
}

/**
 * The world of the cross-process Redis tests: a Redis of the test's own (the tests stop it), one simulator, a policy
 * file, and the environment every server process gets (simulator keys, the MCP token, the Redis URL, no audit file
 * unless a test asks for one). Each test connects the processes it needs (connectStdio / startHttpCli) itself.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { scratchDir } from '../helpers/cli.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

export interface SharedWorld {
  readonly redis: RedisServer;
  readonly simulator: RunningSimulator;
  /** `--policy <file>` for every process. */
  readonly policyArgs: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly dir: string;
  stop(): Promise<void>;
}

export interface SharedWorldOptions {
  readonly policy: Record<string, unknown>;
  readonly token: string;
  readonly jobMs: number;
  /** Extra or overriding variables for every process (e.g. the approver token, a longer Redis timeout). */
  readonly env?: Readonly<Record<string, string>>;
}

export async function startSharedWorld(options: SharedWorldOptions): Promise<SharedWorld> {
  const redis = await startRedisServer();
  const simulator = await startSimulator({ jobMs: options.jobMs });
  const dir = scratchDir();
  const policy = join(dir, 'policy.json');
  writeFileSync(policy, JSON.stringify(options.policy));
  const env = {
    CLOUDSTACK_API_URL: simulator.url,
    CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey,
    CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey,
    CLOUDSTACK_MCP_TOKEN: options.token,
    CLOUDSTACK_MCP_REDIS_URL: redis.url,
    CLOUDSTACK_MCP_REDIS_TIMEOUT: '2000',
    CLOUDSTACK_MCP_AUDIT_LOG: '/dev/null',
    ...options.env,
  };
  return {
    redis,
    simulator,
    policyArgs: ['--policy', policy],
    env,
    dir,
    async stop() {
      await simulator.close();
      await redis.stop();
    },
  };
}

/** An SDK client over Streamable HTTP with the MCP bearer token. */
export async function connectHttpClient(url: string, token: string, name: string): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

/**
 * Connecting to Redis as configured: rediss:// with a user and password, the certificate verified (a private CA
 * through CLOUDSTACK_MCP_REDIS_CA_FILE), and every way it can fail at start-up a configuration error (exit 2)
 * naming the variable, never the password.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { sharedStateFromEnv } from '../../src/policy/state/from-env.js';
import { runCli, scratchDir } from '../helpers/cli.js';
import { freePort, startRedisServer, type RedisServer } from './redis-server.js';

const PASSWORD = 'pa55-w0rd-never-printed';
/** The README's ACL for the server's Redis user (Shared state in Redis): its prefix, the scripts, what they run. */
const LEAST_PRIVILEGE =
  '~cloudstack-mcp:* -@all +eval +evalsha +time +get +set +del +exists +pexpire +pttl +hset +hsetnx +hget +hmget +hgetall ' +
  '+zadd +zrem +zcard +zrange +zrevrange +zrangebyscore +zremrangebyscore +zremrangebyrank +zscore';

/** A private CA and a server certificate for localhost / 127.0.0.1, made with openssl (as an operator would). */
function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=cloudstack-mcp test CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'san.ext');
  return { ca: join(dir, 'ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server.key') };
}

let tlsRedis: RedisServer;
let ca: string;

beforeAll(async () => {
  const certificates = makeCertificates(scratchDir());
  ca = certificates.ca;
  tlsRedis = await startRedisServer([
    '--tls-port',
    '--tls-cert-file', certificates.cert,
    '--tls-key-file', certificates.key,
    '--tls-ca-cert-file', certificates.ca,
    '--tls-auth-clients', 'no',
    '--user', 'default', 'off',
    '--user', 'mcp', 'on', `>${PASSWORD}`, '~*', '&*', '+@all',
    '--user', 'least', 'on', `>${PASSWORD}`, ...LEAST_PRIVILEGE.split(' '),
  ]);
});
afterAll(async () => {
  await tlsRedis?.stop();
});

const tlsUrl = (user = 'mcp', password = PASSWORD) => `rediss://${user}:${password}@localhost:${tlsRedis.port}`;

async function startUpError(variables: Record<string, string>): Promise<ConfigError> {
  const error = await sharedStateFromEnv(parseEnv(variables), silentLogger, () => {}).then(
    async (state) => {
      await state?.close();
      throw new Error('expected start-up to fail');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as Error).message).not.toContain(PASSWORD);
  return error as ConfigError;
}

describe('Redis connection at start-up', () => {
  it('connects over rediss:// with a user and password, trusting the CA file; counts, approvals and tasks share it', async () => {
    const state = await sharedStateFromEnv(parseEnv({ CLOUDSTACK_MCP_REDIS_URL: tlsUrl(), CLOUDSTACK_MCP_REDIS_CA_FILE: ca }), silentLogger, () => {});
    try {
      const limit = { pointer: '/all_tools/limits/0', counter: 'tls', windowMs: 60_000, windowLabel: 'minute', max: 1, scope: { kind: 'grant' as const }, scopeLabel: 'grant' };
      const slot = { limit, key: JSON.stringify(['tls', 60_000, 'grant', null]) };
      expect((await state!.limiter.reserve([slot], { immediate: true })).ok).toBe(true);
      expect((await state!.limiter.reserve([slot], { immediate: true })).ok).toBe(false);
      const call = { tool: 'destroy_virtual_machine', command: 'destroyVirtualMachine', params: { id: 'vm-tls' } };
      const { approval } = await state!.approvalStore.request({ call, session: 's', rule: '/tools/destroy_virtual_machine', reason: 'operator' });
      expect(approval).toMatchObject({ status: 'pending', expiresAt: approval.createdAt + 15 * 60_000 });
      const task = await state!.taskStore.createTask({}, 1, { method: 'tools/call', params: { name: 'migrate_virtual_machine' } }, 's');
      expect(task).toMatchObject({ status: 'working', ttl: 3_600_000 });
    } finally {
      await state?.close();
    }
  });

  it("works with the README's least-privilege Redis user: counts, approvals and task records", async () => {
    // A prefix of its own under the ACL's `cloudstack-mcp:*` (the test above writes the default prefix).
    const variables = { CLOUDSTACK_MCP_REDIS_URL: tlsUrl('least'), CLOUDSTACK_MCP_REDIS_CA_FILE: ca, CLOUDSTACK_MCP_REDIS_PREFIX: 'cloudstack-mcp:least:' };
    const state = await sharedStateFromEnv(parseEnv(variables), silentLogger, () => {});
    try {
      const limit = { pointer: '/all_tools/limits/0', counter: 'acl', windowMs: 60_000, windowLabel: 'minute', max: 5, scope: { kind: 'grant' as const }, scopeLabel: 'grant' };
      const slot = { limit, key: JSON.stringify(['acl', 60_000, 'grant', null]) };
      const held = await state!.limiter.reserve([slot]);
      expect(held.ok).toBe(true);
      if (held.ok) await held.commit();
      const released = await state!.limiter.reserve([slot]);
      if (released.ok) await released.release();

      const { approvalStore: approvals, taskStore: tasks } = state!;
      const call = { tool: 'destroy_virtual_machine', command: 'destroyVirtualMachine', params: { id: 'vm-acl' } };
      const { approval } = await approvals.request({ call, session: 's', rule: '/tools/destroy_virtual_machine', reason: 'operator' });
      await approvals.shown([approval.id], 'alice (web)');
      expect((await approvals.approve(approval.id, 'alice (web)')).ok).toBe(true);
      expect((await approvals.consume(call, 's')).status).toBe('approved');
      await approvals.request({ call: { ...call, params: { id: 'vm-acl-2' } }, session: 's', rule: '/tools/destroy_virtual_machine', reason: 'operator' });
      expect(await approvals.cancelForTool('destroy_virtual_machine', 'reload')).toBe(1);
      expect((await approvals.list()).map((record) => record.status).sort()).toEqual(['cancelled', 'used']);

      const task = await tasks.createTask({}, 1, { method: 'tools/call', params: { name: 'migrate_virtual_machine' } }, 's');
      await tasks.updateTaskStatus(task.taskId, 'working', 'job running');
      await tasks.storeTaskResult(task.taskId, 'completed', { content: [] });
      expect(await tasks.getTaskResult(task.taskId)).toEqual({ content: [] });
      expect((await tasks.listTasks(undefined, 's')).tasks.map((listed) => listed.status)).toEqual(['completed']);
    } finally {
      await state?.close();
    }
  });

  it('verifies the certificate by default: without the CA file a private certificate stops start-up', async () => {
    const error = await startUpError({ CLOUDSTACK_MCP_REDIS_URL: tlsUrl() });
    expect(error.variable).toBe('CLOUDSTACK_MCP_REDIS_URL');
    expect(error.message).toMatch(/^CLOUDSTACK_MCP_REDIS_URL names a Redis that cannot be used: .*certificate/);
  });

  it('a wrong password stops start-up, naming the variable and not the password', async () => {
    const error = await startUpError({ CLOUDSTACK_MCP_REDIS_URL: tlsUrl('mcp', 'wrong-password'), CLOUDSTACK_MCP_REDIS_CA_FILE: ca });
    expect(error.message).toMatch(/^CLOUDSTACK_MCP_REDIS_URL names a Redis that cannot be used: WRONGPASS/);
    expect(error.message).not.toContain('wrong-password');
  });

  it('a CA file with a plain redis:// URL is a configuration error', async () => {
    const error = await startUpError({ CLOUDSTACK_MCP_REDIS_URL: 'redis://127.0.0.1:6379', CLOUDSTACK_MCP_REDIS_CA_FILE: ca });
    expect(error.variable).toBe('CLOUDSTACK_MCP_REDIS_CA_FILE');
  });

  it('the server does not start against an unreachable Redis: exit 2 naming the variable', async () => {
    const port = await freePort();
    const { code, stderr } = await runCli(['--simulator'], { CLOUDSTACK_MCP_REDIS_URL: `redis://mcp:${PASSWORD}@127.0.0.1:${port}` });
    expect(code).toBe(2);
    expect(stderr).toContain(`cloudstack-mcp: configuration error: CLOUDSTACK_MCP_REDIS_URL names a Redis that cannot be used: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(stderr).not.toContain(PASSWORD);
  });

  it('a URL that is not redis:// or rediss:// is refused before anything starts', async () => {
    const { code, stderr } = await runCli(['--simulator'], { CLOUDSTACK_MCP_REDIS_URL: 'http://127.0.0.1:6379' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/configuration error: CLOUDSTACK_MCP_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
  });
});

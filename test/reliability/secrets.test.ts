/**
 * Secrets across a whole session: successful reads, an async job, the two tools that return a secret once
 * (a private key, a password), a refused call, CloudStack errors and a wrong secret key. Every log line (debug
 * level), audit record, error text and tool result is scanned for the distinctive API and secret keys and for
 * any request signature; the once-returned secrets may reach the caller but no log or audit record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createPolicyGateFromValue } from '../../src/policy/index.js';
import { toolFacts } from '../../src/tools/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { createLeakCollector, DISTINCT_KEYS } from '../helpers/leak-scan.js';
import { connectToolsClient } from '../helpers/tools-client.js';

const policy = {
  version: '1',
  default: 'allow',
  tools: { stop_virtual_machine: { deny_if: [{ path: 'args.forced', op: 'eq', value: true }] } },
};

describe('secrets never leave through logs, audit records, errors or results', () => {
  const leaks = createLeakCollector();
  let harness: Harness;
  const returnedSecrets: string[] = [];

  const call = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> => {
    const result = (await harness.client.callTool({ name, arguments: args })) as CallToolResult;
    leaks.note(name, result);
    return result;
  };

  beforeAll(async () => {
    const gate = createPolicyGateFromValue(policy, { tools: toolFacts(), logger: leaks.logger, audit: leaks.audit });
    harness = await startHarness({ policy: gate, logger: leaks.logger, simulator: { admin: DISTINCT_KEYS.admin, user: DISTINCT_KEYS.user } });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('the scanner finds a planted key or signature (it can fail)', () => {
    const probe = createLeakCollector();
    probe.note('planted key', { text: `key ${DISTINCT_KEYS.user.secretKey.toUpperCase()}` });
    probe.logger.info('planted signature', { url: 'http://x/client/api?command=listZones&signature=TTpdDq%2F7j%2FJ58XCRHomKoQXEQds%3D' });
    expect(probe.leaks()).toHaveLength(2);
  });

  it('runs a session of reads, jobs, secret-returning tools, refusals and errors', async () => {
    const running = harness.simulator.world.vms.find((vm) => vm.state === 'Running')!;
    const world = harness.simulator.world;
    const passwordTemplates = new Set(world.templates.filter((template) => template.passwordenabled).map((template) => template.id));
    const stopped = world.vms.find((vm) => vm.state === 'Stopped' && passwordTemplates.has(vm.templateid))!;
    expect(stopped, 'the seeded world has a stopped VM with a password-enabled template').toBeDefined();
    expect((await call('list_virtual_machines', { listall: true })).isError).toBeFalsy();
    expect((await call('start_virtual_machine', { id: running.id })).isError).toBeFalsy();

    const keyPair = await call('create_ssh_key_pair', { name: 'leak-test-key' });
    expect(keyPair.isError, JSON.stringify(keyPair.content)).toBeFalsy();
    const privateKey = JSON.stringify(keyPair.structuredContent).match(/-----BEGIN[^"]+?KEY-----/)?.[0];
    expect(privateKey, 'create_ssh_key_pair returns the private key once').toBeDefined();
    returnedSecrets.push(privateKey!);

    const reset = await call('reset_password_virtual_machine', { id: stopped.id });
    expect(reset.isError, JSON.stringify(reset.content)).toBeFalsy();
    const password = (reset.structuredContent as { password?: string; virtualmachine?: { password?: string } } | undefined);
    const newPassword = password?.password ?? password?.virtualmachine?.password;
    expect(typeof newPassword).toBe('string');
    returnedSecrets.push(newPassword!);

    expect((await call('stop_virtual_machine', { id: running.id, forced: true })).isError).toBe(true);
    expect((await call('get_virtual_machine', { id: '00000000-0000-4000-8000-000000000000' })).isError).toBe(true);
    harness.simulator.setFaults({ failNextRequests: 1 });
    expect((await call('list_zones', {})).isError).toBe(true);
  });

  it('a wrong secret key: the 401 names the problem, not the key', async () => {
    const wrong = await connectToolsClient({
      cloudstack: { apiUrl: harness.simulator.url, apiKey: DISTINCT_KEYS.admin.apiKey, secretKey: DISTINCT_KEYS.user.secretKey, timeoutMs: 2_000, asyncTimeoutMs: 2_000 },
      policy: createPolicyGateFromValue(policy, { tools: toolFacts(), logger: leaks.logger, audit: leaks.audit }),
      logger: leaks.logger,
    });
    try {
      const result = (await wrong.client.callTool({ name: 'list_zones', arguments: {} })) as CallToolResult;
      leaks.note('wrong secret', result);
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/401/);
    } finally {
      await wrong.close();
    }
  });

  it('finds no key, signature or once-returned secret where it must not be', () => {
    const counted = leaks.count();
    expect(counted.logLines).toBeGreaterThan(5);
    expect(counted.auditRecords).toBeGreaterThan(5);
    expect(leaks.leaks()).toEqual([]);
    // The private key and the password went to the caller; no log line or audit record may hold them.
    expect(returnedSecrets).toHaveLength(2);
    expect(leaks.leaks(returnedSecrets)).toEqual([]);
  });
});

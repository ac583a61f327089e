/**
 * `cloudstack-mcp simulator` as operators start it: the built CLI as a child process on a free port, a signed
 * request to the URL it prints, a clean exit on SIGTERM; bad flag values are refused naming the flag.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { encodeForm, signRequest } from '../../src/cloudstack/signer.js';
import { CLI, cleanEnv, runCli, scratchDir } from '../helpers/cli.js';

const KEYS = { apiKey: 'cli-test-api-key', secretKey: 'cli-test-secret-key' };

describe('cloudstack-mcp simulator', () => {
  it('listens on the port the system picks, prints the real URL, answers signed requests, stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [CLI, 'simulator', '--port', '0', '--job-ms', '10', '--api-key', KEYS.apiKey, '--secret-key', KEYS.secretKey],
      { env: cleanEnv(), cwd: scratchDir(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString('utf8');
          const match = /listening on (http:\/\/127\.0\.0\.1:(\d+)\/client\/api)/.exec(stdout);
          if (match && Number(match[2]) > 0) resolve(match[1]!);
        });
        void exited.then(({ code }) => reject(new Error(`simulator exited (${code}) before listening: ${stderr}`)));
      });

      const signed = signRequest('listZones', {}, KEYS, { now: new Date(), expiresInMs: 60_000 });
      const answer = await fetch(`${url}?${encodeForm(signed)}`);
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { listzonesresponse: { count: number; zone: { name: string }[] } };
      expect(body.listzonesresponse.zone.map((zone) => zone.name)).toEqual(['zone-adv-1', 'zone-basic-1']);

      const demoKeys = signRequest('listZones', {}, { apiKey: 'sim-admin-api-key', secretKey: 'sim-admin-secret-key' }, { now: new Date(), expiresInMs: 60_000 });
      expect((await fetch(`${url}?${encodeForm(demoKeys)}`)).status).toBe(401); // the flags replaced the demo keys
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
    // The public demo secret is shown for the user account; the admin secret given by flag is not.
    expect(stdout).toContain('secret key (as given by --secret-key)');
    expect(stdout).toContain('secret key sim-user-secret-key');
    expect(stdout).not.toContain(KEYS.secretKey);
  });

  it.each([
    [['--port', 'abc'], /--port \(or CLOUDSTACK_SIM_PORT\) must be a whole number from 0 to 65535, got "abc"/],
    [['--port', '70000'], /--port .* from 0 to 65535, got "70000"/],
    [['--job-ms=-5'], /--job-ms .* must be a whole number/],
    [['--error-rate', '3'], /--error-rate \(or CLOUDSTACK_SIM_ERROR_RATE\) is invalid: errorRate must be between 0 and 1, got "3"/],
    [['--latency-ms', 'soon'], /--latency-ms .* is invalid: latencyMs must be a non-negative number/],
  ])('refuses %j with exit code 2, naming the flag and the rule', async (flags, message) => {
    const result = await runCli(['simulator', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});

/** Start-up errors: one clear line naming the variable and the problem, exit code 2, never a secret. */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../../helpers/cli.js';

const SECRET = 'super-secret-value-that-must-not-leak';
const GOOD = { CLOUDSTACK_API_URL: 'http://127.0.0.1:1/client/api', CLOUDSTACK_API_KEY: 'key-value-1234', CLOUDSTACK_SECRET_KEY: SECRET };

describe('start-up errors', () => {
  it('names a missing key', async () => {
    const { code, stderr, stdout } = await runCli([], { ...GOOD, CLOUDSTACK_API_KEY: '' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/CLOUDSTACK_API_KEY is required/);
    expect(stdout).toBe('');
    expect(stderr).not.toContain(SECRET);
  });

  it('names a malformed URL', async () => {
    const { code, stderr } = await runCli([], { ...GOOD, CLOUDSTACK_API_URL: 'cloud.example.com' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/CLOUDSTACK_API_URL must be an http\(s\) URL/);
    expect(stderr).not.toContain(SECRET);
  });

  it('names an unreadable policy file, from the environment or --policy', async () => {
    const missing = join(scratchDir(), 'nope.json');
    const fromEnv = await runCli([], { ...GOOD, CLOUDSTACK_MCP_POLICY: missing });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/CLOUDSTACK_MCP_POLICY must name a readable file/);
    const fromFlag = await runCli(['--policy', missing], GOOD);
    expect(fromFlag.code).toBe(2);
    expect(fromFlag.stderr).toMatch(/--policy must name a readable file/);
  });

  it('names an audit log it cannot append to', async () => {
    const { code, stderr } = await runCli([], { ...GOOD, CLOUDSTACK_MCP_AUDIT_LOG: join(scratchDir(), 'missing-dir', 'audit.log') });
    expect(code).toBe(2);
    expect(stderr).toMatch(/CLOUDSTACK_MCP_AUDIT_LOG must name a file we can append to/);
  });

  it('refuses an invalid policy file with the JSON path of the problem', async () => {
    const file = join(scratchDir(), 'policy.json');
    writeFileSync(file, JSON.stringify({ version: '1', default: 'deny', tools: { migrate_virtual_machin: {} } }));
    const { code, stderr } = await runCli(['--policy', file], GOOD);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\/tools\/migrate_virtual_machin/);
  });

  it('reads .env from the working directory, the real environment winning', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, '.env'), `CLOUDSTACK_API_URL=not-a-url\nCLOUDSTACK_API_KEY=from-dotenv\nCLOUDSTACK_SECRET_KEY=${SECRET}\n`);
    const fromFile = await runCli([], {}, 20_000, dir);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toMatch(/CLOUDSTACK_API_URL must be an http\(s\) URL/);
    const overridden = await runCli([], { CLOUDSTACK_API_URL: 'http://127.0.0.1:1/client/api', CLOUDSTACK_MCP_TIMEOUT_TYPO: 'x', CLOUDSTACK_TIMEOUT: 'soon' }, 20_000, dir);
    expect(overridden.code).toBe(2);
    expect(overridden.stderr).toMatch(/CLOUDSTACK_TIMEOUT/);
    expect(fromFile.stderr + overridden.stderr).not.toContain(SECRET);
  });

  it('names a malformed number and a bad flag', async () => {
    const timeout = await runCli([], { ...GOOD, CLOUDSTACK_TIMEOUT: 'soon' });
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toMatch(/CLOUDSTACK_TIMEOUT must be a duration such as 30s, 2m or 500ms/);
    const seconds = await runCli([], { ...GOOD, CLOUDSTACK_TIMEOUT: '30' });
    expect(seconds.code).toBe(2);
    expect(seconds.stderr).toMatch(/^cloudstack-mcp: configuration error: CLOUDSTACK_TIMEOUT is 30 without a unit, which would mean 30 ms: write 30s for seconds/);
    const flag = await runCli(['--no-such-flag'], GOOD);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/no-such-flag/);
  });

  it('refuses to serve HTTP beyond loopback without a token, before starting anything', async () => {
    const { code, stderr } = await runCli(['--http', '--host', '0.0.0.0', '--port', '0', '--simulator']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'cloudstack-mcp: configuration error: CLOUDSTACK_MCP_TOKEN is required with --host 0.0.0.0 (not loopback): set a bearer token of 16+ characters, or bind 127.0.0.1\n',
    );
  });

  it('names --port when the port is taken, and --host/--port given without --http', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const { code, stderr } = await runCli(['--http', '--port', String(port), '--simulator']);
      expect(code).toBe(2);
      expect(stderr).toContain(`configuration error: --port ${port} is already in use on 127.0.0.1: stop the other process or choose another port`);
    } finally {
      taken.close();
    }
    const stray = await runCli(['--port', '3000', '--simulator']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toBe('cloudstack-mcp: configuration error: --port only applies with --http\n');
  });

  it('checks the policy before starting the simulator: the error is the only output', async () => {
    const file = join(scratchDir(), 'policy.json');
    writeFileSync(file, JSON.stringify({ version: '1', default: 'deny', tools: { list_zone: {} } }));
    const { code, stderr } = await runCli(['--simulator', '--policy', file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^cloudstack-mcp: configuration error: --policy is not a valid policy:\n {2}\/tools\/list_zone: unknown tool/);
    expect(stderr).not.toMatch(/SIMULATOR/);
  });

  it('refuses a CA file that holds no PEM certificate', async () => {
    const file = join(scratchDir(), 'ca.der');
    writeFileSync(file, Buffer.from([0x30, 0x82, 0x01, 0x0a]));
    const { code, stderr } = await runCli([], { ...GOOD, CLOUDSTACK_CA_FILE: file });
    expect(code).toBe(2);
    expect(stderr).toMatch(/CLOUDSTACK_CA_FILE must be a PEM file with at least one certificate/);
    const pem = join(scratchDir(), 'ca.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const accepted = await runCli(['--http', '--host', '0.0.0.0'], { ...GOOD, CLOUDSTACK_CA_FILE: pem });
    // Past the CA check: the next problem reported is the missing token.
    expect(accepted.stderr).toMatch(/CLOUDSTACK_MCP_TOKEN is required/);
  });

  it('prints --version and --help on stdout', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['CLOUDSTACK_API_URL', 'CLOUDSTACK_MCP_POLICY', 'CLOUDSTACK_MCP_TOKEN', '--read-only', '--simulator', 'policy check', 'demo']) {
      expect(help.stdout).toContain(name);
    }
  });
});

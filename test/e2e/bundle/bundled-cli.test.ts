/**
 * The bundled CLI (dist/bundle/cli.js, the package's bin; tools/build-cli.mjs) against tsc's unbundled entry
 * (dist/cli.js): the same tools/list, the same answers, the files found next to the modules (catalog.json,
 * package.json), and the lazily loaded modes still loadable from their chunks. The suite's global setup builds both;
 * every other stdio test spawns the bundle.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { CLI as BUNDLE, cleanEnv, REPO, scratchDir, TSC_CLI as CLI } from '../../helpers/cli.js';

const manifest = JSON.parse(readFileSync(`${REPO}/package.json`, 'utf8')) as { version: string; bin: Record<string, string> };

async function connect(entry: string, env: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [entry, '--policy', `${REPO}/policy.example.json`], env: cleanEnv(env), cwd: scratchDir(), stderr: 'ignore' });
  const client = new Client({ name: 'e2e-bundle', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

function run(entry: string, args: string[]): { code: number; stdout: string } {
  try {
    return { code: 0, stdout: execFileSync(process.execPath, [entry, ...args], { env: cleanEnv(), cwd: scratchDir(), encoding: 'utf8' }) };
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    return { code: failed.status, stdout: failed.stdout };
  }
}

describe('the bundled CLI', () => {
  let simulator: RunningSimulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    simulator = await startSimulator({ jobMs: 0 });
    env = {
      CLOUDSTACK_API_URL: simulator.url,
      CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey,
      CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey,
      CLOUDSTACK_MCP_AUDIT_LOG: '/dev/null',
    };
  }, 60_000);

  afterAll(async () => {
    await simulator?.close();
  });

  it('is the package bin', () => {
    expect(join(REPO, manifest.bin['cloudstack-mcp'] ?? '')).toBe(BUNDLE);
  });

  it('lists exactly what the unbundled server lists (its listing was converted at build time) and answers the same', async () => {
    const [bundled, unbundled] = await Promise.all([connect(BUNDLE, env), connect(CLI, env)]);
    try {
      const [fromBundle, fromTsc] = await Promise.all([bundled.listTools(), unbundled.listTools()]);
      expect(fromBundle.tools.length).toBeGreaterThan(40);
      expect(fromBundle.tools).toEqual(fromTsc.tools);

      simulator.clearRequests();
      const zones = await bundled.callTool({ name: 'list_zones', arguments: {} });
      expect(zones.isError).toBeFalsy();
      // The CloudStack client's HTTP stack is a lazily loaded chunk: the request went out, signed.
      expect(simulator.requests.map((request) => [request.command, request.accepted])).toEqual([['listZones', true]]);
      expect(zones.structuredContent).toEqual((await unbundled.callTool({ name: 'list_zones', arguments: {} })).structuredContent);
    } finally {
      await Promise.all([bundled.close(), unbundled.close()]);
    }
  });

  it('finds package.json and the catalog where the modules it bundles look for them', () => {
    expect(run(BUNDLE, ['--version'])).toEqual({ code: 0, stdout: `${manifest.version}\n` });
    // policy check loads its own chunk and checks the tools' commands against catalog.json.
    const checked = run(BUNDLE, ['policy', 'check', `${REPO}/policy.example.json`]);
    expect(checked).toEqual(run(CLI, ['policy', 'check', `${REPO}/policy.example.json`]));
    expect(checked.code).toBe(0);
  });
});

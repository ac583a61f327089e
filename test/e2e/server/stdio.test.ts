/**
 * The built server as an agent client runs it: a child process over stdio, configured only through the
 * environment, talking to the simulator over real HTTP on 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { connectStdio, REPO, scratchDir, type StdioSession } from '../../helpers/cli.js';

const manifest = JSON.parse(readFileSync(`${REPO}/package.json`, 'utf8')) as { name: string; version: string };

describe('stdio server against the simulator', () => {
  let simulator: RunningSimulator;
  let session: StdioSession;
  const auditLog = join(scratchDir(), 'audit.log');

  beforeAll(async () => {
    simulator = await startSimulator({ jobMs: 5 });
    session = await connectStdio([], {
      CLOUDSTACK_MCP_AUDIT_LOG: auditLog,
      CLOUDSTACK_API_URL: simulator.url,
      CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey,
      CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey,
    });
  });

  afterAll(async () => {
    await session?.close();
    await simulator?.close();
  });

  it('reports its name and version from package.json and its capabilities', () => {
    expect(session.client.getServerVersion()).toMatchObject({ name: manifest.name, version: manifest.version });
    const capabilities = session.client.getServerCapabilities();
    expect(capabilities?.tools?.listChanged).toBe(true);
    expect(capabilities?.logging).toBeDefined();
  });

  it('answers ping', async () => {
    await expect(session.client.ping()).resolves.toBeDefined();
  });

  it('without a policy file lists only read-only tools and announces the built-in policy on stderr', async () => {
    const { tools } = await session.client.listTools();
    expect(tools.length).toBeGreaterThan(20);
    expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
    expect(session.stderr()).toMatch(/policy/i);
  });

  it('serves a tool call from CloudStack, signed with the configured keys', async () => {
    simulator.clearRequests();
    const result = await session.client.callTool({ name: 'list_zones', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { count: number }).count).toBeGreaterThanOrEqual(2);
    expect(simulator.requests.map((request) => [request.command, request.accepted])).toEqual([['listZones', true]]);
  });

  it('appends one audit record per decision and outcome to CLOUDSTACK_MCP_AUDIT_LOG, not to stderr', () => {
    const records = readFileSync(auditLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { event: string; tool: string });
    expect(records.filter((record) => record.tool === 'list_zones').map((record) => record.event)).toEqual(['allow', 'executed']);
    expect(session.stderr()).not.toContain('"event":"allow"');
    expect(readFileSync(auditLog, 'utf8')).not.toContain(simulator.keys.admin.secretKey);
  });

  it('keeps stdout for the protocol: every log line is JSON on stderr', () => {
    const lines = session.stderr().split('\n').filter((line) => line.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(session.stderr()).not.toContain(simulator.keys.admin.secretKey);
    expect(session.stderr()).not.toContain(simulator.keys.admin.apiKey);
  });
});

describe('stdio server in simulator mode', () => {
  it('announces the simulator loudly on stderr and in its instructions', async () => {
    const session = await connectStdio(['--simulator', '--read-only'], {});
    try {
      expect(session.client.getInstructions()).toMatch(/SIMULATOR MODE/);
      expect(session.stderr()).toMatch(/SIMULATOR MODE/);
      const { tools } = await session.client.listTools();
      expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
      const result = await session.client.callTool({ name: 'list_virtual_machines', arguments: { listall: true } });
      expect(result.isError).toBeFalsy();
    } finally {
      await session.close();
    }
  });
});

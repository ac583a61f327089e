/**
 * Streamable HTTP mode of the built server: bearer token, Host/Origin allow-list, and one rate-limit scope
 * per MCP session — with real SDK clients over StreamableHTTPClientTransport.
 */
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { scratchDir, startHttpCli, type HttpChild } from '../../helpers/cli.js';

const TOKEN = 'test-token-0123456789abcdef';

async function connect(url: string, token = TOKEN): Promise<Client> {
  const client = new Client({ name: 'e2e-http', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

/** A raw POST with headers fetch would not let us forge (Host). */
function rawPost(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }));
  });
}

const status = async (url: string, headers: Record<string, string>) => (await rawPost(url, headers)).status;

describe('HTTP server', () => {
  let simulator: RunningSimulator;
  let server: HttpChild;

  beforeAll(async () => {
    simulator = await startSimulator({ jobMs: 5 });
    const policy = join(scratchDir(), 'policy.json');
    writeFileSync(
      policy,
      JSON.stringify({
        version: '1',
        default: 'allow',
        all_tools: { limits: [{ counter: 'per_session', window: 'minute', max: 2, scope: 'session' }] },
      }),
    );
    server = await startHttpCli(['--policy', policy], {
      CLOUDSTACK_API_URL: simulator.url,
      CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey,
      CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey,
      CLOUDSTACK_MCP_TOKEN: TOKEN,
    });
  });

  afterAll(async () => {
    const code = await server?.stop();
    expect(code).toBe(0);
    await simulator?.close();
  });

  it('refuses a request without the bearer token (401) or with a wrong one', async () => {
    expect(await status(server.url, {})).toBe(401);
    expect(await status(server.url, { authorization: 'Bearer wrong-token-0000000000' })).toBe(401);
    await expect(connect(server.url, 'wrong-token-0000000000')).rejects.toThrow();
  });

  it('refuses a foreign Host or Origin (DNS rebinding protection)', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect(await status(server.url, { ...auth, host: 'evil.example.com' })).toBe(403);
    expect(await status(server.url, { ...auth, origin: 'http://evil.example.com' })).toBe(403);
    expect(await status(server.url, { ...auth, origin: 'http://localhost:5173' })).toBe(200);
  });

  it('counts session-scoped limits separately for each session', async () => {
    const first = await connect(server.url);
    const second = await connect(server.url);
    try {
      const call = (client: Client) => client.callTool({ name: 'list_zones', arguments: {} });
      expect((await call(first)).isError).toBeFalsy();
      expect((await call(first)).isError).toBeFalsy();
      const third = await call(first);
      expect(third.isError).toBe(true);
      expect(JSON.stringify(third.content)).toContain('[POLICY DENIED]');
      // The other session has its own count.
      expect((await call(second)).isError).toBeFalsy();
      expect((await call(second)).isError).toBeFalsy();
      expect((await call(second)).isError).toBe(true);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('HTTP server bound to every interface (--host 0.0.0.0)', () => {
  let simulator: RunningSimulator;
  let server: HttpChild;
  let local: string;

  beforeAll(async () => {
    simulator = await startSimulator({ jobMs: 5 });
    server = await startHttpCli(['--host', '0.0.0.0'], {
      CLOUDSTACK_API_URL: simulator.url,
      CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey,
      CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey,
      CLOUDSTACK_MCP_TOKEN: TOKEN,
      CLOUDSTACK_MCP_ALLOWED_HOSTS: 'MCP.Example.com:8443, fd00::9',
    });
    local = server.url.replace('0.0.0.0', '127.0.0.1');
  });

  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
    await simulator?.close();
  });

  it('serves clients that reach it by loopback or by one of its own addresses', async () => {
    expect(server.stderr()).toMatch(/listening on http:\/\/0\.0\.0\.0:\d+\/mcp \(every interface.*http:\/\/127\.0\.0\.1:\d+\/mcp locally\)/);
    const client = await connect(local);
    try {
      expect((await client.callTool({ name: 'list_zones', arguments: {} })).isError).toBeFalsy();
    } finally {
      await client.close();
    }
    const auth = { authorization: `Bearer ${TOKEN}` };
    const address = Object.values(networkInterfaces()).flat().find((entry) => entry && !entry.internal && entry.family === 'IPv4');
    if (address) expect(await status(local, { ...auth, host: `${address.address}:1234` })).toBe(200);
    expect(await status(local, { ...auth, host: `${hostname()}:1234` })).toBe(200);
    expect(await status(local, auth)).toBe(200);
  });

  it('accepts the names in CLOUDSTACK_MCP_ALLOWED_HOSTS whatever their case, port or IPv6 form', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect(await status(local, { ...auth, host: 'mcp.example.com' })).toBe(200);
    expect(await status(local, { ...auth, host: '[FD00::9]:3000' })).toBe(200);
    expect(await status(local, { ...auth, origin: 'https://mcp.example.com:8443' })).toBe(200);
    expect(await status(local, {})).toBe(401);
  });

  it('refuses any other name, saying which name and how to allow it, and logs it once', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const refused = await rawPost(local, { ...auth, host: 'evil.example.com' });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error.message).toBe(
      'Forbidden: Host "evil.example.com" is not allowed; add the name to CLOUDSTACK_MCP_ALLOWED_HOSTS if clients reach this server by it',
    );
    expect((await rawPost(local, { ...auth, origin: 'http://evil.example.com' })).body).toContain('Origin \\"evil.example.com\\"');
    await rawPost(local, { ...auth, host: 'evil.example.com' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.stderr().match(/"http request refused".*Host \\"evil\.example\.com\\"/g)).toHaveLength(1);
  });
});

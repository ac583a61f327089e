/**
 * Streamable HTTP mode of the built server: bearer token, Host/Origin allow-list, and one rate-limit scope
 * per MCP session — with real SDK clients over StreamableHTTPClientTransport.
 */
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
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
function rawPost(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }));
  });
}

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
    expect(await rawPost(server.url, {})).toBe(401);
    expect(await rawPost(server.url, { authorization: 'Bearer wrong-token-0000000000' })).toBe(401);
    await expect(connect(server.url, 'wrong-token-0000000000')).rejects.toThrow();
  });

  it('refuses a foreign Host or Origin (DNS rebinding protection)', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect(await rawPost(server.url, { ...auth, host: 'evil.example.com' })).toBe(403);
    expect(await rawPost(server.url, { ...auth, origin: 'http://evil.example.com' })).toBe(403);
    expect(await rawPost(server.url, { ...auth, origin: 'http://localhost:5173' })).toBe(200);
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

/**
 * HTTP sessions end when their client vanishes: a session with no request and no open stream for the idle
 * period is closed (its server too), and its id then answers 404 like any unknown session. Their number is
 * capped (the idle one seen longest ago makes room, else 503), and a session keeps only a bounded client name,
 * version and the capabilities the server reads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { startHttpServer, type RunningHttpServer } from '../../src/http.js';
import { silentLogger } from '../../src/logger.js';

let running: RunningHttpServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(sessionIdleMs: number, maxSessions?: number) {
  const closed: string[] = [];
  const servers = new Map<string, Server>();
  running = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
    sessionIdleMs,
    maxSessions,
    createSessionServer: (sessionId) => {
      const server = new Server({ name: 'test', version: '1.0.0' }, { capabilities: {} });
      server.onclose = () => closed.push(sessionId);
      servers.set(sessionId, server);
      return server;
    },
  });
  return { url: running.url, closed, servers };
}

const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** An initialize by hand: the session it opens holds no stream once the answer is read. */
async function initialize(url: string, params: Record<string, unknown> = {}): Promise<Response & { body_: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: MCP_HEADERS,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' }, ...params },
    }),
  });
  return Object.assign(response, { body_: await response.text() });
}

async function connect(url: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(url));
  const client = new Client({ name: 'idle-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

describe('HTTP session expiry', () => {
  it('closes a session whose client went silent, and its id then answers 404', async () => {
    const { url, closed } = await start(300);
    const { transport } = await connect(url);
    const sessionId = transport.sessionId!;
    // The SDK client keeps a GET stream open while connected: end it, as a vanished client's connection would.
    await transport.close();
    expect(running!.sessionCount()).toBe(1);
    await expect.poll(() => running!.sessionCount(), { timeout: 5_000, interval: 50 }).toBe(0);
    expect(closed).toEqual([sessionId]);
    const stale = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sessionId },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(stale.status).toBe(404);
  });

  it('keeps a session whose client holds its stream open, however long it is quiet', async () => {
    const { url, closed } = await start(200);
    const { client } = await connect(url);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(running!.sessionCount()).toBe(1);
    expect(closed).toEqual([]);
    await client.ping();
    await client.close();
  });
});

describe('HTTP session cap', () => {
  it('when full, closes the session idle longest to make room; its id then answers 404', async () => {
    const { url, closed } = await start(60_000, 2);
    const first = await initialize(url);
    const second = await initialize(url);
    const third = await initialize(url);
    for (const response of [first, second, third]) expect(response.status).toBe(200);
    const ids = [first, second, third].map((response) => response.headers.get('mcp-session-id')!);
    expect(running!.sessionCount()).toBe(2);
    expect(closed).toEqual([ids[0]]);
    const stale = await fetch(url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'mcp-session-id': ids[0]! },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
    });
    expect(stale.status).toBe(404);
  });

  it('when every session holds an open stream, a new one gets 503 naming the variable, with Retry-After', async () => {
    const { url, closed } = await start(60_000, 2);
    const clients = [await connect(url), await connect(url)];
    const refused = await initialize(url);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(JSON.parse(refused.body_).error.message).toBe('Too many sessions: all 2 are in use (CLOUDSTACK_MCP_MAX_SESSIONS); retry later');
    expect(running!.sessionCount()).toBe(2);
    expect(closed).toEqual([]);
    // A client that closes without DELETE leaves its session idle: that one now makes room.
    await clients[0]!.client.close();
    await expect.poll(async () => (await initialize(url)).status, { timeout: 5_000, interval: 50 }).toBe(200);
    expect(closed).toEqual([clients[0]!.transport.sessionId]);
    await clients[1]!.client.close();
  });

  it("keeps only the client's name and version, cut short, and the capabilities the server reads", async () => {
    const { url, servers } = await start(60_000);
    // 3.5 MB in all: under the 4 MB body limit.
    const huge = 'x'.repeat(500_000);
    const response = await initialize(url, {
      clientInfo: { name: `n${huge}`, version: `v${huge}`, title: huge, description: huge },
      capabilities: { elicitation: {}, roots: { listChanged: true, padding: huge }, experimental: { huge: { padding: huge } } },
      _meta: { huge },
    });
    expect(response.status, response.body_).toBe(200);
    const server = servers.get(response.headers.get('mcp-session-id')!)!;
    expect(server.getClientVersion()).toEqual({ name: `n${'x'.repeat(99)}`, version: `v${'x'.repeat(49)}` });
    // The SDK reads an empty elicitation capability as form elicitation; roots, too large, is kept as present.
    expect(server.getClientCapabilities()).toEqual({ elicitation: { form: {} }, roots: {} });
  });
});

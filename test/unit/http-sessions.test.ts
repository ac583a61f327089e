/**
 * HTTP sessions end when their client vanishes: a session with no request and no open stream for the idle
 * period is closed (its server too), and its id then answers 404 like any unknown session.
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

async function start(sessionIdleMs: number) {
  const closed: string[] = [];
  running = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
    sessionIdleMs,
    createSessionServer: (sessionId) => {
      const server = new Server({ name: 'test', version: '1.0.0' }, { capabilities: {} });
      server.onclose = () => closed.push(sessionId);
      return server;
    },
  });
  return { url: running.url, closed };
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

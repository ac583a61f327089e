/**
 * What idle HTTP sessions cost (issue 15: 60 sessions whose clientInfo held 4 MB each took a process from 98 MB to
 * 374 MB, and 400 opened without any limit). 200 initializes against a cap of 150, the last 20 with 3 MB of
 * clientInfo each, on the production wiring (startHttpServer, one createServer with every tool per session, the
 * policy engine, the CloudStack client): the cap holds, the oldest idle sessions made room, and the heap after
 * full collections grows by at most 300 KB per live session. The figures are printed.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudStackClient } from '../../src/cloudstack/index.js';
import { startHttpServer, type RunningHttpServer } from '../../src/http.js';
import { silentLogger } from '../../src/logger.js';
import { createPolicyGateFromValue } from '../../src/policy/index.js';
import { createServer } from '../../src/server.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { toolFacts } from '../../src/tools/index.js';

const SESSIONS = 200;
const CAP = 150;
const BIG = 20;
const BIG_CLIENT_INFO_BYTES = 3 * 1024 * 1024;
/** The target for one idle session. */
const BOUND_PER_SESSION_KB = 300;

function collector(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

function heapAfterGc(gc: (() => void) | undefined): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

describe(`${SESSIONS} HTTP sessions against a cap of ${CAP}`, () => {
  const gc = collector();
  let simulator: RunningSimulator;
  let http: RunningHttpServer;
  const closed: string[] = [];

  beforeAll(async () => {
    simulator = await startSimulator({ jobMs: 0 });
    const api = createCloudStackClient({ apiUrl: simulator.url, ...simulator.keys.admin, timeoutMs: 5_000, asyncTimeoutMs: 5_000 });
    const policy = createPolicyGateFromValue({ version: '1', default: 'allow' }, { tools: toolFacts(), logger: silentLogger });
    http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      maxSessions: CAP,
      createSessionServer: (sessionId) => {
        const server = createServer({ api, policy, logger: silentLogger, readOnly: false, sessionId });
        const previous = server.onclose;
        server.onclose = () => {
          closed.push(sessionId);
          previous?.();
        };
        return server;
      },
    });
  });
  afterAll(async () => {
    await http?.close();
    await simulator?.close();
  });

  /** One initialize, then `notifications/initialized` and a tools/list, as a client does; the answer is read whole. */
  async function openSession(clientName: string): Promise<string> {
    const post = async (body: unknown, sessionId?: string) => {
      const response = await fetch(http.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(sessionId ? { 'mcp-session-id': sessionId } : {}) },
        body: JSON.stringify(body),
      });
      await response.text();
      return response;
    };
    const init = await post({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: { elicitation: {} }, clientInfo: { name: clientName, version: '1.0.0', title: 'memory test' } },
    });
    expect(init.status).toBe(200);
    const sessionId = init.headers.get('mcp-session-id')!;
    expect((await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, sessionId)).status).toBe(202);
    expect((await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, sessionId)).status).toBe(200);
    return sessionId;
  }

  it(`keeps at most ${CAP} sessions, and each idle one costs at most ${BOUND_PER_SESSION_KB} KB of heap`, async () => {
    // Warm-up: the first session builds what every later one shares (tool listing, catalog, SDK schemas); it is
    // then ended as a client ends one (DELETE), so the baseline holds no session.
    const warmUp = await openSession('warm-up');
    await fetch(http.url, { method: 'DELETE', headers: { 'mcp-session-id': warmUp } });
    await expect.poll(() => http.sessionCount()).toBe(0);
    closed.length = 0;
    const before = heapAfterGc(gc);
    const rssBefore = process.memoryUsage().rss;

    const ids: string[] = [];
    const bigName = 'c'.repeat(BIG_CLIENT_INFO_BYTES);
    for (let index = 0; index < SESSIONS; index++) {
      ids.push(await openSession(index >= SESSIONS - BIG ? `${bigName}${index}` : `client-${index}`));
    }

    const after = heapAfterGc(gc);
    const rssAfter = process.memoryUsage().rss;
    expect(http.sessionCount()).toBe(CAP);
    // The oldest idle sessions made room, in order; the 20 big ones are among those kept.
    expect(closed).toEqual(ids.slice(0, SESSIONS - CAP));
    const perSessionKb = (after - before) / CAP / 1024;
    const figures =
      `heap ${(before / 1e6).toFixed(1)} MB → ${(after / 1e6).toFixed(1)} MB for ${CAP} live sessions ` +
      `(${perSessionKb.toFixed(0)} KB each; rss ${(rssBefore / 1e6).toFixed(0)} → ${(rssAfter / 1e6).toFixed(0)} MB; gc ${gc ? 'forced' : 'not available'})`;
    process.stderr.write(`http-sessions-memory: ${figures}\n`);
    expect(perSessionKb, figures).toBeLessThanOrEqual(BOUND_PER_SESSION_KB);
  });
});

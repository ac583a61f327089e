/**
 * Streamable HTTP at /mcp, for shared or remote use. Each MCP session gets its own server instance (and so
 * its own `session` scope for rate limits). Safe by default: loopback only unless a bearer token is set,
 * Host and Origin checked against an allow-list so a web page cannot reach a local server through DNS
 * rebinding (MCP spec, Streamable HTTP "Security Warning").
 */
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ConfigError } from './config.js';
import { checkRequest } from './http-access.js';
import { acceptedHostNames, requireTokenFor } from './http-hosts.js';
import { header, readJson, sendError } from './http-messages.js';
import { admitSession, boundedInitialize, DEFAULT_MAX_SESSIONS, type Session } from './http-sessions.js';
import type { Logger } from './logger.js';

export interface HttpOptions {
  readonly host: string;
  readonly port: number;
  /** Required whenever `host` is not loopback. Compared in constant time. */
  readonly token?: string;
  /** Hostnames accepted in Host and Origin headers, besides the loopback names when bound to loopback. */
  readonly allowedHosts?: readonly string[];
  readonly logger: Logger;
  /** Builds the MCP server for one new session. */
  readonly createSessionServer: (sessionId: string) => Server;
  /** Largest JSON body accepted, in bytes. */
  readonly maxBodyBytes?: number;
  /** A session with no request and no open stream for this long is closed (default 30 minutes). */
  readonly sessionIdleMs?: number;
  /** The approvals page (src/approvals/web): tried first; it answers only under its own prefix, with its own credential. */
  readonly approvals?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /** Most sessions at once (CLOUDSTACK_MCP_MAX_SESSIONS); past it the oldest idle one is closed, or 503 (http-sessions.ts). */
  readonly maxSessions?: number;
}

export interface RunningHttpServer {
  readonly url: string;
  readonly sessionCount: () => number;
  /** Stop taking connections and close every session (callers first let in-flight tool calls drain). */
  close(): Promise<void>;
}

export async function startHttpServer(options: HttpOptions): Promise<RunningHttpServer> {
  requireTokenFor(options.host, options.token);
  const allowedHosts = acceptedHostNames(options.host, options.allowedHosts);
  const refusedNames = new Set<string>();
  const sessions = new Map<string, Session>();
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  const maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
  /** Initializes being handled: they count against the cap before they become sessions. */
  let pending = 0;
  let lastFullWarning = -Infinity;
  // Clients that vanish without DELETE would otherwise keep their session, server and policy listener forever.
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const [id, session] of sessions) {
      if (session.open > 0 || now - session.lastSeen < idleMs) continue;
      options.logger.info('http session expired', { sessionId: id, idleMs });
      void session.server.close();
    }
  }, Math.max(50, Math.min(idleMs / 2, 60_000)));
  sweeper.unref();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Before the MCP checks: the page has its own Host check and credential, and the MCP bearer token is not it.
    if (options.approvals && (await options.approvals(req, res))) return;
    const refusal = checkRequest(req, allowedHosts, options.token);
    if (refusal) {
      // Once per distinct refusal (bounded): the operator learns which name to allow, a flood cannot fill the log.
      if (refusal.status === 403 && refusedNames.size < 100 && !refusedNames.has(refusal.message)) {
        refusedNames.add(refusal.message);
        options.logger.warn('http request refused', { status: refusal.status, reason: refusal.message });
      }
      return sendError(res, refusal.status, refusal.message, refusal.headers);
    }
    const body = req.method === 'POST' ? await readJson(req, options.maxBodyBytes ?? 4 * 1024 * 1024) : undefined;
    if (body instanceof Error) return sendError(res, 400, body.message);
    const sessionId = header(req, 'mcp-session-id');
    const existing = sessionId ? sessions.get(sessionId) : undefined;
    if (existing) {
      existing.open += 1;
      existing.lastSeen = Date.now();
      res.once('close', () => {
        existing.open -= 1;
        existing.lastSeen = Date.now();
      });
      return existing.transport.handleRequest(req, res, body);
    }
    if (sessionId) return sendError(res, 404, 'Session not found: start a new session with initialize');
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return sendError(res, 400, 'Bad Request: no valid session; the first request must be initialize');
    }
    const admission = admitSession(sessions, pending, maxSessions);
    if (!admission.admitted) {
      // At most once a minute: a flood of initializes must not become a flood of log lines.
      if (Date.now() - lastFullWarning >= 60_000) {
        lastFullWarning = Date.now();
        options.logger.warn('http session refused: every session is busy', { maxSessions });
      }
      return sendError(res, 503, `Too many sessions: all ${maxSessions} are in use (CLOUDSTACK_MCP_MAX_SESSIONS); retry later`, { 'retry-after': '30' });
    }
    if (admission.evicted) options.logger.info('http session closed to make room', { sessionId: admission.evicted, maxSessions });
    pending += 1;
    try {
      await openSession(req, res, boundedInitialize(body));
    } finally {
      pending -= 1;
    }
  };

  const openSession = async (req: IncomingMessage, res: ServerResponse, initialize: unknown): Promise<void> => {
    // The id exists before initialize is handled, so the session's server can scope its limits by it.
    const newSessionId = randomUUID();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => newSessionId,
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, open: 0, lastSeen: Date.now() });
        options.logger.info('http session opened', { sessionId: id, sessions: sessions.size });
      },
    });
    const server = options.createSessionServer(newSessionId);
    transport.onclose = () => {
      if (transport.sessionId && sessions.delete(transport.sessionId)) {
        options.logger.info('http session closed', { sessionId: transport.sessionId, sessions: sessions.size });
      }
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, initialize);
    // An initialize the transport refused never became a session: release its server (and policy listener).
    if (!transport.sessionId || !sessions.has(transport.sessionId)) await server.close();
  };

  const http: HttpServer = createHttpServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.error('http request failed', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) sendError(res, 500, 'Internal server error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error) => reject(listenError(error, options.host, options.port)));
    http.listen(options.port, options.host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${shownHost}:${address.port}/mcp`,
    sessionCount: () => sessions.size,
    async close() {
      clearInterval(sweeper);
      http.close();
      await Promise.allSettled([...sessions.values()].map(({ server }) => server.close()));
      http.closeAllConnections();
    },
  };
}

/** Listen failures are configuration problems: name the flag to change. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') return new ConfigError('--port', `${port} is already in use on ${host}: stop the other process or choose another port`);
  if (error.code === 'EACCES') return new ConfigError('--port', `${port} needs privileges on ${host}: choose a port above 1023`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return new ConfigError('--host', `${host} is not an address of this machine (${error.code})`);
  }
  return error;
}

/**
 * `cloudstack-mcp` as a server: build the runtime from configuration, serve stdio or HTTP, shut down cleanly.
 */
import type { ServeFlags } from './cli.js';
import { ConfigError, isReadableFile, parseEnv, readEnvironment } from './config.js';
import { startHttpServer } from './http.js';
import { isWildcard, requireTokenFor } from './http-hosts.js';
import { createCallTracker } from './lifecycle.js';
import { createLogger, isLogLevel, LOG_LEVEL_RULE } from './logger.js';
import { buildRuntime } from './runtime.js';
import { createServer } from './server.js';
import { createStdioTransport } from './stdio.js';
import { createResourceCache } from './tools/resolve.js';

const SHUTDOWN_GRACE_MS = 10_000;

export async function serve(flags: ServeFlags): Promise<number> {
  const notices: string[] = [];
  const env = parseEnv(readEnvironment(), (notice) => notices.push(notice));
  const level = flags['log-level'] ?? env.CLOUDSTACK_MCP_LOG_LEVEL;
  if (!isLogLevel(level)) throw new ConfigError('--log-level', LOG_LEVEL_RULE);
  const logger = createLogger({ level });
  for (const notice of notices) logger.warn(`configuration: ${notice}`);
  if (flags.policy !== undefined && !isReadableFile(flags.policy)) throw new ConfigError('--policy', 'must name a readable file');
  // Every flag is checked before the runtime starts, so a mistake is the only line on stderr.
  const http = flags.http ? httpSettings(flags, env.CLOUDSTACK_MCP_TOKEN) : undefined;
  if (!flags.http && (flags.host !== undefined || flags.port !== undefined)) throw new ConfigError(flags.host !== undefined ? '--host' : '--port', 'only applies with --http');
  const runtime = await buildRuntime({
    env,
    logger,
    simulator: flags.simulator === true,
    policy: flags.policy ? { file: flags.policy, source: '--policy' } : env.CLOUDSTACK_MCP_POLICY ? { file: env.CLOUDSTACK_MCP_POLICY, source: 'CLOUDSTACK_MCP_POLICY' } : undefined,
  });
  const calls = createCallTracker();
  // One per process: a write in one HTTP session drops the cached resource state every session's policy sees.
  const resourceCache = createResourceCache();
  const readOnly = flags['read-only'] === true || env.CLOUDSTACK_MCP_READ_ONLY;
  if (readOnly) logger.warn('read-only mode: only read-only tools are listed or callable');
  const sessionServer = (sessionId: string) =>
    createServer({
      api: runtime.api,
      policy: runtime.policy,
      logger,
      readOnly,
      sessionId,
      notice: runtime.notice,
      approvalTimeoutMs: env.CLOUDSTACK_MCP_APPROVAL_TIMEOUT,
      calls,
      resourceCache,
    });

  let stop: () => Promise<void>;
  if (http) {
    const server = await startHttpServer({
      ...http,
      token: env.CLOUDSTACK_MCP_TOKEN,
      allowedHosts: env.CLOUDSTACK_MCP_ALLOWED_HOSTS?.split(',').map((name) => name.trim()).filter(Boolean),
      logger,
      maxSessions: env.CLOUDSTACK_MCP_MAX_SESSIONS,
      createSessionServer: sessionServer,
    }).catch(async (error: unknown) => {
      await runtime.close();
      throw error;
    });
    logger.info('serving MCP over Streamable HTTP', { url: server.url, auth: env.CLOUDSTACK_MCP_TOKEN ? 'bearer' : 'none (loopback only)' });
    const reach = isWildcard(http.host) ? ` (every interface: clients use this machine's name or address, ${server.url.replace(/\/\/[^/]+:/, '//127.0.0.1:')} locally)` : '';
    process.stderr.write(`cloudstack-mcp: listening on ${server.url}${reach}\n`);
    stop = () => server.close();
  } else {
    const server = sessionServer('stdio');
    const transport = createStdioTransport(logger);
    await server.connect(transport);
    logger.info('serving MCP over stdio');
    stop = () => server.close();
    // The transport closing on its own (not by our shutdown) is a failure: say so, and exit 1, never 0.
    const previousOnClose = server.onclose;
    server.onclose = () => {
      previousOnClose?.();
      if (!stopping) {
        logger.error('stdio transport closed unexpectedly');
        void shutdown('stdio transport closed', 1);
      }
    };
    // The client closing our stdin ends the session: exit rather than linger as an orphan.
    process.stdin.once('end', () => void shutdown('stdin closed'));
    // A client that exits while we answer leaves a broken pipe: stop as if it had closed stdin, rather than crash.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => void shutdown(`stdout closed (${error.code ?? error.message})`));
  }

  let finished: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finished = resolve));
  let stopping = false;
  async function shutdown(reason: string, exitCode = 0): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { reason, callsInFlight: calls.active });
    const timer = setTimeout(() => finished(1), SHUTDOWN_GRACE_MS + 5_000);
    timer.unref();
    calls.stopAccepting();
    if (!(await calls.drained(SHUTDOWN_GRACE_MS))) {
      logger.warn('grace period over: closing with calls still in flight (their CloudStack jobs keep running)', { calls: calls.active });
    }
    // A call counts as done when its handler returns; the protocol writes its response a moment later.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stop().catch((error: unknown) => logger.warn('transport close failed', { error: String(error) }));
    await runtime.close();
    finished(exitCode);
  }
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  const code = await done;
  // Sockets or watchers a library left open must not keep a stopped server alive.
  setTimeout(() => process.exit(code), 50).unref();
  return code;
}

function httpSettings(flags: ServeFlags, token: string | undefined): { host: string; port: number } {
  const host = flags.host ?? '127.0.0.1';
  const port = flags.port === undefined ? 3000 : Number(flags.port);
  if (!/^\d+$/.test(flags.port ?? '0') || port > 65535) throw new ConfigError('--port', 'must be a port number 0-65535');
  requireTokenFor(host, token);
  return { host, port };
}

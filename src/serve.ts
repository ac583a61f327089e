/**
 * `cloudstack-mcp` as a server: build the runtime from configuration, serve stdio or HTTP, shut down cleanly.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { ServeFlags } from './cli.js';
import { ConfigError, isReadableFile, parseEnv, readEnvironment } from './config.js';
import { startHttpServer } from './http.js';
import { createCallTracker } from './lifecycle.js';
import { createLogger, type LogLevel } from './logger.js';
import { buildRuntime } from './runtime.js';
import { createServer } from './server.js';

const SHUTDOWN_GRACE_MS = 10_000;

export async function serve(flags: ServeFlags): Promise<number> {
  const env = parseEnv(readEnvironment());
  const level = (flags['log-level'] ?? env.CLOUDSTACK_MCP_LOG_LEVEL) as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new ConfigError('--log-level', 'must be debug, info, warn or error');
  const logger = createLogger({ level });
  if (flags.policy !== undefined && !isReadableFile(flags.policy)) throw new ConfigError('--policy', 'must name a readable file');
  const runtime = await buildRuntime({
    env,
    logger,
    simulator: flags.simulator === true,
    policy: flags.policy ? { file: flags.policy, source: '--policy' } : env.CLOUDSTACK_MCP_POLICY ? { file: env.CLOUDSTACK_MCP_POLICY, source: 'CLOUDSTACK_MCP_POLICY' } : undefined,
  });
  const calls = createCallTracker();
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
    });

  let stop: () => Promise<void>;
  if (flags.http) {
    const port = flags.port === undefined ? 3000 : Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('--port', 'must be a port number 0-65535');
    const http = await startHttpServer({
      host: flags.host ?? '127.0.0.1',
      port,
      token: env.CLOUDSTACK_MCP_TOKEN,
      allowedHosts: env.CLOUDSTACK_MCP_ALLOWED_HOSTS?.split(',').map((name) => name.trim()).filter(Boolean),
      logger,
      createSessionServer: sessionServer,
    }).catch((error: unknown) => {
      throw new ConfigError('--host', error instanceof Error ? error.message : String(error));
    });
    logger.info('serving MCP over Streamable HTTP', { url: http.url, auth: env.CLOUDSTACK_MCP_TOKEN ? 'bearer' : 'none (loopback only)' });
    process.stderr.write(`cloudstack-mcp: listening on ${http.url}\n`);
    stop = () => http.close();
  } else {
    const server = sessionServer('stdio');
    const transport = new StdioServerTransport();
    await server.connect(transport);
    logger.info('serving MCP over stdio');
    stop = () => server.close();
    // The client closing our stdin ends the session: exit rather than linger as an orphan.
    process.stdin.once('end', () => void shutdown('stdin closed'));
  }

  let finished: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finished = resolve));
  let stopping = false;
  async function shutdown(reason: string): Promise<void> {
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
    finished(0);
  }
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  const code = await done;
  // Sockets or watchers a library left open must not keep a stopped server alive.
  setTimeout(() => process.exit(code), 50).unref();
  return code;
}

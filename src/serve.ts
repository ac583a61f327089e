/**
 * `cloudstack-mcp` as a server: build the runtime from configuration, serve stdio or HTTP, shut down cleanly.
 */
import { randomUUID } from 'node:crypto';
import { approverTokenProblem, NO_OPERATOR_NOTICE } from './approvals/settings.js';
import { startOperatorApprovals } from './approvals/start.js';
import { ConfigError, parseEnv, readEnvironment } from './config.js';
import { acceptedHostNames, isWildcard } from './http-hosts.js';
import { createCallTracker } from './lifecycle.js';
import { createLogger } from './logger.js';
import { buildRuntime } from './runtime.js';
import { createServer } from './server.js';
import { resolveServeSettings, type ServeFlags } from './settings/resolve.js';
import { createStdioTransport } from './stdio.js';
import { createMemoryTaskStore } from './tasks/memory-store.js';
import { createTaskWaits } from './tasks/task-waits.js';
import { createResourceCache } from './tools/resolve.js';

const SHUTDOWN_GRACE_MS = 10_000;

/** `started` is called once the server accepts requests (stdio connected, or HTTP listening). */
export async function serve(flags: ServeFlags, started: () => void = () => {}): Promise<number> {
  const notices: string[] = [];
  // Every flag and variable is checked before the runtime starts, so a mistake is the only line on stderr.
  const settings = resolveServeSettings(flags, parseEnv(readEnvironment(), (notice) => notices.push(notice)));
  const { env, http } = settings;
  const logger = createLogger({ level: settings.logLevel });
  for (const notice of notices) logger.warn(`configuration: ${notice}`);
  const sameToken = approverTokenProblem(env, env.CLOUDSTACK_MCP_TOKEN);
  if (sameToken) throw new ConfigError(...sameToken);
  const runtime = await buildRuntime({ env, logger, simulator: settings.simulator, policy: settings.policy });
  const approvals = await startOperatorApprovals({
    settings: env,
    mcpToken: env.CLOUDSTACK_MCP_TOKEN,
    mode: http ? 'http' : 'stdio',
    ...(http ? { allowedHosts: acceptedHostNames(http.host, env.CLOUDSTACK_MCP_ALLOWED_HOSTS) } : {}),
    // Every step (requested, shown, approved or denied by whom, used, expired, cancelled) in the audit trail.
    audit: (entry) => runtime.policy.recordApproval?.(entry),
    logger,
    // Shared by every process on the same Redis, so an approval given on any replica's page is seen here.
    ...(runtime.approvalStore ? { store: runtime.approvalStore } : {}),
  }).catch(async (error: unknown) => {
    await runtime.close();
    throw error;
  });
  if (!approvals && runtime.policy.needsOperatorApprover?.()) logger.warn(NO_OPERATOR_NOTICE);
  // A reload that denies a tool voids its pending and approved-unused approvals.
  if (approvals) runtime.policy.onChange(() => void approvals.cancelDenied((tool) => runtime.policy.isDenied?.(tool) ?? false).catch((error: unknown) => logger.warn('approvals not cancelled after the policy reload', { error: String(error) })));
  const calls = createCallTracker();
  // One per process: a write in one HTTP session drops the cached resource state every session's policy sees.
  const resourceCache = createResourceCache();
  // One task store per process (or the one processes share, Redis), so a task is found by id from any session;
  // one set of task job waits, which shutdown stops (each task then fails naming its job).
  const taskStore = runtime.taskStore ?? createMemoryTaskStore({ maxTtlMs: env.CLOUDSTACK_MCP_TASK_TTL });
  const taskWaits = createTaskWaits();
  const readOnly = settings.readOnly;
  if (readOnly) logger.warn('read-only mode: only read-only tools are listed or callable');
  logger.info('tools served (--toolsets, --tools)', { count: settings.tools.size });
  const sessionServer = (sessionId: string) =>
    createServer({
      api: runtime.api,
      policy: runtime.policy,
      logger,
      readOnly,
      tools: settings.tools,
      maxWaitMs: env.CLOUDSTACK_MCP_MAX_WAIT,
      sessionId,
      notice: runtime.notice,
      approvalTimeoutMs: env.CLOUDSTACK_MCP_APPROVAL_TIMEOUT,
      calls,
      resourceCache,
      ...(approvals ? { approvals } : {}),
      taskStore,
      taskWaits,
      asyncTimeoutMs: env.CLOUDSTACK_ASYNC_TIMEOUT,
    });

  let stop: () => Promise<void>;
  if (http) {
    // The HTTP stack is loaded only when it serves: a stdio start does not pay for it.
    const { startHttpServer } = await import('./http.js');
    const server = await startHttpServer({
      ...http,
      token: env.CLOUDSTACK_MCP_TOKEN,
      allowedHosts: env.CLOUDSTACK_MCP_ALLOWED_HOSTS,
      logger,
      maxSessions: env.CLOUDSTACK_MCP_MAX_SESSIONS,
      createSessionServer: sessionServer,
      ...(approvals?.handler ? { approvals: approvals.handler } : {}),
    }).catch(async (error: unknown) => {
      await approvals?.close();
      await runtime.close();
      throw error;
    });
    if (approvals) {
      approvals.listening(server.url);
      process.stderr.write(`cloudstack-mcp: operator approvals at ${approvals.pageUrl}\n`);
    }
    logger.info('serving MCP over Streamable HTTP', { url: server.url, auth: env.CLOUDSTACK_MCP_TOKEN ? 'bearer' : 'none (loopback only)' });
    const reach = isWildcard(http.host) ? ` (every interface: clients use this machine's name or address, ${server.url.replace(/\/\/[^/]+:/, '//127.0.0.1:')} locally)` : '';
    process.stderr.write(`cloudstack-mcp: listening on ${server.url}${reach}\n`);
    stop = () => server.close();
    started();
  } else {
    // Unique per process, like an HTTP session id: with Redis, stdio processes share the task, approval and
    // `session`-limit keys, and one fixed id would merge every stdio client into one session.
    const server = sessionServer(`stdio-${randomUUID()}`);
    const transport = createStdioTransport(logger);
    await server.connect(transport);
    logger.info('serving MCP over stdio');
    stop = () => server.close();
    started();
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
    // Tasks still waiting for their jobs stop waiting: each records its task as failed, naming the job (which may
    // still run in CloudStack) and how to check it, and its audit record, before the audit log is closed.
    if (taskWaits.active > 0) logger.warn('stopping the waits of running tasks (their CloudStack jobs keep running)', { tasks: taskWaits.active });
    await taskWaits.abortAll('the MCP server shut down', SHUTDOWN_GRACE_MS / 2);
    // A call counts as done when its handler returns; the protocol writes its response a moment later.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stop().catch((error: unknown) => logger.warn('transport close failed', { error: String(error) }));
    await approvals?.close();
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

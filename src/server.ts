/**
 * One MCP server instance: the tools of the registry behind the policy, talking to one CloudStack.
 * No globals: every stdio connection or HTTP session gets its own instance from this factory, which is
 * what makes `session`-scoped limits and per-session hot-reload notifications work.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { CloudStackApi } from './cloudstack/api.js';
import { settingDefault } from './config.js';
import type { CallTracker } from './lifecycle.js';
import type { Logger } from './logger.js';
import type { PolicyGate } from './policy/types.js';
import type { OperatorApprovals } from './approvals/operator-approval.js';
import { registerTools } from './tools/registry.js';
import type { TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import { handleTaskCancel } from './tasks/cancel.js';
import { handleTaskResult } from './tasks/result.js';
import { createMemoryTaskStore } from './tasks/memory-store.js';
import { sessionTaskStore } from './tasks/session-store.js';
import { statusNotices } from './tasks/status-notices.js';
import { DEFAULT_TASK_POLL_INTERVAL_MS } from './tasks/task-records.js';
import { createTaskWaits, type TaskWaits } from './tasks/task-waits.js';
import type { ResourceCache } from './tools/resolve.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

export interface ServerDeps {
  readonly api: CloudStackApi;
  readonly policy: PolicyGate;
  readonly logger: Logger;
  /** Only tools whose readOnlyHint is true are listed or callable, whatever the policy says. */
  readonly readOnly: boolean;
  /** The `session` scope of rate limits: the HTTP session id, or a fixed id for one stdio connection. */
  readonly sessionId: string;
  /** Extra text for the server's instructions (e.g. the loud simulator warning). */
  readonly notice?: string;
  /** How long an approval request may wait for the human before it counts as declined. */
  readonly approvalTimeoutMs?: number;
  /** Tool calls in flight across sessions, for a clean shutdown. */
  readonly calls?: CallTracker;
  /**
   * The resolved-resource cache (policy `resource.` conditions). Pass one per process so that a write in one
   * session drops the cached state every session sees; without it each server keeps its own.
   */
  readonly resourceCache?: ResourceCache;
  /** The tools served (the chosen toolsets); absent = every tool. Others answer as unknown tools. */
  readonly tools?: ReadonlySet<string>;
  /** CLOUDSTACK_MCP_MAX_WAIT: the longest a tool call waits on CloudStack, reads and job wait together. */
  readonly maxWaitMs?: number;
  /** Operator approval (store + page URL), shared by every session of the process. */
  readonly approvals?: OperatorApprovals;
  /**
   * MCP task records: pass one per process (in memory, or shared by processes: Redis) so that every session sees
   * a task by id; without it each server keeps its own in memory.
   */
  readonly taskStore?: TaskStore;
  /** The job waits of task-run calls, one per process, for cancel and shutdown; without it each server has its own. */
  readonly taskWaits?: TaskWaits;
  /** CLOUDSTACK_MCP_TASK_TTL: the longest a task record lives (only for the store made here when none is passed). */
  readonly taskTtlMs?: number;
  /** CLOUDSTACK_ASYNC_TIMEOUT: how long a task waits for its job (a plain call waits at most maxWaitMs). */
  readonly asyncTimeoutMs?: number;
  /** The pollInterval a task's client is told (ms); default 1 s. */
  readonly taskPollIntervalMs?: number;
}

const INSTRUCTIONS = [
  'Operates an Apache CloudStack cloud. Every call passes an operator-owned policy first:',
  'a result starting with [POLICY DENIED] was refused before reaching CloudStack and says why and when to retry.',
  'Async operations (deploy, migrate, start, stop ...) wait for their CloudStack job and report progress;',
  'a call whose job is still running returns its job id: follow it with wait_for_job (or query_async_job), never by sending the call again.',
].join(' ');

export function createServer(deps: ServerDeps): Server {
  const logger = deps.logger.child({ session: deps.sessionId });
  // The SDK answers tasks/get and tasks/list from the store, ours tasks/result (blocking until the task ends) and
  // tasks/cancel; the store sees this session's id whatever the transport reports (session-store.ts), and each
  // status it writes is sent to this session's client (status-notices.ts). Handlers write through this store, never
  // the SDK's `extra.taskStore`, which would send the notice a second time.
  const taskStore = statusNotices(
    sessionTaskStore(deps.taskStore ?? createMemoryTaskStore({ maxTtlMs: deps.taskTtlMs ?? settingDefault('CLOUDSTACK_MCP_TASK_TTL') }), deps.sessionId),
    // `server` exists before any task is written: writes start with a request it received.
    { notify: (notification) => server.notification(notification), logger },
  );
  const taskWaits = deps.taskWaits ?? createTaskWaits();
  const server = new Server(
    { name: PACKAGE_NAME, version: PACKAGE_VERSION },
    {
      capabilities: { tools: { listChanged: true }, logging: {}, tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } },
      instructions: deps.notice ? `${deps.notice}\n\n${INSTRUCTIONS}` : INSTRUCTIONS,
      taskStore,
    },
  );
  handleTaskCancel(server, taskStore, taskWaits);
  handleTaskResult(server, taskStore);
  registerTools(server, {
    api: deps.api,
    policy: deps.policy,
    logger,
    readOnly: deps.readOnly,
    sessionId: deps.sessionId,
    approvalTimeoutMs: deps.approvalTimeoutMs ?? settingDefault('CLOUDSTACK_MCP_APPROVAL_TIMEOUT'),
    calls: deps.calls,
    ...(deps.resourceCache ? { resourceCache: deps.resourceCache } : {}),
    ...(deps.tools ? { served: deps.tools } : {}),
    ...(deps.maxWaitMs ? { maxWaitMs: deps.maxWaitMs } : {}),
    ...(deps.approvals ? { approvals: deps.approvals } : {}),
    tasks: {
      store: taskStore,
      waits: taskWaits,
      asyncTimeoutMs: deps.asyncTimeoutMs ?? settingDefault('CLOUDSTACK_ASYNC_TIMEOUT'),
      pollIntervalMs: deps.taskPollIntervalMs ?? DEFAULT_TASK_POLL_INTERVAL_MS,
    },
  });
  // A hot-reloaded policy can show or hide tools: tell this session's client to list them again.
  const unsubscribe = deps.policy.onChange(() => {
    server.sendToolListChanged().catch((error: unknown) => deps.logger.debug('list_changed not sent', { error: String(error) }));
  });
  const previousOnClose = server.onclose;
  server.onclose = () => {
    unsubscribe();
    previousOnClose?.();
  };
  return server;
}

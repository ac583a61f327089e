/**
 * The shared state the environment asks for: with CLOUDSTACK_MCP_REDIS_URL, one Redis connection serves the
 * rate-limit counters, the operator approvals and the MCP task records; without it, none (each process keeps its
 * own in memory). A Redis that cannot be used stops start-up as a configuration error (exit 2) naming the variable:
 * a server that silently counted alone would multiply every limit by the process count.
 */
import { createRedisApprovalStore } from '../../approvals/redis-store.js';
import type { ApprovalAuditEntry, ApprovalStore } from '../../approvals/types.js';
import { ConfigError, type Env } from '../../config.js';
import type { Logger } from '../../logger.js';
import { createRedisTaskStore } from '../../tasks/redis-store.js';
import type { TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import type { Limiter } from '../limiter.js';
import { PolicyStateError } from './errors.js';
import { DEFAULT_REDIS_PREFIX } from './index.js';
import { connectRedis, type RedisConnection } from './redis-connection.js';
import { createRedisLimiter } from './redis-limiter.js';

/**
 * A held slot (a call waiting for a client's approval, CLOUDSTACK_MCP_APPROVAL_TIMEOUT) outlives the longest wait
 * by this much before its lease frees it: only a process that died while waiting leaves a slot to the lease. An
 * operator approval holds no slot while it is pending (the gate releases it when the call is answered "pending",
 * and the approved repeat reserves anew), so CLOUDSTACK_MCP_APPROVAL_TTL does not enter the lease.
 */
const LEASE_MARGIN_MS = 60_000;

export interface SharedState {
  readonly limiter: Limiter;
  readonly approvalStore: ApprovalStore;
  readonly taskStore: TaskStore;
  /** Closes the one connection (after the gate has flushed). */
  close(): Promise<void>;
}

/** Never print the password a URL carries, even inside an error some library composed. */
function scrubbed(message: string, url: string): string {
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    return message.replaceAll(url, '(the URL)');
  }
  if (!password) return message;
  return message.replaceAll(password, '***').replaceAll(decodeURIComponent(password), '***');
}

/** `audit` receives the approval store's records (the gate's recordApproval, bound once the gate exists). */
export async function sharedStateFromEnv(env: Env, logger: Logger, audit: (entry: ApprovalAuditEntry) => void): Promise<SharedState | undefined> {
  const url = env.CLOUDSTACK_MCP_REDIS_URL;
  if (!url) return undefined;
  if (env.CLOUDSTACK_MCP_REDIS_CA_FILE && !url.startsWith('rediss://')) {
    throw new ConfigError('CLOUDSTACK_MCP_REDIS_CA_FILE', 'only applies to a rediss:// CLOUDSTACK_MCP_REDIS_URL (TLS)');
  }
  const prefix = env.CLOUDSTACK_MCP_REDIS_PREFIX ?? DEFAULT_REDIS_PREFIX;
  let connection: RedisConnection | undefined;
  try {
    connection = await connectRedis({ url, caFile: env.CLOUDSTACK_MCP_REDIS_CA_FILE, timeoutMs: env.CLOUDSTACK_MCP_REDIS_TIMEOUT, logger });
    const limiter = createRedisLimiter({ connection, prefix, leaseMs: env.CLOUDSTACK_MCP_APPROVAL_TIMEOUT + LEASE_MARGIN_MS, logger });
    // Reads (or first writes) the shared call-key secret: a second round trip at start-up, so a Redis that
    // refuses scripts or writes stops start-up here rather than at the first approval.
    const approvalStore = await createRedisApprovalStore({ connection, prefix, ttlMs: env.CLOUDSTACK_MCP_APPROVAL_TTL, audit, logger });
    const taskStore = createRedisTaskStore({ connection, prefix, maxTtlMs: env.CLOUDSTACK_MCP_TASK_TTL });
    const opened = connection;
    return { limiter, approvalStore, taskStore, close: () => opened.close() };
  } catch (error) {
    await connection?.close();
    const message = error instanceof PolicyStateError ? error.reason : error instanceof Error ? error.message : String(error);
    throw new ConfigError('CLOUDSTACK_MCP_REDIS_URL', `names a Redis that cannot be used: ${scrubbed(message, url)}`);
  }
}

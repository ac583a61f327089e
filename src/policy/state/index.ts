/**
 * State shared by processes and restarts, in Redis over one connection (from-env.ts): the rate-limit counters
 * (redis-limiter.ts), the operator approvals (approval-scripts.ts, src/approvals/redis-store.ts) and the MCP task
 * records (src/tasks/redis-store.ts). The in-memory stores stay the default (limits.ts, approvals/store.ts,
 * tasks/memory-store.ts).
 */
import type { Logger } from '../../logger.js';
import type { Limiter } from '../limiter.js';
import { connectRedis } from './redis-connection.js';
import { createRedisLimiter } from './redis-limiter.js';

export { PolicyStateError } from './errors.js';
export { connectRedis, type RedisConnection } from './redis-connection.js';
export { createRedisLimiter, redisCounterKey } from './redis-limiter.js';

export const DEFAULT_REDIS_PREFIX = 'cloudstack-mcp:';

export interface RedisLimiterConfig {
  readonly url: string;
  readonly prefix?: string;
  readonly caFile?: string;
  readonly timeoutMs: number;
  readonly leaseMs: number;
  readonly logger: Logger;
}

/** Connects (throws if Redis cannot be used: the caller stops start-up) and returns a limiter that owns the connection. */
export async function openRedisLimiter(config: RedisLimiterConfig): Promise<Limiter> {
  const connection = await connectRedis(config);
  return createRedisLimiter({ connection, prefix: config.prefix ?? DEFAULT_REDIS_PREFIX, leaseMs: config.leaseMs, logger: config.logger, ownsConnection: true });
}

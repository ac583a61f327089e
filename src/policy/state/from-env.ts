/**
 * The shared limiter the environment asks for: Redis when CLOUDSTACK_MCP_REDIS_URL is set, else none (the gate
 * keeps its in-memory counters). A Redis that cannot be used stops start-up as a configuration error (exit 2)
 * naming the variable: a server that silently counted alone would multiply every limit by the process count.
 */
import { ConfigError, type Env } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { Limiter } from '../limiter.js';
import { openRedisLimiter } from './index.js';

/**
 * A held slot (a call waiting for approval) outlives the longest approval wait by this much before its lease
 * frees it: only a process that died while waiting leaves a slot to the lease.
 */
const LEASE_MARGIN_MS = 60_000;

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

export async function sharedLimiterFromEnv(env: Env, logger: Logger): Promise<Limiter | undefined> {
  const url = env.CLOUDSTACK_MCP_REDIS_URL;
  if (!url) return undefined;
  if (env.CLOUDSTACK_MCP_REDIS_CA_FILE && !url.startsWith('rediss://')) {
    throw new ConfigError('CLOUDSTACK_MCP_REDIS_CA_FILE', 'only applies to a rediss:// CLOUDSTACK_MCP_REDIS_URL (TLS)');
  }
  try {
    return await openRedisLimiter({
      url,
      prefix: env.CLOUDSTACK_MCP_REDIS_PREFIX,
      caFile: env.CLOUDSTACK_MCP_REDIS_CA_FILE,
      timeoutMs: env.CLOUDSTACK_MCP_REDIS_TIMEOUT,
      leaseMs: env.CLOUDSTACK_MCP_APPROVAL_TIMEOUT + LEASE_MARGIN_MS,
      logger,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError('CLOUDSTACK_MCP_REDIS_URL', `names a Redis that cannot be used: ${scrubbed(message, url)}`);
  }
}

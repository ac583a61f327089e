/**
 * One connection to the Redis that holds the policy's shared state, through the official client (node-redis).
 *
 * Fail closed, never hang: at start-up an unreachable Redis is an error (the server must not start counting
 * alone); later, while the client reconnects in the background, a command is refused at once (no offline queue,
 * so nothing waits for a Redis that may never return) and a command Redis does not answer in time is refused
 * after `timeoutMs`. Every such failure is a PolicyStateError; when Redis returns, commands work again by
 * themselves.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { ClientClosedError, ClientOfflineError, createClient, ErrorReply, SocketClosedUnexpectedlyError } from 'redis';
import type { Logger } from '../../logger.js';
import { PolicyStateError } from './errors.js';

export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS, certificate verified). */
  readonly url: string;
  /** A PEM CA added to the public CAs, for a Redis whose certificate a private CA signed. */
  readonly caFile?: string;
  /** Longest wait for one answer from Redis, ms. */
  readonly timeoutMs: number;
  readonly logger: Logger;
}

export interface LuaScript {
  readonly source: string;
  /** SHA1 of the source: scripts run by EVALSHA, so a decision sends its keys and arguments, not the script. */
  readonly sha1: string;
}

export function luaScript(source: string): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

export interface RedisConnection {
  /**
   * Runs a script atomically: one round trip (two after a Redis restart emptied its script cache). Any failure
   * (offline, timeout, error reply) is a PolicyStateError. After a timeout, Redis's late answer goes to `onLate`.
   */
  run(script: LuaScript, keys: readonly string[], args: readonly (string | number)[], onLate?: (reply: unknown) => void): Promise<unknown>;
  close(): Promise<void>;
}

/** Reconnection after an outage: quick at first, then at most every 2 s (never gives up). */
const reconnectDelay = (retries: number): number => Math.min(50 * 2 ** retries, 2_000);

function tlsOptions(url: URL, caFile: string | undefined): Record<string, unknown> {
  if (url.protocol !== 'rediss:') return {};
  const servername = isIP(url.hostname.replace(/^\[|\]$/g, '')) ? undefined : url.hostname;
  return {
    tls: true,
    rejectUnauthorized: true,
    ...(servername ? { servername } : {}),
    ...(caFile ? { ca: [...rootCertificates, readFileSync(caFile, 'utf8')] } : {}),
  };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Every failure as the one error the gate knows; NOSCRIPT stays as it is (the script is sent in full instead). */
function asStateError(error: unknown): Error {
  if (error instanceof PolicyStateError) return error;
  if (error instanceof ErrorReply && error.message.startsWith('NOSCRIPT')) return error;
  if (error instanceof ClientOfflineError || error instanceof ClientClosedError || error instanceof SocketClosedUnexpectedlyError) {
    return new PolicyStateError('Redis is unreachable (reconnecting)', { cause: error });
  }
  if (error instanceof ErrorReply) return new PolicyStateError(`Redis refused the request (${messageOf(error)})`, { cause: error });
  return new PolicyStateError(`Redis failed (${messageOf(error)})`, { cause: error });
}

/**
 * Connects, or throws the reason Redis cannot be used (refused, name not found, TLS, authentication) — the
 * caller names the variable. The URL is never part of a message: it may carry a password.
 */
export async function connectRedis(options: RedisConnectionOptions): Promise<RedisConnection> {
  const url = new URL(options.url);
  const { logger, timeoutMs } = options;
  let started = false;
  let healthy = true;
  const client = createClient({
    url: options.url,
    // A command while disconnected fails at once instead of waiting in a queue for Redis to come back.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: Math.max(timeoutMs, 5_000),
      // Before the first connection, the first failure is final: the server does not start. After it, retry forever.
      reconnectStrategy: (retries, cause) => (started ? reconnectDelay(retries) : cause),
      ...tlsOptions(url, options.caFile),
    },
  });
  // Without a listener node-redis would throw its connection errors (and crash the process): log one per outage.
  client.on('error', (error: unknown) => {
    if (!started || !healthy) return;
    healthy = false;
    logger.error('Redis connection lost: calls that need the shared policy state are refused until it returns', { error: messageOf(error) });
  });
  client.on('ready', () => {
    if (started && !healthy) logger.info('Redis connection restored');
    healthy = true;
  });

  await client.connect();
  started = true;
  logger.info('policy state in Redis', { host: url.hostname, port: url.port || '6379', tls: url.protocol === 'rediss:' });

  /**
   * node-redis's own command timeout stops at the socket write; a Redis that took the command but does not answer
   * (stalled, overloaded) is bounded here. The late answer still arrives and is handed to `onLate`, so a
   * decision Redis made after we gave up on it can be undone.
   */
  const send = (args: readonly string[], onLate?: (reply: unknown) => void): Promise<unknown> => {
    let answered = false;
    const sent = client.sendCommand([...args]).finally(() => (answered = true));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Timers run before the event loop reads sockets: on a busy process the answer may be waiting unread.
        // setImmediate runs after that read, so only an answer that truly has not come counts as a timeout.
        setImmediate(() => {
          if (answered) return;
          sent.then(onLate, () => {});
          reject(new PolicyStateError(`Redis did not answer within ${timeoutMs} ms`));
        });
      }, timeoutMs);
    });
    return Promise.race([sent, timedOut]).then(
      (reply) => {
        clearTimeout(timer);
        return reply;
      },
      (error: unknown) => {
        clearTimeout(timer);
        throw asStateError(error);
      },
    );
  };

  return {
    async run(script, keys, args, onLate) {
      const rest = [String(keys.length), ...keys, ...args.map(String)];
      try {
        return await send(['EVALSHA', script.sha1, ...rest], onLate);
      } catch (error) {
        if (!(error instanceof ErrorReply)) throw error;
        return await send(['EVAL', script.source, ...rest], onLate);
      }
    },
    // Graceful (waits for answers in flight), but a stalled Redis must not hold up shutdown: bounded, then dropped.
    async close() {
      if (!client.isOpen) return;
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      const closed = client.close().then(
        () => 'closed' as const,
        () => 'failed' as const,
      );
      const outcome = await Promise.race([closed, gaveUp]);
      clearTimeout(timer);
      if (outcome !== 'closed' && client.isOpen) client.destroy();
    },
  };
}

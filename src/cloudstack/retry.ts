/**
 * The retry loop around one CloudStack command. What is retryable is decided by `classifyFailure`
 * (classify.ts); this file only decides when: jittered exponential backoff with a small cap, or exactly the
 * wait CloudStack's throttling asked for.
 */
import { classifyFailure } from './classify.js';
import { CloudStackError, CloudStackTransportError } from './errors.js';
import type { Logger } from '../logger.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2000 };

/** A throttled read waits as asked, but not longer than this: an agent is waiting for the answer. */
const MAX_HONOURED_RETRY_AFTER_MS = 10_000;

export interface RetryContext {
  readonly command: string;
  readonly policy: RetryPolicy;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /** 0 ≤ random() < 1; injectable so tests can pin the jitter. */
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * "Full jitter" backoff (AWS Architecture Blog, "Exponential Backoff and Jitter"): a uniform wait between 0 and
 * base·2^(n-1), capped, so clients that failed together do not come back together.
 */
export function backoffDelayMs(retryNumber: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
  return Math.round(ceiling * random());
}

/** Runs `attempt(n)` until it succeeds, a failure is not retryable, or the attempts are used up. */
export async function withRetry<T>(attempt: (attemptNumber: number) => Promise<T>, context: RetryContext): Promise<T> {
  const random = context.random ?? Math.random;
  const sleep = context.sleep ?? abortableSleep;
  const maxAttempts = Math.max(1, context.policy.maxAttempts);
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (attemptNumber >= maxAttempts) throw error;
      const verdict = classifyFailure(error, context.command);
      if (verdict.action === 'fail') throw error;
      if (verdict.action === 'retry_after' && verdict.delayMs > MAX_HONOURED_RETRY_AFTER_MS) throw error;
      const delayMs =
        verdict.action === 'retry_after' ? verdict.delayMs : backoffDelayMs(attemptNumber, context.policy, random);
      context.logger.warn('retrying CloudStack read', {
        command: context.command,
        attempt: attemptNumber,
        delayMs,
        reason: error instanceof CloudStackError ? error.code : 'unknown',
        error: error instanceof Error ? error.message : String(error),
      });
      await sleep(delayMs, context.signal).catch(() => {
        throw new CloudStackTransportError('aborted', context.command, `${context.command} was aborted.`);
      });
    }
  }
}

/** setTimeout-based (not timers/promises) so fake timers in tests drive it like the rest of the client. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

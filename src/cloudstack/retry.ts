/**
 * The retry loop around one CloudStack command. What is retryable is decided by `classifyFailure`
 * (classify.ts); this file only decides when: jittered exponential backoff with a small cap, or exactly the
 * wait CloudStack's throttling asked for.
 */
import { isReadCommand } from './catalog.js';
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
  /**
   * One budget for all the attempts and the waits between them (CLOUDSTACK_MCP_MAX_WAIT): an attempt still
   * running when it is used up is stopped, and no retry starts that could not finish inside it.
   */
  readonly budgetMs?: number;
  /** 0 ≤ random() < 1; injectable so tests can pin the jitter. */
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now?: () => number;
}

/**
 * "Full jitter" backoff (AWS Architecture Blog, "Exponential Backoff and Jitter"): a uniform wait between 0 and
 * base·2^(n-1), capped, so clients that failed together do not come back together.
 */
export function backoffDelayMs(retryNumber: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
  return Math.round(ceiling * random());
}

/**
 * Runs `attempt(n, signal)` until it succeeds, a failure is not retryable, the attempts are used up, or the
 * budget is. The signal given to an attempt fires when the caller aborts or the budget runs out.
 */
export async function withRetry<T>(attempt: (attemptNumber: number, signal?: AbortSignal) => Promise<T>, context: RetryContext): Promise<T> {
  const random = context.random ?? Math.random;
  const sleep = context.sleep ?? abortableSleep;
  const now = context.now ?? Date.now;
  const maxAttempts = Math.max(1, context.policy.maxAttempts);
  const started = now();
  const deadline = context.budgetMs === undefined ? Number.POSITIVE_INFINITY : started + context.budgetMs;
  const tally: string[] = [];
  for (let attemptNumber = 1; ; attemptNumber++) {
    const budget = Number.isFinite(deadline) ? budgetSignal(deadline - now(), context.signal) : undefined;
    const attemptStarted = now();
    try {
      return await attempt(attemptNumber, budget?.signal ?? context.signal);
    } catch (error) {
      if (budget?.expired() && !context.signal?.aborted) {
        tally.push(`stopped after ${seconds(now() - attemptStarted)} when the budget ran out`);
        throw budgetUsedUp(context, tally, now() - started);
      }
      tally.push(attemptSummary(error, now() - attemptStarted));
      if (attemptNumber >= maxAttempts) throw withTally(error, tally, now() - started);
      const verdict = classifyFailure(error, context.command);
      if (verdict.action === 'fail') throw withTally(error, tally, now() - started);
      if (verdict.action === 'retry_after' && verdict.delayMs > MAX_HONOURED_RETRY_AFTER_MS) throw error;
      const delayMs =
        verdict.action === 'retry_after' ? verdict.delayMs : backoffDelayMs(attemptNumber, context.policy, random);
      // A retry that would start after the budget could only be cut short: the failure we have is the answer.
      if (now() + delayMs >= deadline) throw withTally(error, tally, now() - started, context.budgetMs);
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
    } finally {
      budget?.dispose();
    }
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function attemptSummary(error: unknown, ms: number): string {
  const code = error instanceof CloudStackError ? error.code : 'failed';
  const system = error instanceof CloudStackTransportError && error.causeCode && error.code !== 'timeout' ? ` ${error.causeCode}` : '';
  return `${code}${system} after ${seconds(ms)}`;
}

/** The attempts and the total time, so a text never claims one timeout when there were several. */
function withTally(error: unknown, tally: readonly string[], totalMs: number, budgetMs?: number): unknown {
  if (!(error instanceof CloudStackTransportError) || error.code !== 'timeout' || tally.length < 2) return error;
  const budget = budgetMs === undefined ? '' : `; no time left for another within CLOUDSTACK_MCP_MAX_WAIT (${seconds(budgetMs)})`;
  const text = `${error.message} ${tally.length} attempts in ${seconds(totalMs)} in all (${tally.join(', ')})${budget}.`;
  return new CloudStackTransportError('timeout', error.command, text, error.causeCode, error.httpStatus);
}

function budgetUsedUp(context: RetryContext, tally: readonly string[], totalMs: number): CloudStackTransportError {
  const attempts = tally.length === 1 ? '1 attempt' : `${tally.length} attempts`;
  return new CloudStackTransportError(
    'timeout',
    context.command,
    `CloudStack did not answer ${context.command} within this call's limit of ${seconds(context.budgetMs ?? totalMs)} ` +
      `(CLOUDSTACK_MCP_MAX_WAIT): ${attempts} in ${seconds(totalMs)} (${tally.join(', ')}). ` +
      (isReadCommand(context.command)
        ? 'Try again later; if it keeps happening, the management server is overloaded or unreachable.'
        : `${context.command} changes state and may still have been carried out by CloudStack: check (e.g. list the resource ` +
          'or its async jobs) before sending it again; it is never retried automatically.'),
  );
}

/** A signal that fires when the caller's does or when `ms` has passed (then `expired()` is true). */
function budgetSignal(ms: number, caller?: AbortSignal): { signal: AbortSignal; expired(): boolean; dispose(): void } {
  const controller = new AbortController();
  let expired = false;
  const onAbort = (): void => controller.abort(caller?.reason);
  if (caller?.aborted) controller.abort(caller.reason);
  else caller?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new Error('time budget used up'));
  }, Math.max(0, ms));
  return {
    signal: controller.signal,
    expired: () => expired,
    dispose: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
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

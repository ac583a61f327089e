import { describe, expect, it } from 'vitest';
import { CloudStackApiError, CloudStackTransportError } from '../../../src/cloudstack/errors.js';
import { abortableSleep, backoffDelayMs, withRetry, type RetryContext } from '../../../src/cloudstack/retry.js';
import { silentLogger } from '../../../src/logger.js';

const reset = () => new CloudStackTransportError('network', 'listZones', 'reset', 'ECONNRESET');
const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 150 };

function context(command: string, sleeps: number[], overrides: Partial<RetryContext> = {}): RetryContext {
  return {
    command,
    policy,
    logger: silentLogger,
    random: () => 0.999,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  };
}

/** An attempt function that fails with the given errors in turn, then answers. */
function failingThen(errors: Error[], answer = 'ok') {
  const calls: number[] = [];
  const fn = async (attempt: number) => {
    calls.push(attempt);
    const error = errors[attempt - 1];
    if (error) throw error;
    return answer;
  };
  return { calls, fn };
}

describe('withRetry', () => {
  it('retries a read on transient failures with capped exponential backoff', async () => {
    const sleeps: number[] = [];
    const { calls, fn } = failingThen([reset(), reset()]);
    await expect(withRetry(fn, context('listZones', sleeps))).resolves.toBe('ok');
    expect(calls).toEqual([1, 2, 3]);
    expect(sleeps).toEqual([100, 150]); // 100·2^0, then 100·2^1 capped at 150 (random pinned near 1)
  });

  it('gives up after maxAttempts with the last error', async () => {
    const sleeps: number[] = [];
    const last = reset();
    const { calls, fn } = failingThen([reset(), reset(), last]);
    await expect(withRetry(fn, context('listZones', sleeps))).rejects.toBe(last);
    expect(calls).toHaveLength(3);
  });

  it('sends a mutating command exactly once', async () => {
    const { calls, fn } = failingThen([reset()]);
    await expect(withRetry(fn, context('deployVirtualMachine', []))).rejects.toBeInstanceOf(CloudStackTransportError);
    expect(calls).toEqual([1]);
  });

  it('waits exactly what a 429 asks for', async () => {
    const sleeps: number[] = [];
    const throttled = new CloudStackApiError('listZones', 429, 429, 9999, 'please retry after [320] ms.');
    const { fn } = failingThen([throttled]);
    await expect(withRetry(fn, context('listZones', sleeps))).resolves.toBe('ok');
    expect(sleeps).toEqual([320]);
  });

  it('does not wait longer than 10 s for a throttled read: it fails with the 429 instead', async () => {
    const throttled = new CloudStackApiError('listZones', 429, 429, 9999, 'please retry after [60000] ms.');
    const { calls, fn } = failingThen([throttled]);
    await expect(withRetry(fn, context('listZones', []))).rejects.toBe(throttled);
    expect(calls).toEqual([1]);
  });

  it('fails at once on a business error', async () => {
    const { calls, fn } = failingThen([new CloudStackApiError('listZones', 431, 431, 4350, 'bad id')]);
    await expect(withRetry(fn, context('listZones', []))).rejects.toThrow('bad id');
    expect(calls).toEqual([1]);
  });

  it('stops waiting between attempts when aborted', async () => {
    const controller = new AbortController();
    const { calls, fn } = failingThen([reset(), reset()]);
    const pending = withRetry(fn, { command: 'listZones', policy: { ...policy, baseDelayMs: 60_000, maxDelayMs: 60_000 }, logger: silentLogger, random: () => 0.5, signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    expect(calls).toEqual([1]);
  });
});

describe('backoffDelayMs', () => {
  it('draws uniformly below base·2^(n-1), capped', () => {
    const p = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelayMs(1, p, () => 0.5)).toBe(50);
    expect(backoffDelayMs(3, p, () => 0.5)).toBe(200);
    expect(backoffDelayMs(10, p, () => 0.5)).toBe(500);
    expect(backoffDelayMs(2, p, () => 0)).toBe(0);
  });
});

describe('abortableSleep', () => {
  it('rejects at once for an aborted signal', async () => {
    await expect(abortableSleep(60_000, AbortSignal.abort())).rejects.toBeDefined();
  });
});

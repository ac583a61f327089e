import { describe, expect, it } from 'vitest';
import { createCallTracker } from '../../src/lifecycle.js';

describe('call tracker', () => {
  it('counts calls in flight, each done once, and drains when the last ends', async () => {
    const tracker = createCallTracker();
    const first = tracker.begin();
    const second = tracker.begin();
    expect(tracker.active).toBe(2);
    first();
    first();
    expect(tracker.active).toBe(1);
    const drained = tracker.drained(5_000);
    second();
    await expect(drained).resolves.toBe(true);
    expect(tracker.active).toBe(0);
  });

  it('gives up waiting after the grace period', async () => {
    const tracker = createCallTracker();
    tracker.begin();
    await expect(tracker.drained(20)).resolves.toBe(false);
  });

  it('stops accepting once shutdown begins', () => {
    const tracker = createCallTracker();
    expect(tracker.accepting).toBe(true);
    tracker.stopAccepting();
    expect(tracker.accepting).toBe(false);
  });
});

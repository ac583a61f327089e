import { describe, expect, it } from 'vitest';
import type { CompiledLimit } from '../../../src/policy/compile.js';
import { counterKey, limitSlots } from '../../../src/policy/keys.js';
import { createLimiter, type MemoryLimiter, type Reservation } from '../../../src/policy/limits.js';
import type { PolicyCall } from '../../../src/policy/types.js';
import { call, compiled, fakeClock } from './fixtures.js';

function limitsOf(limits: unknown[], extra: Record<string, unknown> = {}) {
  return compiled({ version: '1', default: 'allow', all_tools: { limits }, ...extra }).allToolsLimits;
}

/** Reserves and commits at once, as the gate does for a call that needs no approval. */
function take(limiter: MemoryLimiter, limits: readonly CompiledLimit[], probe: PolicyCall): Reservation {
  const reservation = limiter.reserve(limitSlots(limits, probe));
  if (reservation.ok) reservation.commit();
  return reservation;
}

describe('sliding-window limits', () => {
  it('lets no more than max calls pass in any interval of the window', () => {
    const clock = fakeClock(0);
    const limiter = createLimiter({ now: clock.now, maxKeys: 100 });
    const limits = limitsOf([{ counter: 'c', window: 'minute', max: 3 }]);
    const attempt = () => take(limiter, limits, call('list_zones'));
    for (const at of [0, 10_000, 20_000]) {
      clock.advance(at - clock.now());
      expect(attempt().ok).toBe(true);
    }
    clock.advance(10_000); // t = 30 s
    expect(attempt()).toMatchObject({ ok: false, retryAfterSeconds: 30 });
    clock.advance(30_001); // t = 60.001 s: the call at 0 left the window
    expect(attempt().ok).toBe(true);
    clock.advance(999); // t = 61 s: the next slot frees at 70 s
    expect(attempt()).toMatchObject({ ok: false, retryAfterSeconds: 9 });
  });

  it('frees a slot exactly one window after the call, and rounds the wait up to whole seconds', () => {
    const clock = fakeClock(0);
    const limiter = createLimiter({ now: clock.now, maxKeys: 100 });
    const limits = limitsOf([{ counter: 'c', window: 'minute', max: 1 }]);
    expect(take(limiter, limits, call('list_zones')).ok).toBe(true);
    clock.advance(59_800); // 200 ms left: never "retry in 0 s"
    expect(take(limiter, limits, call('list_zones'))).toMatchObject({ ok: false, retryAfterSeconds: 1 });
    clock.advance(199); // t = 59.999 s: still inside the window
    expect(take(limiter, limits, call('list_zones')).ok).toBe(false);
    clock.advance(1); // t = 60 s: the call at 0 is exactly one window old
    expect(take(limiter, limits, call('list_zones')).ok).toBe(true);
  });

  it('a retry at the announced time succeeds', () => {
    const clock = fakeClock(0);
    const limiter = createLimiter({ now: clock.now, maxKeys: 100 });
    const limits = limitsOf([{ counter: 'c', window: 90, max: 2 }]);
    take(limiter, limits, call('list_zones'));
    clock.advance(12_345);
    take(limiter, limits, call('list_zones'));
    clock.advance(40_000);
    const refused = take(limiter, limits, call('list_zones'));
    if (refused.ok) throw new Error('expected a refusal');
    expect(refused.retryAfterSeconds).toBe(38); // the call at 0 leaves at 90 s; now is 52.345 s
    clock.advance(refused.retryAfterSeconds * 1_000);
    expect(take(limiter, limits, call('list_zones')).ok).toBe(true);
  });

  it('does not reset at a window boundary, unlike a fixed window', () => {
    const clock = fakeClock(59_000);
    const limiter = createLimiter({ now: clock.now, maxKeys: 100 });
    const limits = limitsOf([{ counter: 'c', window: 'minute', max: 2 }]);
    expect(take(limiter, limits, call('list_zones')).ok).toBe(true);
    expect(take(limiter, limits, call('list_zones')).ok).toBe(true);
    clock.advance(2_000); // a fixed per-minute window would have reset at 60 s
    expect(take(limiter, limits, call('list_zones')).ok).toBe(false);
  });

  it.each([
    ['grant', [call('list_zones', {}, 'a'), call('list_zones', {}, 'b')], false],
    ['session', [call('list_zones', {}, 'a'), call('list_zones', {}, 'b')], true],
    ['args.zoneid', [call('list_zones', { zoneid: 'z1' }), call('list_zones', { zoneid: 'z2' })], true],
    ['args.zoneid', [call('list_zones', { zoneid: 'z1' }, 'a'), call('list_zones', { zoneid: 'z1' }, 'b')], false],
  ])('scope %s: a second call from another session/value has its own count: %s', (scope, [first, second], separate) => {
    const limiter = createLimiter({ now: fakeClock().now, maxKeys: 100 });
    const limits = limitsOf([{ counter: 'c', window: 'hour', max: 1, scope }]);
    expect(take(limiter, limits, first!).ok).toBe(true);
    expect(take(limiter, limits, second!).ok).toBe(separate);
  });

  it('shares one count between entries naming the same counter', () => {
    const policy = compiled({
      version: '1',
      default: 'allow',
      tools: {
        start_virtual_machine: { limits: [{ counter: 'vm_power', window: 'minute', max: 2 }] },
        stop_virtual_machine: { limits: [{ counter: 'vm_power', window: 'minute', max: 2 }] },
      },
    });
    const limiter = createLimiter({ now: fakeClock().now, maxKeys: 100 });
    const start = policy.tools.get('start_virtual_machine')!.limits;
    const stop = policy.tools.get('stop_virtual_machine')!.limits;
    expect(take(limiter, start, call('start_virtual_machine')).ok).toBe(true);
    expect(take(limiter, stop, call('stop_virtual_machine')).ok).toBe(true);
    expect(take(limiter, start, call('start_virtual_machine')).ok).toBe(false);
  });

  it('reserves all limits or none: a full second limit leaves the first untouched', () => {
    const limiter = createLimiter({ now: fakeClock().now, maxKeys: 100 });
    const [roomy, tight] = limitsOf([
      { counter: 'roomy', window: 'minute', max: 2 },
      { counter: 'tight', window: 'minute', max: 1, scope: 'args.id' },
    ]);
    expect(take(limiter, [roomy!, tight!], call('list_zones', { id: 'a' })).ok).toBe(true);
    expect(take(limiter, [roomy!, tight!], call('list_zones', { id: 'a' }))).toMatchObject({ ok: false, limit: { counter: 'tight' } });
    // roomy still has its second slot, because the refused call reserved nothing
    expect(take(limiter, [roomy!], call('list_zones')).ok).toBe(true);
    expect(take(limiter, [roomy!], call('list_zones')).ok).toBe(false);
  });

  it('gives a released slot back', () => {
    const limiter = createLimiter({ now: fakeClock().now, maxKeys: 100 });
    const limits = limitsOf([{ counter: 'c', window: 'minute', max: 1 }]);
    const first = limiter.reserve(limitSlots(limits, call('list_zones')));
    expect(limiter.reserve(limitSlots(limits, call('list_zones'))).ok).toBe(false);
    if (first.ok) first.release();
    expect(limiter.reserve(limitSlots(limits, call('list_zones'))).ok).toBe(true);
  });

  it('keys a counter by name, window and scope, so a reload that keeps them keeps the count', () => {
    const [a] = limitsOf([{ counter: 'c', window: 'minute', max: 5 }]);
    const [sameButMax] = limitsOf([{ counter: 'c', window: 60, max: 9 }]);
    const [otherWindow] = limitsOf([{ counter: 'c', window: 'hour', max: 5 }]);
    const [otherScope] = limitsOf([{ counter: 'c', window: 'minute', max: 5, scope: 'session' }]);
    const probe = call('list_zones');
    expect(counterKey(sameButMax!, probe)).toBe(counterKey(a!, probe));
    expect(counterKey(otherWindow!, probe)).not.toBe(counterKey(a!, probe));
    expect(counterKey(otherScope!, probe)).not.toBe(counterKey(a!, probe));
  });
});

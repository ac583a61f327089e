import { describe, expect, it } from 'vitest';
import { counterKey, createLimiter } from '../../../src/policy/limits.js';
import { call, compiled, fakeClock } from './fixtures.js';

function limitsOf(limits: unknown[], extra: Record<string, unknown> = {}) {
  return compiled({ version: '1', default: 'allow', all_tools: { limits }, ...extra }).allToolsLimits;
}

describe('sliding-window limits', () => {
  it('lets no more than max calls pass in any interval of the window', () => {
    const clock = fakeClock(0);
    const limiter = createLimiter({ now: clock.now, maxKeys: 100 });
    const limits = limitsOf([{ counter: 'c', window: 'minute', max: 3 }]);
    const attempt = () => limiter.reserve(limits, call('list_zones'));
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

  it('does not reset at a window boundary, unlike a fixed window', () => {
    const clock = fakeClock(59_000);
    const limiter = createLimiter({ now: clock.now, maxKeys: 100 });
    const limits = limitsOf([{ counter: 'c', window: 'minute', max: 2 }]);
    expect(limiter.reserve(limits, call('list_zones')).ok).toBe(true);
    expect(limiter.reserve(limits, call('list_zones')).ok).toBe(true);
    clock.advance(2_000); // a fixed per-minute window would have reset at 60 s
    expect(limiter.reserve(limits, call('list_zones')).ok).toBe(false);
  });

  it.each([
    ['grant', [call('list_zones', {}, 'a'), call('list_zones', {}, 'b')], false],
    ['session', [call('list_zones', {}, 'a'), call('list_zones', {}, 'b')], true],
    ['args.zoneid', [call('list_zones', { zoneid: 'z1' }), call('list_zones', { zoneid: 'z2' })], true],
    ['args.zoneid', [call('list_zones', { zoneid: 'z1' }, 'a'), call('list_zones', { zoneid: 'z1' }, 'b')], false],
  ])('scope %s: a second call from another session/value has its own count: %s', (scope, [first, second], separate) => {
    const limiter = createLimiter({ now: fakeClock().now, maxKeys: 100 });
    const limits = limitsOf([{ counter: 'c', window: 'hour', max: 1, scope }]);
    expect(limiter.reserve(limits, first!).ok).toBe(true);
    expect(limiter.reserve(limits, second!).ok).toBe(separate);
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
    expect(limiter.reserve(start, call('start_virtual_machine')).ok).toBe(true);
    expect(limiter.reserve(stop, call('stop_virtual_machine')).ok).toBe(true);
    expect(limiter.reserve(start, call('start_virtual_machine')).ok).toBe(false);
  });

  it('reserves all limits or none: a full second limit leaves the first untouched', () => {
    const limiter = createLimiter({ now: fakeClock().now, maxKeys: 100 });
    const [roomy, tight] = limitsOf([
      { counter: 'roomy', window: 'minute', max: 2 },
      { counter: 'tight', window: 'minute', max: 1, scope: 'args.id' },
    ]);
    expect(limiter.reserve([roomy!, tight!], call('list_zones', { id: 'a' })).ok).toBe(true);
    expect(limiter.reserve([roomy!, tight!], call('list_zones', { id: 'a' }))).toMatchObject({ ok: false, limit: { counter: 'tight' } });
    // roomy still has its second slot, because the refused call reserved nothing
    expect(limiter.reserve([roomy!], call('list_zones')).ok).toBe(true);
    expect(limiter.reserve([roomy!], call('list_zones')).ok).toBe(false);
  });

  it('gives a released slot back', () => {
    const limiter = createLimiter({ now: fakeClock().now, maxKeys: 100 });
    const limits = limitsOf([{ counter: 'c', window: 'minute', max: 1 }]);
    const first = limiter.reserve(limits, call('list_zones'));
    expect(limiter.reserve(limits, call('list_zones')).ok).toBe(false);
    if (first.ok) first.release();
    expect(limiter.reserve(limits, call('list_zones')).ok).toBe(true);
  });

  it('keeps at most maxKeys counter keys under a flood of distinct values', () => {
    const limiter = createLimiter({ now: fakeClock().now, maxKeys: 50 });
    const limits = limitsOf([{ counter: 'per_vm', window: 'day', max: 1, scope: 'args.id' }]);
    for (let index = 0; index < 1_000; index++) expect(limiter.reserve(limits, call('list_zones', { id: `vm-${index}` })).ok).toBe(true);
    expect(limiter.size()).toBe(50);
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

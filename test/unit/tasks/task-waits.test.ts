import { describe, expect, it } from 'vitest';
import { createTaskWaits } from '../../../src/tasks/task-waits.js';

describe('task waits (one set per process)', () => {
  it('stops one wait by task id, with its reason; an unknown id is not ours', () => {
    const waits = createTaskWaits();
    const controller = new AbortController();
    waits.add('t1', controller, new Promise(() => {}));
    expect(waits.abort('t2', 'cancelled')).toBe(false);
    expect(waits.abort('t1', 'the task was cancelled (tasks/cancel)')).toBe(true);
    expect(controller.signal.reason).toBe('the task was cancelled (tasks/cancel)');
  });

  it('shutdown stops every wait and resolves once each has recorded its outcome; a finished wait is forgotten', async () => {
    const waits = createTaskWaits();
    const recorded: string[] = [];
    for (const id of ['a', 'b']) {
      const controller = new AbortController();
      const done = new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => setTimeout(() => resolve(void recorded.push(id)), 20)));
      waits.add(id, controller, done);
    }
    expect(waits.active).toBe(2);
    await waits.abortAll('the MCP server shut down', 5_000);
    expect(recorded.sort()).toEqual(['a', 'b']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(waits.active).toBe(0);
  });

  it('does not wait past its limit for a wait that never records', async () => {
    const waits = createTaskWaits();
    waits.add('stuck', new AbortController(), new Promise(() => {}));
    await waits.abortAll('the MCP server shut down', 50);
    // Returned without it: the stuck wait is still there, not recorded.
    expect(waits.active).toBe(1);
  });
});

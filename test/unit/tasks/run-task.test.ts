/**
 * runAsTask's bound on background job waits: a shared store (Redis) is bounded only by ttl, so the process itself
 * refuses a task-run call past MAX_TASK_WAITS before anything is sent; and its outcome write, retried when the
 * store fails once (a Redis blip must not leave the task `working` until its ttl).
 */
import { describe, expect, it } from 'vitest';
import type { TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import type { CloudStackApi, JsonObject } from '../../../src/cloudstack/api.js';
import { silentLogger } from '../../../src/logger.js';
import { createMemoryTaskStore } from '../../../src/tasks/memory-store.js';
import { MAX_TASK_WAITS, runAsTask, type TaskRunContext } from '../../../src/tasks/run-task.js';
import { sessionTaskStore } from '../../../src/tasks/session-store.js';
import type { TaskWaits } from '../../../src/tasks/task-waits.js';

function fakeCloud() {
  const sent: string[] = [];
  const api: CloudStackApi = {
    async call(command) {
      sent.push(command);
      return { jobid: '0f9d2c7e-1111-4222-8333-944445555666' };
    },
    list: async () => ({ count: 0, items: [] }),
    listAll: async () => ({ count: 0, items: [] }),
    callAsync: async () => {
      throw new Error('not used');
    },
    waitForJob: async (jobId) => ({ jobId, result: { virtualmachine: { id: 'vm-1' } } as JsonObject, polls: 1, elapsedMs: 1 }),
  };
  return { api, sent };
}

function waitsAt(active: number): TaskWaits {
  return { active, add: () => {}, abort: () => false, abortAll: async () => {} };
}

function context(active: number, api: CloudStackApi, store: TaskStore = sessionTaskStore(createMemoryTaskStore({ maxTtlMs: 60_000 }), 'session-1')): TaskRunContext {
  return { store, waits: waitsAt(active), logger: silentLogger, api, asyncTimeoutMs: 60_000 };
}

const request = { params: {}, requestId: 1, stored: { method: 'tools/call', params: { name: 'migrate_virtual_machine' } } };
const migrate = async (api: CloudStackApi) => {
  await api.callAsync('migrateVirtualMachine', { virtualmachineid: 'vm-1' });
  return { content: [{ type: 'text' as const, text: 'migrated' }] };
};

describe('runAsTask', () => {
  it(`refuses a task past ${MAX_TASK_WAITS} waits in this process, with nothing sent`, async () => {
    const { api, sent } = fakeCloud();
    await expect(runAsTask(context(MAX_TASK_WAITS, api), request, migrate)).rejects.toThrow(
      `The task could not be created, so nothing was sent to CloudStack: this server already follows ${MAX_TASK_WAITS} task jobs`,
    );
    expect(sent).toEqual([]);
  });

  it('below the bound, creates the task and sends the job once', async () => {
    const { api, sent } = fakeCloud();
    const { task } = await runAsTask(context(MAX_TASK_WAITS - 1, api), request, migrate);
    expect(task.taskId).toMatch(/\S/);
    expect(sent).toEqual(['migrateVirtualMachine']);
  });

  it('stores the outcome again when the store fails once: the task ends completed with its result', async () => {
    const { api } = fakeCloud();
    const inner = sessionTaskStore(createMemoryTaskStore({ maxTtlMs: 60_000 }), 'session-1');
    let failures = 1;
    const flaky: TaskStore = {
      createTask: (...args) => inner.createTask(...args),
      getTask: (...args) => inner.getTask(...args),
      updateTaskStatus: (...args) => inner.updateTaskStatus(...args),
      getTaskResult: (...args) => inner.getTaskResult(...args),
      listTasks: (...args) => inner.listTasks(...args),
      storeTaskResult: (...args) => (failures-- > 0 ? Promise.reject(new Error('store unavailable')) : inner.storeTaskResult(...args)),
    };
    const { task } = await runAsTask(context(0, api, flaky), request, migrate);
    await expect.poll(async () => (await inner.getTask(task.taskId))?.status, { timeout: 5_000 }).toBe('completed');
    expect(await inner.getTaskResult(task.taskId)).toMatchObject({ content: [{ text: 'migrated' }] });
  });
});

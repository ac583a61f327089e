/**
 * The moment a task's job is sent (task-api.ts): the last check of the task's signal comes right before the send,
 * so a cancel that reached the wait by then sends nothing; and once past it the request is not cut short by a
 * cancel, which would lose the id of a job CloudStack may have created: the wait stops instead, naming the job.
 */
import { describe, expect, it } from 'vitest';
import type { CallOptions, CloudStackApi, JsonObject } from '../../../src/cloudstack/api.js';
import { CloudStackTransportError, JobAbortedError } from '../../../src/cloudstack/errors.js';
import { taskApi, type TaskJobHooks } from '../../../src/tasks/task-api.js';

const JOB = '0f9d2c7e-1111-4222-8333-944445555666';

/** A CloudStack whose submit answers when `answer()` is called, and fails at once if its signal aborts (as axios does). */
function slowSubmit() {
  const sent: string[] = [];
  let answer: () => void = () => {};
  const answered = new Promise<void>((resolve) => (answer = resolve));
  let arrived: () => void = () => {};
  const onItsWay = new Promise<void>((resolve) => (arrived = resolve));
  const api: CloudStackApi = {
    async call(command: string, _params?: unknown, options?: CallOptions): Promise<JsonObject> {
      sent.push(command);
      arrived();
      const aborted = () => new CloudStackTransportError('aborted', command, `${command} was aborted before CloudStack answered.`);
      if (options?.signal?.aborted) throw aborted();
      await new Promise<void>((resolve, reject) => {
        options?.signal?.addEventListener('abort', () => reject(aborted()));
        void answered.then(resolve);
      });
      return { jobid: JOB };
    },
    list: async () => ({ count: 0, items: [] }),
    listAll: async () => ({ count: 0, items: [] }),
    callAsync: async () => {
      throw new Error('the task API must not use callAsync');
    },
    async waitForJob(jobId, options = {}) {
      if (options.signal?.aborted) throw new JobAbortedError(jobId, '', 0);
      return { jobId, result: {}, polls: 1, elapsedMs: 1 };
    },
  };
  return { api, sent, answer, onItsWay };
}

function hooksWith(controller: AbortController, beforeSubmit: () => Promise<void>): TaskJobHooks {
  return { signal: controller.signal, beforeSubmit, submitted: () => {}, progress: () => {} };
}

const limits = { asyncTimeoutMs: 60_000, until: () => Number.POSITIVE_INFINITY };

describe('sending a task’s job', () => {
  it('a cancel that reached the task’s wait while it was checked before the send: nothing is sent, and the error says so', async () => {
    const { api, sent } = slowSubmit();
    const controller = new AbortController();
    // The cancel lands during beforeSubmit's store read: tasks/cancel aborts the now registered wait.
    const hooks = hooksWith(controller, async () => void controller.abort('the task was cancelled (tasks/cancel)'));
    await expect(taskApi(api, hooks, limits).callAsync('stopVirtualMachine', { id: 'vm-1' }, { signal: controller.signal })).rejects.toMatchObject({
      code: 'not_submitted',
      message: 'stopVirtualMachine was not sent to CloudStack: the task was cancelled (tasks/cancel) before it was submitted. No job was created.',
    });
    expect(sent).toEqual([]);
  });

  it('a cancel while the request is on its way does not cut it: the job’s id is kept, the wait stops naming it', async () => {
    const { api, sent, answer, onItsWay } = slowSubmit();
    const controller = new AbortController();
    const call = taskApi(api, hooksWith(controller, async () => {}), limits).callAsync('stopVirtualMachine', { id: 'vm-1' }, { signal: controller.signal });
    await onItsWay;
    controller.abort('the task was cancelled (tasks/cancel)');
    answer();
    await expect(call).rejects.toMatchObject({
      code: 'job_wait_stopped',
      details: { jobId: JOB },
      message: expect.stringMatching(new RegExp(`^Stopped waiting for stopVirtualMachine job ${JOB} .*the task was cancelled \\(tasks/cancel\\)\\. The job was submitted`)),
    });
    expect(sent).toEqual(['stopVirtualMachine']);
  });
});

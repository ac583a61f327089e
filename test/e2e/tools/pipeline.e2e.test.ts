import { z } from 'zod';
import { afterEach, describe, expect, test } from 'vitest';
import { commandSpec } from '../../../src/cloudstack/catalog.js';
import { createLogger } from '../../../src/logger.js';
import { GENERIC_TOOLS } from '../../../src/tools/generic/index.js';
import { TOOLS } from '../../../src/tools/index.js';
import { allowAllPolicy } from '../../helpers/allow-all-policy.js';
import { startHarness, textOf, type Harness } from '../../helpers/harness.js';
import { callFails, callOk, named } from './support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the tool list', () => {
  test('is exactly the registry, every tool annotated', async () => {
    h = await startHarness();
    const { tools } = await h.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS.map((tool) => tool.name).sort());
    expect(new Set(tools.map((tool) => tool.name)).size).toBe(tools.length);
    for (const tool of tools) {
      expect(Object.keys(tool.annotations ?? {}).sort(), tool.name).toEqual(['destructiveHint', 'idempotentHint', 'openWorldHint', 'readOnlyHint', 'title']);
    }
  });

  test('read-only mode hides every tool that changes something', async () => {
    h = await startHarness({ readOnly: true });
    const { tools } = await h.client.listTools();
    // call_cloudstack_api stays, limited to reading commands (its own tests); every other writing tool goes.
    const readOnly = TOOLS.filter((tool) => tool.hints.readOnlyHint || (GENERIC_TOOLS.includes(tool) && tool.name === 'call_cloudstack_api'));
    expect(tools.map((tool) => tool.name).sort()).toEqual(readOnly.map((tool) => tool.name).sort());
  });
});

/** Tools whose schema rejects `{}`: required parameters, or "one of" rules. */
const TOOLS_WITH_REQUIRED_INPUT = TOOLS.filter((tool) => !tool.input.safeParse({}).success);

describe('rejected input never reaches CloudStack', () => {
  test.each(TOOLS_WITH_REQUIRED_INPUT.map((tool) => [tool.name, tool] as const))('%s', async (name, tool) => {
    h ??= await startHarness();
    h.simulator.clearRequests();
    const shape = tool.input.shape as Record<string, z.ZodType>;
    const firstRequired = Object.keys(shape).find((field) => !shape[field]!.safeParse(undefined).success);
    const { data, text } = await callFails(h.client, name, {});
    expect(text).toMatch(new RegExp(`^Invalid arguments for ${name}: `));
    if (firstRequired) expect(text).toContain(`${firstRequired}: is required`);
    expect(data.error.code).toBe('invalid_arguments');
    // A CloudStack id that is not a UUID is refused the same way (get_approval's ids are its own, not CloudStack's).
    if (firstRequired && /id$/.test(firstRequired) && commandSpec(tool.command)) {
      const bad = await callFails(h.client, name, { [firstRequired]: 'web-01' });
      expect(bad.text).toContain(`${firstRequired}: must be a UUID`);
    }
    expect(h.simulator.requests).toEqual([]);
  });
});

describe('async jobs', () => {
  test('progress notifications reach the client while a job runs', async () => {
    h = await startHarness({ simulator: { jobMs: 400 } });
    const messages: string[] = [];
    const web01 = named(h.simulator.world.vms, 'web-01');
    const result = await h.client.callTool({ name: 'stop_virtual_machine', arguments: { id: web01.id } }, undefined, {
      onprogress: (progress) => messages.push(progress.message ?? ''),
    });
    expect(result.isError).toBeFalsy();
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]).toMatch(/^job [0-9a-f-]{36} still running in CloudStack after \d+\.\d s \(\d+ checks?\)$/);
  });

  test('a cancelled call stops waiting; the job id is known and the job goes on in CloudStack', async () => {
    const logLines: string[] = [];
    const policy = allowAllPolicy();
    h = await startHarness({ policy, simulator: { jobMs: 1_500 }, logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }) });
    const web01 = named(h.simulator.world.vms, 'web-01');
    const controller = new AbortController();
    const messages: string[] = [];
    const call = h.client.callTool({ name: 'stop_virtual_machine', arguments: { id: web01.id } }, undefined, {
      signal: controller.signal,
      onprogress: (progress) => {
        messages.push(progress.message ?? '');
        controller.abort('user pressed stop');
      },
    });
    await expect(call).rejects.toThrow();
    const jobId = /^job ([0-9a-f-]{36})/.exec(messages[0] ?? '')?.[1];
    expect(jobId).toBeDefined();
    await expect.poll(() => policy.outcomes).toEqual([{ ok: false, jobId, error: expect.stringContaining('job_aborted') }]);
    expect(logLines.join('\n')).toContain(`query_async_job (jobid ${jobId})`);
    const followUp = await callOk(h.client, 'query_async_job', { jobid: jobId });
    expect(followUp.data.jobid).toBe(jobId);
  });

  test('a job that outlives the wait is a still-running result naming the job and the next step', async () => {
    h = await startHarness({ simulator: { jobMs: 5_000 }, asyncTimeoutMs: 150 });
    const web01 = named(h.simulator.world.vms, 'web-01');
    const result = await h.client.callTool({ name: 'stop_virtual_machine', arguments: { id: web01.id } });
    expect(result.isError).toBeFalsy();
    const data = result.structuredContent as { job: { jobid: string; state: string }; next: { tool: string; arguments: { jobid: string } } };
    expect(data.job.state).toBe('still_running');
    expect(data.next).toEqual({ tool: 'wait_for_job', arguments: { jobid: data.job.jobid } });
    expect(textOf(result)).toContain(`call wait_for_job with jobid ${data.job.jobid}`);
  });
});

describe('who is calling', () => {
  test("with the user keys, account-scoped lists show only that account's resources", async () => {
    h = await startHarness({ keys: 'user' });
    const { data } = await callOk(h.client, 'list_virtual_machines', { listall: true });
    const accounts = new Set((data.items as Array<{ account: string }>).map((item) => item.account));
    expect(data.count).toBeGreaterThan(0);
    expect(data.count).toBeLessThan(h.simulator.world.vms.length);
    expect(accounts.size).toBe(1);
  });
});

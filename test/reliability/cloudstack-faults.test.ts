/**
 * CloudStack misbehaving: each fault gives a clear isError result that names the cause, and the next call,
 * once the fault is gone, succeeds. Faults come from the simulator's injection (latency, 5xx, malformed
 * bodies, failing and never-ending jobs, clock skew) and, for connection refused, from a port nobody listens on.
 */
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createPolicyGateFromValue } from '../../src/policy/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { toolFacts } from '../../src/tools/index.js';
import { createLeakCollector, DISTINCT_KEYS } from '../helpers/leak-scan.js';
import { connectToolsClient, type ToolsClient } from '../helpers/tools-client.js';

const REQUEST_TIMEOUT_MS = 800;
const ASYNC_TIMEOUT_MS = 1_500;
const FAST_POLL = { initialDelayMs: 20, maxDelayMs: 100, factor: 1.5 };

const leaks = createLeakCollector();
const gate = () => createPolicyGateFromValue({ version: '1', default: 'allow' }, { tools: toolFacts(), logger: leaks.logger, audit: leaks.audit });

async function call(client: ToolsClient, name: string, args: Record<string, unknown> = {}): Promise<{ result: CallToolResult; text: string }> {
  const result = (await client.client.callTool({ name, arguments: args })) as CallToolResult;
  leaks.note(name, result);
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
  return { result, text };
}

async function expectSuccess(client: ToolsClient, name = 'list_zones', args: Record<string, unknown> = {}): Promise<void> {
  const { result, text } = await call(client, name, args);
  expect(result.isError, text).toBeFalsy();
}

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('faults from CloudStack', () => {
  let simulator: RunningSimulator;
  let tools: ToolsClient;
  const runningVm = () => simulator.world.vms.find((vm) => vm.state === 'Running')!.id;

  beforeAll(async () => {
    simulator = await startSimulator({ jobMs: 50, admin: DISTINCT_KEYS.admin, user: DISTINCT_KEYS.user });
    tools = await connectToolsClient({
      cloudstack: { apiUrl: simulator.url, ...simulator.keys.admin, timeoutMs: REQUEST_TIMEOUT_MS, asyncTimeoutMs: ASYNC_TIMEOUT_MS, poll: FAST_POLL },
      policy: gate(),
      logger: leaks.logger,
    });
  });
  afterAll(async () => {
    await tools?.close();
    await simulator?.close();
  });

  it('connection refused: names the refusal and the host; the next call works once CloudStack is up', async () => {
    const port = await freePort();
    const refused = await connectToolsClient({
      cloudstack: { apiUrl: `http://127.0.0.1:${port}/client/api`, ...DISTINCT_KEYS.admin, timeoutMs: REQUEST_TIMEOUT_MS, asyncTimeoutMs: ASYNC_TIMEOUT_MS },
      policy: gate(),
      logger: leaks.logger,
    });
    let late: RunningSimulator | undefined;
    try {
      const { result, text } = await call(refused, 'list_zones');
      expect(result.isError).toBe(true);
      expect(text).toMatch(/connection refused/i);
      expect(text).toContain(`127.0.0.1:${port}`);
      late = await startSimulator({ port, admin: DISTINCT_KEYS.admin, user: DISTINCT_KEYS.user });
      await expectSuccess(refused);
    } finally {
      await refused.close();
      await late?.close();
    }
  });

  it('request timeout: says CloudStack did not answer within the timeout', async () => {
    simulator.setFaults({ latencyMs: REQUEST_TIMEOUT_MS * 2 });
    const { result, text } = await call(tools, 'list_zones');
    simulator.setFaults({ latencyMs: 0 });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/did not answer listZones within 800 ms/);
    await expectSuccess(tools);
  });

  it('5xx from CloudStack: names the code and its text', async () => {
    simulator.setFaults({ failNextRequests: 1, errorStyle: 'cloudstack' });
    const { result, text } = await call(tools, 'list_zones');
    expect(result.isError).toBe(true);
    expect(text).toMatch(/CloudStack error 530/);
    expect(text).toMatch(/Internal error/i);
    await expectSuccess(tools);
  });

  it('an HTML error page (a proxy in the way): says it was HTML, with its status', async () => {
    simulator.setFaults({ failNextRequests: 1, errorStyle: 'proxy' });
    const { result, text } = await call(tools, 'list_zones');
    simulator.setFaults({ errorStyle: 'cloudstack' });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/HTTP 503/);
    expect(text).toMatch(/proxy|HTML/i);
    await expectSuccess(tools);
  });

  it('malformed bodies (truncated JSON, an HTML page with status 200): says which', async () => {
    simulator.setFaults({ malformedRate: 1 });
    const texts: string[] = [];
    // The simulator draws JSON or HTML at random (seeded); a few calls see both.
    for (let i = 0; i < 12 && !(texts.some((t) => /not valid JSON/.test(t)) && texts.some((t) => /HTML/.test(t))); i++) {
      const { result, text } = await call(tools, 'list_zones');
      expect(result.isError).toBe(true);
      expect(text).toMatch(/bad_response/);
      texts.push(text);
    }
    simulator.setFaults({ malformedRate: 0 });
    expect(texts.some((t) => /a body that is not valid JSON/.test(t))).toBe(true);
    expect(texts.some((t) => /HTTP 200 with an HTML\/XML page/.test(t))).toBe(true);
    await expectSuccess(tools);
  });

  it('a job that fails: names the job and CloudStack\'s error', async () => {
    simulator.setFaults({ failNextJobs: 1 });
    const { result, text } = await call(tools, 'start_virtual_machine', { id: runningVm() });
    expect(result.isError).toBe(true);
    const job = simulator.world.jobs.at(-1)!;
    expect(text).toContain(job.jobid);
    expect(text).toMatch(/failed with CloudStack error 530/);
    await expectSuccess(tools, 'start_virtual_machine', { id: runningVm() });
  });

  it('a job that never finishes: stops waiting, names the job id and how to follow it up (not an error: it runs on)', async () => {
    simulator.setFaults({ hangingJobRate: 1 });
    const { result, text } = await call(tools, 'start_virtual_machine', { id: runningVm() });
    simulator.setFaults({ hangingJobRate: 0 });
    const job = simulator.world.jobs.at(-1)!;
    expect(job.endsAt).toBe(Number.POSITIVE_INFINITY);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ job: { jobid: job.jobid, state: 'still_running' } });
    expect(text).toContain('is still running in CloudStack');
    expect(text).toContain(`wait_for_job with jobid ${job.jobid}`);
    await expectSuccess(tools, 'start_virtual_machine', { id: runningVm() });
  });

  it('a 401 from clock skew: says 401 and points at the keys and the clock', async () => {
    simulator.setFaults({ clockSkewMs: 60 * 60 * 1000 });
    const { result, text } = await call(tools, 'list_zones');
    simulator.setFaults({ clockSkewMs: 0 });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/CloudStack error 401/);
    expect(text).toMatch(/clock/);
    await expectSuccess(tools);
  });

  it('leaked no key or signature in any log line, audit record or result', () => {
    const counted = leaks.count();
    expect(counted.logLines).toBeGreaterThan(0);
    expect(counted.auditRecords).toBeGreaterThan(0);
    expect(counted.notes).toBeGreaterThan(10);
    expect(leaks.leaks()).toEqual([]);
  });
});

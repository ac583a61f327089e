/**
 * The client against the simulator over real HTTP on 127.0.0.1: signing, GET/POST, paging, async jobs,
 * strict mode (signature v3, POST for state changes), and failures as CloudStack would send them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CloudStackApi, JobProgress, JsonObject } from '../../src/cloudstack/api.js';
import { createCloudStackClient, type CloudStackClientConfig } from '../../src/cloudstack/client.js';
import { CloudStackApiError, CloudStackJobError } from '../../src/cloudstack/errors.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';

function clientFor(sim: RunningSimulator, overrides: Partial<CloudStackClientConfig> = {}): CloudStackApi {
  return createCloudStackClient({
    apiUrl: sim.url,
    ...sim.keys.admin,
    timeoutMs: 5000,
    asyncTimeoutMs: 10_000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    poll: { initialDelayMs: 10, maxDelayMs: 40, factor: 1.5 },
    ...overrides,
  });
}

async function vmNamed(api: CloudStackApi, name: string): Promise<JsonObject> {
  const { items } = await api.list('listVirtualMachines', { listall: true, name });
  const vm = items.find((item) => item.name === name);
  if (!vm) throw new Error(`no VM ${name} in the seeded world`);
  return vm;
}

describe('client ↔ simulator', () => {
  let sim: RunningSimulator;
  let api: CloudStackApi;

  beforeAll(async () => {
    sim = await startSimulator({ jobMs: 30 });
    api = clientFor(sim);
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.setFaults({ failNextRequests: 0, errorRate: 0 });
    sim.clearRequests();
  });

  it('lists zones by signed GET', async () => {
    const zones = await api.list('listZones');
    expect(zones.count).toBeGreaterThan(0);
    expect(zones.items[0]).toMatchObject({ id: expect.any(String), name: expect.any(String) });
    expect(sim.requests).toMatchObject([{ method: 'GET', command: 'listZones', accepted: true, status: 200 }]);
  });

  it('pages: count is the total, listAll gathers every page', async () => {
    const firstPage = await api.list('listVirtualMachines', { listall: true, page: 1, pagesize: 2 });
    expect(firstPage.items).toHaveLength(2);
    expect(firstPage.count).toBeGreaterThan(2);
    const all = await api.listAll('listVirtualMachines', { listall: true });
    expect(all.count).toBe(firstPage.count);
    expect(all.items).toHaveLength(firstPage.count);
    expect(sim.requests.at(-1)?.params).toMatchObject({ page: '1', pagesize: '500' });
  });

  it('stops a VM by signed POST and waits for its job with progress', async () => {
    const vm = await vmNamed(api, 'web-02');
    sim.clearRequests();
    const progress: JobProgress[] = [];
    const outcome = await api.callAsync('stopVirtualMachine', { id: vm.id as string }, { onProgress: (p) => progress.push(p) });
    expect(outcome.accepted.jobid).toBe(outcome.jobId);
    expect(outcome.result).toMatchObject({ virtualmachine: { id: vm.id, state: 'Stopped' } });
    expect(progress.length).toBe(outcome.polls);
    expect(progress.at(-1)).toMatchObject({ jobId: outcome.jobId, polls: outcome.polls });
    const [stop, ...polls] = sim.requests;
    expect(stop).toMatchObject({ method: 'POST', command: 'stopVirtualMachine', accepted: true });
    expect(polls).toHaveLength(outcome.polls);
    expect(polls.every((poll) => poll.method === 'GET' && poll.command === 'queryAsyncJobResult')).toBe(true);
    expect(JSON.stringify(sim.requests)).not.toContain(sim.keys.admin.secretKey);
  });

  it('surfaces a failing migrate job as CloudStackJobError 431', async () => {
    const stopped = await vmNamed(api, 'db-01');
    const { items: hosts } = await api.list('listHosts', { type: 'Routing' });
    const target = hosts.find((host) => host.id !== stopped.hostid);
    const error = await api
      .callAsync('migrateVirtualMachine', { virtualmachineid: stopped.id as string, hostid: target?.id as string })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CloudStackJobError);
    expect(error).toMatchObject({ code: 'job_failed', command: 'migrateVirtualMachine', errorCode: 431 });
    expect((error as Error).message).toMatch(/VM is not Running/);
  });

  it('retries a read through a proxy error, but sends a failed POST once', async () => {
    sim.setFaults({ failNextRequests: 1, errorStyle: 'proxy' });
    await expect(api.list('listZones')).resolves.toMatchObject({ count: expect.any(Number) });
    expect(sim.requests.map((request) => request.command)).toEqual(['listZones', 'listZones']);

    const vm = await vmNamed(api, 'web-01');
    sim.clearRequests();
    sim.setFaults({ failNextRequests: 1, errorStyle: 'cloudstack' });
    await expect(api.callAsync('stopVirtualMachine', { id: vm.id as string })).rejects.toMatchObject({ errorCode: 530 });
    expect(sim.requests.filter((request) => request.command === 'stopVirtualMachine')).toHaveLength(1);
  });

  it('a wrong secret is a 401 API error with a clear message, not retried', async () => {
    const wrong = clientFor(sim, { secretKey: 'not-the-secret-key' });
    const error = await wrong.call('listZones').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error).toMatchObject({ httpStatus: 401, errorCode: 401 });
    expect((error as Error).message).toMatch(/unable to verify user credentials.*CLOUDSTACK_SECRET_KEY/);
    expect((error as Error).message).not.toContain('not-the-secret-key');
    expect(sim.requests).toHaveLength(1);
  });
});

describe('client ↔ strict simulator (enforce.post.requests.and.timestamps)', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ jobMs: 10, strict: true });
  });
  afterAll(() => sim.close());

  it('is accepted: signature v3 with expires, reads by GET, state changes by POST', async () => {
    const api = clientFor(sim);
    const vm = await vmNamed(api, 'app-01');
    await expect(api.callAsync('stopVirtualMachine', { id: vm.id as string })).resolves.toMatchObject({ result: { virtualmachine: { state: 'Stopped' } } });
    expect(sim.requests.every((request) => request.accepted && request.params.signatureVersion === '3' && request.params.expires)).toBe(true);
    expect(sim.requests.find((request) => request.command === 'stopVirtualMachine')?.method).toBe('POST');
  });

  it('stays accepted with a longer configured expiry: the client caps expires inside the 15 minutes', async () => {
    const api = clientFor(sim, { expiresInMs: 60 * 60_000 });
    await expect(api.list('listZones')).resolves.toMatchObject({ count: expect.any(Number) });
  });

  it('stays accepted at the longest expiry when this machine’s clock runs 30 s ahead of the server’s', async () => {
    const api = clientFor(sim, { expiresInMs: 15 * 60_000, now: () => new Date(Date.now() + 30_000) });
    await expect(api.list('listZones')).resolves.toMatchObject({ count: expect.any(Number) });
  });
});

describe('client ↔ simulator failures, each with its own message', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobMs: 10 });
  });
  afterAll(() => sim.close());

  it('a body that is not CloudStack JSON (truncated JSON or an HTML page with 200)', async () => {
    sim.setFaults({ malformedRate: 1 });
    try {
      const error = await clientFor(sim).call('listZones').catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'bad_response', httpStatus: 200 });
      expect((error as Error).message).toMatch(/listZones: CloudStack's URL answered HTTP 200 with (an HTML\/XML page|a body that is not valid JSON)/);
    } finally {
      sim.setFaults({ malformedRate: 0 });
    }
  });

  it('an answer slower than the request timeout', async () => {
    sim.setFaults({ latencyMs: 400 });
    try {
      const error = await clientFor(sim, { timeoutMs: 100, retry: { maxAttempts: 1 } }).call('listZones').catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'timeout' });
      expect((error as Error).message).toMatch(/did not answer listZones within 100 ms \(CLOUDSTACK_TIMEOUT\)/);
    } finally {
      sim.setFaults({ latencyMs: 0 });
    }
  });

  it('a simulator that is gone: connection refused', async () => {
    const gone = await startSimulator();
    await gone.close();
    const error = await clientFor(gone, { retry: { maxAttempts: 1 } }).call('listZones').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'network', causeCode: 'ECONNREFUSED' });
    expect((error as Error).message).toMatch(/Could not connect to CloudStack at 127\.0\.0\.1:\d+ for listZones: connection refused/);
  });
});

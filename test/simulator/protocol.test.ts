import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { call } from './helpers.js';

describe('protocol: paging, errors, scoping, request log, faults', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobMs: 1 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('pages with count = total matches, and enforces page/pagesize rules', async () => {
    const all = await call(sim, 'listVirtualMachines', { listall: 'true' });
    const page2 = await call(sim, 'listVirtualMachines', { listall: 'true', page: '2', pagesize: '5' });
    expect(page2.inner.count).toBe(all.inner.count);
    expect(page2.inner.virtualmachine.map((v: any) => v.id)).toEqual(all.inner.virtualmachine.slice(5, 10).map((v: any) => v.id));
    expect((await call(sim, 'listVirtualMachines', { listall: 'true', pagesize: '-1' })).inner.virtualmachine).toHaveLength(all.inner.count);
    // BaseListCmd's own checks and texts; the first two are raised as a bare ServerApiException (9999).
    const refusals: [Record<string, string>, number, string][] = [
      [{ page: '1' }, 9999, '"pagesize" parameter is required when "page" is specified'],
      [{ pagesize: '5' }, 9999, '"page" parameter is required when "pagesize" is specified'],
      [{ page: '1', pagesize: '501' }, 4350, "Page size can't exceed max allowed page size value: 500"],
      [{ page: '1', pagesize: '-1' }, 4350, "Can't specify page parameter when pagesize is -1 (Unlimited)"],
    ];
    for (const [params, cserrorcode, errortext] of refusals) {
      const answer = await call(sim, 'listVirtualMachines', params);
      expect(answer.status).toBe(431);
      expect(answer.inner).toEqual({ uuidList: [], errorcode: 431, cserrorcode, errortext });
    }
    const firstPage = await call(sim, 'listVirtualMachines', { listall: 'true', page: '1', pagesize: '5' });
    expect((await call(sim, 'listVirtualMachines', { listall: 'true', page: '0', pagesize: '5' })).body).toEqual(firstPage.body);
    expect((await call(sim, 'listVirtualMachines', { page: 'x', pagesize: '5' })).status).toBe(431);
  });

  it('answers an empty list as {} without count', async () => {
    const answer = await call(sim, 'listVirtualMachines', { name: 'no-such-vm' });
    expect(answer.body).toEqual({ listvirtualmachinesresponse: {} });
  });

  it('names the missing parameter and rejects malformed or unknown ids with CloudStack text', async () => {
    const missing = await call(sim, 'listTemplates');
    expect(missing.status).toBe(431);
    expect(missing.inner.errortext).toBe('Unable to execute API command listtemplates due to missing parameter templatefilter');
    const malformed = await call(sim, 'startVirtualMachine', { id: 'not-a-uuid' });
    expect(malformed.inner.errortext).toContain('Invalid parameter id value=not-a-uuid due to incorrect long value format, or entity does not exist');
    const unknown = await call(sim, 'startVirtualMachine', { id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(431);
    expect(unknown.inner.errortext).toContain('entity does not exist');
  });

  it('refuses admin-only commands to the user with 432 and executes nothing', async () => {
    const vm = sim.world.vms.find((v) => v.state === 'Running')!;
    for (const [command, params] of [['listHosts', {}], ['migrateVirtualMachine', { virtualmachineid: vm.id }], ['listCapacity', {}]] as const) {
      const answer = await call(sim, command, params, { as: 'user' });
      expect(answer.status).toBe(432);
      expect(answer.inner.errortext).toBe('The given command does not exist or it is not available for the user');
    }
    expect(sim.world.jobs).toHaveLength(0);
  });

  it('scopes lists: own account by default, listall widens for the admin, a user never sees beyond its account', async () => {
    const names = async (params: Record<string, string>, as: 'admin' | 'user') =>
      ((await call(sim, 'listVirtualMachines', params, { as })).inner.virtualmachine ?? []).map((v: any) => v.account as string);
    expect(new Set(await names({}, 'admin'))).toEqual(new Set(['admin']));
    expect(new Set(await names({ listall: 'true' }, 'admin'))).toEqual(new Set(['admin', 'ops-user', 'dev-user']));
    expect(new Set(await names({}, 'user'))).toEqual(new Set(['ops-user']));
    expect(new Set(await names({ listall: 'true' }, 'user'))).toEqual(new Set(['ops-user']));
    // A second account in the user's own domain: a normal user still sees only its own account's VMs.
    const opsUser = sim.world.accounts.find((a) => a.name === 'ops-user')!;
    const neighbour = { ...opsUser, id: '0f0f0f0f-0000-4000-8000-00000000000a', name: 'ops-neighbour', apiKey: null, secretKey: null };
    const neighbourVm = { ...sim.world.vms.find((v) => v.accountid === opsUser.id)!, id: '0f0f0f0f-0000-4000-8000-00000000000b', name: 'neighbour-01', accountid: neighbour.id };
    sim.world.accounts.push(neighbour);
    sim.world.vms.push(neighbourVm);
    const root = sim.world.domains.find((d) => d.path === 'ROOT')!;
    try {
      const widenings: Record<string, string>[] = [{ listall: 'true' }, { domainid: opsUser.domainid }, { listall: 'true', domainid: root.id, isrecursive: 'true' }];
      for (const params of widenings) {
        expect(new Set(await names(params, 'user')), JSON.stringify(params)).toEqual(new Set(['ops-user']));
      }
      expect(await names({ account: 'ops-neighbour', domainid: opsUser.domainid }, 'user')).toEqual([]);
      expect(new Set(await names({ domainid: opsUser.domainid }, 'admin'))).toEqual(new Set(['ops-user', 'ops-neighbour']));
    } finally {
      sim.world.vms.splice(sim.world.vms.indexOf(neighbourVm), 1);
      sim.world.accounts.splice(sim.world.accounts.indexOf(neighbour), 1);
    }
    expect(await names({ account: 'dev-user', domainid: sim.world.domains.find((d) => d.path === 'ROOT/dev')!.id }, 'user')).toEqual([]);
    expect(new Set(await names({ domainid: root.id, isrecursive: 'true' }, 'admin'))).toEqual(new Set(['admin', 'ops-user', 'dev-user']));
    const devVm = sim.world.vms.find((v) => v.name === 'dev-01')!;
    expect((await call(sim, 'stopVirtualMachine', { id: devVm.id }, { as: 'user' })).status).toBe(531);
  });

  it('logs every request without the signature or the API key, and redacts secrets', async () => {
    sim.clearRequests();
    const vm = sim.world.vms.find((v) => v.name === 'app-02')!;
    await call(sim, 'resetPasswordForVirtualMachine', { id: vm.id, password: 'Sup3r-secret' }, { as: 'user' });
    const [entry] = sim.requests;
    expect(entry).toMatchObject({ command: 'resetPasswordForVirtualMachine', method: 'POST', account: 'ops-user', accepted: true, status: 200 });
    expect(entry!.params.password).toBe('[REDACTED]');
    expect(entry!.params.apiKey).toBe('[REDACTED]');
    expect('signature' in entry!.params).toBe(false);
    expect(JSON.stringify(sim.requests)).not.toMatch(/Sup3r-secret|sim-user-api-key/);
  });

  it('serves the control API under /_simulator/', async () => {
    const base = sim.url.replace('/client/api', '/_simulator');
    await call(sim, 'listZones');
    const log = (await (await fetch(`${base}/requests`)).json()) as { requests: unknown[] };
    expect(log.requests.length).toBeGreaterThan(0);
    await fetch(`${base}/requests/clear`, { method: 'POST' });
    expect(sim.requests).toHaveLength(0);
    const set = await fetch(`${base}/faults`, { method: 'POST', body: JSON.stringify({ failNextRequests: 1, errorStyle: 'proxy' }) });
    expect(set.status).toBe(200);
    const bad = await fetch(`${base}/faults`, { method: 'POST', body: JSON.stringify({ errorRate: 3 }) });
    expect(bad.status).toBe(400);
    const proxied = await fetch(`${sim.url}?command=listZones`);
    expect(proxied.status).toBe(503);
    expect(proxied.headers.get('content-type')).toContain('text/html');
    sim.setFaults({ errorStyle: 'cloudstack' });
  });

  it('injects faults: CloudStack 530s, malformed bodies, failing and hanging jobs', async () => {
    sim.setFaults({ failNextRequests: 1 });
    const failed = await call(sim, 'listZones');
    expect(failed.status).toBe(530);
    expect(failed.inner.errorcode).toBe(530);
    sim.setFaults({ malformedRate: 1 });
    const { encodeForm, signRequest } = await import('../../src/cloudstack/signer.js');
    const raw = await fetch(`${sim.url}?${encodeForm(signRequest('listZones', {}, sim.keys.admin, { now: new Date(), expiresInMs: 60_000 }))}`);
    await expect(raw.clone().json()).rejects.toThrow();
    sim.setFaults({ malformedRate: 0, failNextJobs: 1 });
    const vm = sim.world.vms.find((v) => v.name === 'web-02')!;
    const job = await call(sim, 'rebootVirtualMachine', { id: vm.id });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const result = await call(sim, 'queryAsyncJobResult', { jobid: job.inner.jobid });
    expect(result.inner).toMatchObject({ jobstatus: 2, jobresultcode: 530, jobresult: { errorcode: 530 } });
    sim.setFaults({ hangingJobRate: 1 });
    const hanging = await call(sim, 'rebootVirtualMachine', { id: vm.id });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await call(sim, 'queryAsyncJobResult', { jobid: hanging.inner.jobid })).inner.jobstatus).toBe(0);
    sim.setFaults({ hangingJobRate: 0 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { call, runJob } from './helpers.js';

describe('resource tags', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobMs: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });
  const idOf = (name: string) => sim.world.vms.find((vm) => vm.name === name)!.id;
  const names = (inner: Record<string, any>) => (inner.virtualmachine ?? []).map((vm: any) => vm.name).sort();
  const job = (command: string, params: Record<string, string>, as: 'admin' | 'user' = 'admin') => runJob(sim, command, params, as);

  it('seeds env=prod on a Running and a Stopped VM of two accounts, env=dev on others, some untagged', async () => {
    const prod = await call(sim, 'listVirtualMachines', { listall: 'true', 'tags[0].key': 'env', 'tags[0].value': 'prod' });
    expect(prod.inner.count).toBe(2);
    expect(prod.inner.virtualmachine.map((vm: any) => [vm.name, vm.account, vm.state]).sort()).toEqual([['app-02', 'ops-user', 'Stopped'], ['web-01', 'admin', 'Running']]);
    const web = prod.inner.virtualmachine.find((vm: any) => vm.name === 'web-01');
    expect(web.tags).toEqual(expect.arrayContaining([
      { key: 'env', value: 'prod', resourcetype: 'UserVm', resourceid: web.id, account: 'admin', domainid: web.domainid, domain: 'ROOT', domainpath: 'ROOT' },
    ]));
    const dev = await call(sim, 'listVirtualMachines', { listall: 'true', 'tags[0].key': 'env', 'tags[0].value': 'dev' });
    expect(names(dev.inner)).toEqual(['app-03', 'dev-01']);
    const all = await call(sim, 'listVirtualMachines', { listall: 'true' });
    const untagged = all.inner.virtualmachine.filter((vm: any) => vm.tags.length === 0);
    expect(untagged.length).toBeGreaterThan(0);
  });

  it('matches any one of several tag pairs, as CloudStack ORs them; a user sees only its own', async () => {
    const either = await call(sim, 'listVirtualMachines', { listall: 'true', 'tags[0].key': 'env', 'tags[0].value': 'prod', 'tags[1].key': 'env', 'tags[1].value': 'dev' });
    expect(names(either.inner)).toEqual(['app-02', 'app-03', 'dev-01', 'web-01']);
    const user = await call(sim, 'listVirtualMachines', { listall: 'true', 'tags[0].key': 'env', 'tags[0].value': 'prod' }, { as: 'user' });
    expect(names(user.inner)).toEqual(['app-02']);
    const none = await call(sim, 'listVirtualMachines', { listall: 'true', 'tags[0].key': 'env', 'tags[0].value': 'staging' });
    expect(none.inner).toEqual({});
  });

  it('creates, lists and deletes tags through jobs, with events', async () => {
    const id = idOf('db-01');
    const created = await job('createTags', { resourcetype: 'UserVm', resourceids: id, 'tags[0].key': 'env', 'tags[0].value': 'staging', 'tags[1].key': 'owner', 'tags[1].value': 'dba' });
    expect(created).toMatchObject({ jobstatus: 1, jobresult: { success: true } });
    const listed = await call(sim, 'listTags', { resourceid: id });
    expect(listed.inner.count).toBe(2);
    expect(listed.inner.tag.map((t: any) => `${t.key}=${t.value}`).sort()).toEqual(['env=staging', 'owner=dba']);
    const found = await call(sim, 'listVirtualMachines', { 'tags[0].key': 'env', 'tags[0].value': 'staging' });
    expect(names(found.inner)).toEqual(['db-01']);
    const duplicate = await job('createTags', { resourcetype: 'uservm', resourceids: id, 'tags[0].key': 'env', 'tags[0].value': 'other' });
    expect(duplicate).toMatchObject({ jobstatus: 2, jobresultcode: 530 });
    expect(duplicate.jobresult.errortext).toContain('tag env already on UserVm');
    const deleted = await job('deleteTags', { resourcetype: 'UserVm', resourceids: id, 'tags[0].key': 'owner' });
    expect(deleted.jobstatus).toBe(1);
    expect((await call(sim, 'listTags', { resourceid: id })).inner.tag.map((t: any) => t.key)).toEqual(['env']);
    const again = await job('deleteTags', { resourcetype: 'UserVm', resourceids: id, 'tags[0].key': 'owner' });
    expect(again).toMatchObject({ jobstatus: 2, jobresultcode: 431, jobresult: { errortext: 'Unable to find any tags which conform to specified delete parameters' } });
    const events = await call(sim, 'listEvents', { type: 'CREATE_TAGS' });
    expect(events.inner.event[0].description).toContain(id);
  });

  it('refuses a missing tags map, an unknown type, a foreign resource and an empty value', async () => {
    const missing = await call(sim, 'createTags', { resourcetype: 'UserVm', resourceids: idOf('web-02') });
    expect(missing.status).toBe(431);
    expect(missing.inner.errortext).toContain('missing parameter tags');
    const badType = await call(sim, 'createTags', { resourcetype: 'Spaceship', resourceids: idOf('web-02'), 'tags[0].key': 'a', 'tags[0].value': 'b' });
    expect(badType).toMatchObject({ status: 431, inner: { errortext: 'Invalid resource type Spaceship' } });
    const empty = await call(sim, 'createTags', { resourcetype: 'UserVm', resourceids: idOf('web-02'), 'tags[0].key': 'a' });
    expect(empty.status).toBe(431);
    const foreign = await job('createTags', { resourcetype: 'UserVm', resourceids: idOf('web-02'), 'tags[0].key': 'a', 'tags[0].value': 'b' }, 'user');
    expect(foreign).toMatchObject({ jobstatus: 2, jobresultcode: 531 });
    const wrongType = await job('createTags', { resourcetype: 'Volume', resourceids: idOf('web-02'), 'tags[0].key': 'a', 'tags[0].value': 'b' });
    expect(wrongType.jobresult.errortext).toBe(`Unable to find resource by id ${idOf('web-02')} and type Volume`);
  });

  it('shows tags on volumes, networks and VPCs and filters them', async () => {
    const volumes = await call(sim, 'listVolumes', { listall: 'true', 'tags[0].key': 'backup', 'tags[0].value': 'daily' });
    expect(volumes.inner.volume.map((v: any) => v.name)).toEqual(['db-01-data']);
    expect(volumes.inner.volume[0].tags[0]).toMatchObject({ key: 'backup', value: 'daily', resourcetype: 'Volume' });
    const networks = await call(sim, 'listNetworks', { listall: 'true', 'tags[0].key': 'team', 'tags[0].value': 'ops' });
    expect(networks.inner.network.map((n: any) => n.name)).toEqual(['ops-net']);
    const user = await call(sim, 'listTags', { resourcetype: 'UserVm' }, { as: 'user' });
    expect(user.inner.tag.every((t: any) => t.account === 'ops-user')).toBe(true);
    const templates = await call(sim, 'listTemplates', { templatefilter: 'featured' });
    expect(templates.inner.template[0].tags).toEqual([]);
  });
});

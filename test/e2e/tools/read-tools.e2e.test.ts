import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../../helpers/harness.js';
import { callFails, callOk, named, type Structured } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
const world = () => h.simulator.world;
const ids = (data: Structured) => (data.items as Array<{ id?: string }>).map((item) => item.id);

describe('monitoring, account and infrastructure tools against the simulator', () => {
  test('list_zones, list_hosts, list_clusters, list_storage_pools, list_system_vms match the world', async () => {
    expect((await callOk(h.client, 'list_zones')).data.count).toBe(world().zones.length);
    const zone = named(world().zones, 'zone-adv-1');
    const hosts = await callOk(h.client, 'list_hosts', { zoneid: zone.id, type: 'Routing' });
    expect(hosts.data.count).toBe(world().hosts.filter((host) => host.zoneid === zone.id).length);
    expect((await callOk(h.client, 'list_clusters')).data.count).toBe(world().clusters.length);
    expect((await callOk(h.client, 'list_storage_pools')).data.count).toBe(world().storagePools.length);
    expect((await callOk(h.client, 'list_system_vms')).data.count).toBe(world().systemVms.length);
  });

  test('list_templates defaults to featured; list_service_offerings lists offerings', async () => {
    const templates = await callOk(h.client, 'list_templates');
    expect(templates.data.items.map((item: { name: string }) => item.name)).toContain('Ubuntu 22.04 LTS');
    const offerings = await callOk(h.client, 'list_service_offerings');
    expect(offerings.data.items.map((item: { name: string }) => item.name)).toContain('Small Instance');
    const sent = h.simulator.requests.filter((request) => request.command === 'listTemplates');
    expect(sent.at(-1)?.params.templatefilter).toBe('featured');
  });

  test('list_accounts, list_users, list_domains', async () => {
    expect((await callOk(h.client, 'list_accounts', { listall: true })).data.count).toBe(world().accounts.length);
    const users = await callOk(h.client, 'list_users', { listall: true });
    expect(users.data.items.map((user: { username: string }) => user.username).sort()).toEqual(world().accounts.map((account) => account.username).sort());
    expect(JSON.stringify(users.data)).not.toMatch(/secretkey|apikey/);
    expect(ids((await callOk(h.client, 'list_domains', { listall: true })).data)).toEqual(expect.arrayContaining(world().domains.map((domain) => domain.id)));
  });

  test('list_usage_records between two dates', async () => {
    const { data } = await callOk(h.client, 'list_usage_records', { startdate: '2000-01-01', enddate: '2100-01-01' });
    expect(data.count).toBe(world().usageRecords.length);
  });

  test('list_events by level, list_alerts, list_capacity', async () => {
    const errors = await callOk(h.client, 'list_events', { level: 'ERROR', listall: true });
    expect(errors.data.count).toBe(world().events.filter((event) => event.level === 'ERROR').length);
    expect(errors.data.count).toBeGreaterThan(0);
    expect(errors.data.items.every((event: { level: string }) => event.level === 'ERROR')).toBe(true);
    expect((await callOk(h.client, 'list_alerts')).data.count).toBe(world().alerts.length);
    const zone = named(world().zones, 'zone-adv-1');
    const capacity = await callOk(h.client, 'list_capacity', { zoneid: zone.id });
    expect(capacity.data.items.map((item: { name: string }) => item.name)).toEqual(expect.arrayContaining(['MEMORY', 'CPU', 'STORAGE']));
    expect(capacity.data.items.every((item: { zoneid: string }) => item.zoneid === zone.id)).toBe(true);
  });

  test('list_async_jobs filters by status on the page; query_async_job says how a job ended', async () => {
    const web01 = named(world().vms, 'web-01');
    await callOk(h.client, 'reboot_virtual_machine', { id: web01.id });
    await callFails(h.client, 'migrate_virtual_machine', { virtualmachineid: web01.id, storageid: world().storagePools[0]!.id });
    const failed = await callOk(h.client, 'list_async_jobs', { jobstatus: 2 });
    expect(failed.data.count).toBe(world().jobs.length);
    expect(failed.data.scanned).toBe(world().jobs.length);
    expect(failed.data.items.map((job: { cmd: string }) => job.cmd)).toEqual([expect.stringMatching(/MigrateVMCmd$/)]);
    expect(failed.text).toMatch(/^1 of the \d+ async jobs on page 1 match jobstatus=2 \(filtered here/);

    const { data, text } = await callOk(h.client, 'query_async_job', { jobid: failed.data.items[0].jobid });
    expect(data).toMatchObject({ jobid: failed.data.items[0].jobid, jobstatus: 2 });
    expect(text).toMatch(/^Async job \S+ \(MigrateVMCmd\): failed \(jobstatus 2\) with CloudStack error 431: VM is not Stopped/);
    const rebooted = (await callOk(h.client, 'list_async_jobs', { jobstatus: 1 })).data.items[0].jobid as string;
    expect((await callOk(h.client, 'query_async_job', { jobid: rebooted })).text).toMatch(/\(RebootVMCmd\): succeeded \(jobstatus 1\)\. Result: Virtual machine web-01/);
  });

  test('a large list is paged with a hint to the next page', async () => {
    const { data, text } = await callOk(h.client, 'list_events', { listall: true, pagesize: 2 });
    expect(data.items).toHaveLength(2);
    expect(data.nextpage).toBe(2);
    expect(text).toContain('call again with page=2');
    const second = await callOk(h.client, 'list_events', { listall: true, pagesize: 2, page: 2 });
    expect(second.data.items[0].id).not.toBe(data.items[0].id);
  });
});

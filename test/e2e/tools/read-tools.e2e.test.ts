import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../../helpers/harness.js';
import { callOk, named, type Structured } from './support.js';

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
    expect(users.data.count).toBeGreaterThan(0);
    expect(JSON.stringify(users.data)).not.toMatch(/secretkey|apikey/);
    expect(ids((await callOk(h.client, 'list_domains', { listall: true })).data)).toEqual(expect.arrayContaining(world().domains.map((domain) => domain.id)));
  });

  test('list_usage_records between two dates', async () => {
    const { data } = await callOk(h.client, 'list_usage_records', { startdate: '2000-01-01', enddate: '2100-01-01' });
    expect(data.count).toBe(world().usageRecords.length);
  });

  test('list_events by level, list_alerts, list_capacity', async () => {
    const errors = await callOk(h.client, 'list_events', { level: 'ERROR', listall: true });
    expect(errors.data.items.every((event: { level: string }) => event.level === 'ERROR')).toBe(true);
    expect((await callOk(h.client, 'list_alerts')).data.count).toBe(world().alerts.length);
    expect((await callOk(h.client, 'list_capacity')).data.count).toBeGreaterThan(0);
  });

  test('list_async_jobs and query_async_job follow a job', async () => {
    await callOk(h.client, 'reboot_virtual_machine', { id: named(world().vms, 'web-01').id });
    const jobs = await callOk(h.client, 'list_async_jobs', { jobstatus: 1 });
    expect(jobs.data.items.length).toBeGreaterThan(0);
    const jobid = jobs.data.items[0].jobid as string;
    const { data, text } = await callOk(h.client, 'query_async_job', { jobid });
    expect(data).toMatchObject({ jobid, jobstatus: 1 });
    expect(text).toContain(jobid);
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

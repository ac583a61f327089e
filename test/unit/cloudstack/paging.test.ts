import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listItems } from '../../../src/cloudstack/client.js';
import { API_PATH, cloudstack, makeClient, queryOf } from './fixtures.js';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const vms = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: `vm${from + i}` }));

/** A listVirtualMachines endpoint over `total` VMs that honours page/pagesize, recording each query. */
function vmEndpoint(total: number, pages: Record<string, string>[]) {
  return cloudstack()
    .get((uri) => uri.startsWith(API_PATH))
    .times(20)
    .reply((uri) => {
      const query = queryOf(uri);
      pages.push(query);
      const size = Number(query.pagesize ?? 500);
      const start = (Number(query.page ?? 1) - 1) * size;
      const items = vms(start, Math.max(0, Math.min(size, total - start)));
      return [200, { listvirtualmachinesresponse: items.length ? { count: total, virtualmachine: items } : {} }];
    });
}

describe('list', () => {
  it('returns {count, items} from the catalog list key', async () => {
    cloudstack().get((uri) => uri.startsWith(API_PATH)).reply(200, { listvirtualmachinesresponse: { count: 7, virtualmachine: vms(0, 2) } });
    await expect(makeClient().list('listVirtualMachines', { page: 1, pagesize: 2 })).resolves.toEqual({ count: 7, items: vms(0, 2) });
  });

  it('reads an empty answer {} as count 0', async () => {
    cloudstack().get((uri) => uri.startsWith(API_PATH)).reply(200, { listzonesresponse: {} });
    await expect(makeClient().list('listZones')).resolves.toEqual({ count: 0, items: [] });
  });

  it('finds the array of a command the catalog does not know', () => {
    expect(listItems('listSomethingNew', { count: 1, thing: [{ id: 'a' }] })).toEqual({ count: 1, items: [{ id: 'a' }] });
  });
});

describe('listAll', () => {
  it('fetches pages of 500 until count is reached; count stays the total', async () => {
    const pages: Record<string, string>[] = [];
    vmEndpoint(1200, pages);
    const all = await makeClient().listAll('listVirtualMachines', { listall: true, page: 9 });
    expect(all.count).toBe(1200);
    expect(all.items).toHaveLength(1200);
    expect(all.items.at(-1)).toEqual({ id: 'vm1199' });
    expect(pages.map((q) => [q.page, q.pagesize, q.listall])).toEqual([['1', '500', 'true'], ['2', '500', 'true'], ['3', '500', 'true']]);
  });

  it('stops at maxItems', async () => {
    const pages: Record<string, string>[] = [];
    vmEndpoint(1200, pages);
    const all = await makeClient().listAll('listVirtualMachines', {}, { maxItems: 600 });
    expect(all).toMatchObject({ count: 1200 });
    expect(all.items).toHaveLength(600);
    expect(pages).toHaveLength(2);
  });

  it('makes one request for an exact page and for an empty list', async () => {
    const pages: Record<string, string>[] = [];
    vmEndpoint(500, pages);
    expect((await makeClient().listAll('listVirtualMachines')).items).toHaveLength(500);
    expect(pages).toHaveLength(1);
    nock.cleanAll();
    const empty: Record<string, string>[] = [];
    vmEndpoint(0, empty);
    await expect(makeClient().listAll('listVirtualMachines')).resolves.toEqual({ count: 0, items: [] });
    expect(empty).toHaveLength(1);
  });
});

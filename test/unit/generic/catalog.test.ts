/**
 * The catalog: every command loads with its facts, in the shape the refresh checks, and a refresh from a
 * management server's listApis (here the simulator's, signed by the real client) rebuilds the same facts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogSource, commandFamilies, commandSpec, knownCommands } from '../../../src/cloudstack/catalog.js';
import { catalogFromListApis, checkCatalogFile, formatCatalogFile, type CatalogFile, type ListedApi } from '../../../src/cloudstack/catalog-refresh.js';
import { createCloudStackClient } from '../../../src/cloudstack/index.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';

const current = (): CatalogFile => ({
  source: catalogSource(),
  commands: Object.fromEntries(knownCommands().map((name) => [name, commandSpec(name)!])),
});

describe('the catalog', () => {
  it('holds all 828 commands of 96 families, 340 async, each in the checked shape', () => {
    expect(knownCommands()).toHaveLength(828);
    expect(commandFamilies().size).toBe(96);
    expect(knownCommands().filter((name) => commandSpec(name)!.async)).toHaveLength(340);
    expect(() => checkCatalogFile(current())).not.toThrow();
    expect(catalogSource()).toContain('cloudstack-go');
  });

  it('has the facts the tools rely on', () => {
    expect(commandSpec('listPortForwardingRules')).toMatchObject({ service: 'Firewall', http: 'GET', async: false, listKey: 'portforwardingrule' });
    expect(commandSpec('createTags')).toMatchObject({ async: true, http: 'POST', required: ['resourceids', 'resourcetype', 'tags'] });
    expect(commandSpec('createTags')!.params.tags).toBe('map');
    expect(commandFamilies().get('Kubernetes')).toContain('scaleKubernetesCluster');
  });

  it('answers nothing for a name that is not a command, even an Object.prototype one', () => {
    expect(commandSpec('constructor')).toBeUndefined();
    expect(commandSpec('listWidgets')).toBeUndefined();
  });

  it.each([
    [{ source: 's', commands: {} }, 'commands must be a non-empty object'],
    [{ source: 's', commands: { listZones: { ...commandSpec('listZones')!, http: 'PUT' } } }, 'listZones.http must be GET or POST'],
    [{ source: 's', commands: { listZones: { ...commandSpec('listZones')!, required: ['nope'] } } }, 'listZones.required must list parameters'],
    [{ source: 's', commands: { listZones: { ...commandSpec('listZones')!, params: { id: 'uuidish' } } } }, 'listZones.params.id must be one of'],
  ])('a catalog file with a mistake is refused, naming the field', (file, message) => {
    expect(() => checkCatalogFile(file)).toThrow(message);
  });

  it('is written compact with sorted keys, so a refresh diffs cleanly', () => {
    const text = formatCatalogFile(current());
    expect(JSON.parse(text)).toEqual(current());
    expect(Object.keys(JSON.parse(text).commands)).toEqual([...knownCommands()].sort());
  });
});

describe('refreshing from listApis', () => {
  let sim: RunningSimulator;
  const listApis = async (as: 'admin' | 'user'): Promise<ListedApi[]> => {
    const api = createCloudStackClient({ apiUrl: sim.url, ...sim.keys[as], timeoutMs: 5_000, asyncTimeoutMs: 5_000 });
    return (await api.list('listApis', {})).items as unknown as ListedApi[];
  };
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());

  it('rebuilds the same facts from a root admin’s listApis (signed request through the client)', async () => {
    sim.clearRequests();
    const report = catalogFromListApis(await listApis('admin'), current(), { source: 'listApis of the simulator' });
    expect(sim.requests.map((request) => [request.command, request.method, request.accepted])).toEqual([['listApis', 'GET', true]]);
    expect(report).toMatchObject({ added: [], missing: [], changed: [] });
    expect(report.catalog.commands).toEqual(current().commands);
    expect(report.catalog.source).toBe('listApis of the simulator');
  });

  it('keeps what a user’s listApis does not show, unless told to drop it', async () => {
    const apis = await listApis('user');
    const kept = catalogFromListApis(apis, current(), { source: 'x' });
    expect(kept.missing).toContain('addHost');
    expect(Object.keys(kept.catalog.commands)).toHaveLength(828);
    const dropped = catalogFromListApis(apis, current(), { source: 'x', dropMissing: true });
    expect(Object.keys(dropped.catalog.commands)).toHaveLength(apis.length);
    expect(dropped.catalog.commands.addHost).toBeUndefined();
  });

  it('takes a server’s new command and changed parameters, guessing only what listApis cannot tell', () => {
    const zones = { name: 'listZones', isasync: false, params: [{ name: 'id', type: 'uuid' }, { name: 'newfilter', type: 'boolean' }], response: [{ name: 'id', type: 'string' }] };
    const widget: ListedApi = {
      name: 'listFancyWidgets', isasync: false,
      params: [{ name: 'zoneid', type: 'uuid', required: true }, { name: 'size', type: 'long' }, { name: 'labels', type: 'map' }],
      response: [{ name: 'id', type: 'string' }, { name: 'created', type: 'date' }, { name: 'cores', type: 'integer' }, { name: 'nics', type: 'list' }],
    };
    const scale: ListedApi = { name: 'scaleWidget', isasync: true, params: [{ name: 'id', type: 'uuid', required: true }] };
    const report = catalogFromListApis([zones, widget, scale], current(), { source: 'x' });
    expect(report.added).toEqual(['listFancyWidgets', 'scaleWidget']);
    expect(report.changed).toEqual(['listZones']);
    expect(report.catalog.commands.listZones).toMatchObject({ service: 'Zone', http: 'GET', listKey: 'zone', params: { id: 'string', newfilter: 'boolean' } });
    expect(report.catalog.commands.listFancyWidgets).toEqual({
      service: 'FancyWidget', async: false, http: 'GET', required: ['zoneid'],
      params: { labels: 'map', size: 'integer', zoneid: 'string' }, listKey: 'fancywidget',
      responseFields: { cores: 'integer', created: 'string', id: 'string', nics: 'list' },
    });
    expect(report.catalog.commands.scaleWidget).toMatchObject({ async: true, http: 'POST', required: ['id'] });
    expect(report.catalog.commands.scaleWidget!.listKey).toBeUndefined();
    expect(() => checkCatalogFile(report.catalog)).not.toThrow();
  });
});

/**
 * The seeded world, read over HTTP as a client sees it: deterministic for a seed, every kind of resource the
 * tools meet (with the states that matter), every field named and typed as the catalog (CloudStack's own
 * response classes) says, and no fault injected unless asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandSpec, knownCommands } from '../../src/cloudstack/catalog.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { call } from './helpers.js';

const NOW = new Date('2026-03-01T10:00:00Z');
/** Every catalogued list command: modelled ones answer the world, the others an empty list. */
const LIST_COMMANDS = knownCommands().filter((command) => commandSpec(command)?.listKey);
/** A well-formed value for a required parameter of a list the simulator does not model (it checks form only). */
const SOME_ID = '00000000-0000-4000-8000-000000000001';
function requiredParams(command: string): Record<string, string> {
  const spec = commandSpec(command)!;
  return Object.fromEntries(spec.required.map((name) => [name, /ids?$/.test(name) ? SOME_ID : 'x']));
}
/** Parameters a list needs to list everything the root admin may see. */
const LIST_ALL: Readonly<Record<string, Record<string, string>>> = {
  listTemplates: { templatefilter: 'all' },
  listUsageRecords: { startdate: '2000-01-01', enddate: '2100-01-01' },
};

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * The catalog's type names against what JSON can hold: objects are JSON objects, integers are numbers; a `map`
 * is the SDK's map type, which CloudStack serializes as an object or, for a list of maps (ProjectResponse's
 * `owner`), as an array of objects.
 */
function fits(declared: string | undefined, value: unknown): boolean {
  const actual = jsonType(value);
  if (declared === 'map') return actual === 'object' || (Array.isArray(value) && value.every((item) => jsonType(item) === 'object'));
  if (declared === 'number') return actual === 'number' || actual === 'integer';
  return declared === actual;
}

describe('the seeded world', () => {
  let sim: RunningSimulator;
  /** Lists the simulator models that need a real entity to list anything. */
  const listOf = (command: string): Record<string, string> => {
    if (command === 'listLoadBalancerRuleInstances') return { id: sim.world.loadBalancerRules[0]!.id };
    return {};
  };
  const list = async (command: string, params: Record<string, string> = {}) => {
    const answer = await call(sim, command, { listall: 'true', ...requiredParams(command), ...LIST_ALL[command], ...listOf(command), ...params }, { now: NOW });
    expect(answer.status, `${command} ${JSON.stringify(answer.inner)}`).toBe(200);
    return (answer.inner[commandSpec(command)!.listKey!] ?? []) as Record<string, any>[];
  };
  const values = (items: Record<string, any>[], field: string) => new Set(items.map((item) => item[field]));

  beforeAll(async () => {
    sim = await startSimulator({ jobMs: 1, now: () => NOW });
  });
  afterAll(() => sim.close());

  it('is the same world for the same seed, and another for another seed', async () => {
    const twin = await startSimulator({ now: () => NOW });
    const other = await startSimulator({ seed: 7, now: () => NOW });
    try {
      for (const command of ['listVirtualMachines', 'listHosts', 'listVolumes', 'listEvents']) {
        const params = { listall: 'true' };
        const mine = await call(sim, command, params, { now: NOW });
        expect((await call(twin, command, params, { now: NOW })).body).toEqual(mine.body);
        expect((await call(other, command, params, { now: NOW })).body).not.toEqual(mine.body);
      }
    } finally {
      await Promise.all([twin.close(), other.close()]);
    }
  });

  it('has the infrastructure every migration and placement rule needs', async () => {
    expect((await list('listZones')).map((zone) => [zone.name, zone.networktype])).toEqual([['zone-adv-1', 'Advanced'], ['zone-basic-1', 'Basic']]);
    expect((await list('listPods')).length).toBeGreaterThanOrEqual(2);
    expect((await list('listClusters')).length).toBeGreaterThanOrEqual(2);
    const hosts = await list('listHosts', { type: 'Routing' });
    expect(hosts.length).toBeGreaterThanOrEqual(4);
    expect(hosts.filter((host) => host.state === 'Up' && host.resourcestate === 'Enabled').length).toBeGreaterThanOrEqual(2);
    expect(values(hosts, 'resourcestate')).toContain('Maintenance');
    expect(values(hosts, 'state')).toContain('Disconnected');
    const poolScopes = values(await list('listStoragePools'), 'scope');
    for (const scope of ['CLUSTER', 'HOST']) expect(poolScopes).toContain(scope);
    expect(values(await list('listSystemVms'), 'systemvmtype')).toEqual(new Set(['consoleproxy', 'secondarystoragevm']));
  });

  it('has offerings and templates of every kind the tools offer', async () => {
    for (const filter of ['featured', 'self', 'community']) expect(await list('listTemplates', { templatefilter: filter }), filter).not.toHaveLength(0);
    expect(values(await list('listServiceOfferings'), 'dynamicscalingenabled')).toEqual(new Set([true, false]));
    expect(await list('listDiskOfferings')).not.toHaveLength(0);
    expect(await list('listNetworkOfferings')).not.toHaveLength(0);
  });

  it('has tenants with resources in the states that matter', async () => {
    expect(values(await list('listNetworks'), 'type')).toEqual(new Set(['Isolated', 'Shared']));
    const vmStates = values(await list('listVirtualMachines'), 'state');
    for (const state of ['Running', 'Stopped', 'Error']) expect(vmStates).toContain(state);
    expect(values(await list('listVolumes'), 'type')).toEqual(new Set(['ROOT', 'DATADISK']));
    expect(values(await list('listPublicIpAddresses'), 'isstaticnat')).toEqual(new Set([true, false]));
    expect(sim.world.firewallRules).not.toHaveLength(0);
    for (const command of ['listSnapshots', 'listLoadBalancerRules', 'listSSHKeyPairs', 'listSecurityGroups', 'listEvents', 'listAlerts', 'listCapacity', 'listUsageRecords']) {
      expect(await list(command), command).not.toHaveLength(0);
    }
    expect((await list('listDomains')).map((domain) => domain.path)).toEqual(['ROOT', 'ROOT/ops', 'ROOT/dev']);
    expect(values(await list('listAccounts'), 'roletype')).toEqual(new Set(['Admin', 'User']));
    expect((await list('listUsers')).length).toBe((await list('listAccounts')).length);
  });

  it.each(LIST_COMMANDS)('%s answers only fields the catalog names, each of its type', async (command) => {
    const fields = commandSpec(command)!.responseFields;
    const wrong: string[] = [];
    for (const item of await list(command)) {
      for (const [name, value] of Object.entries(item)) if (!fits(fields[name], value)) wrong.push(`${name}: ${fields[name] ?? 'not in the catalog'}, got ${jsonType(value)}`);
    }
    expect([...new Set(wrong)]).toEqual([]);
  });

  it('answers every catalogued list command, an unmodelled one with CloudStack\'s empty list', async () => {
    const answer = await call(sim, 'listKubernetesClusters', { listall: 'true' }, { now: NOW });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ listkubernetesclustersresponse: {} });
    // The paging checks still apply, as on a real server.
    const badPage = await call(sim, 'listKubernetesClusters', { page: '1' }, { now: NOW });
    expect(badPage.status).toBe(431);
  });

  it('answers a command it does not model with 432 naming it as not simulated, after the parameter checks', async () => {
    const answer = await call(sim, 'createKubernetesCluster', { ...requiredParams('createKubernetesCluster'), size: '3' }, { now: NOW });
    expect(answer.status).toBe(432);
    expect(answer.inner.errortext).toContain('does not simulate createKubernetesCluster');
    const missing = await call(sim, 'createTemplate', { name: 'x' }, { now: NOW });
    expect(missing.status).toBe(431);
    expect(missing.inner.errortext).toMatch(/missing parameter (displaytext|ostypeid)/i);
  });

  it('lists every catalogued command for the root admin in listApis, typed, with a generated description', async () => {
    const apis = await list('listApis');
    expect(apis).toHaveLength(knownCommands().length);
    const rule = apis.find((api) => api.name === 'listPortForwardingRules')!;
    expect(rule.description).toBe('List port forwarding rules.');
    expect(rule.isasync).toBe(false);
    expect(rule.params).toContainEqual(expect.objectContaining({ name: 'ipaddressid', type: 'uuid', required: false }));
    const tags = apis.find((api) => api.name === 'createTags')!;
    expect(tags.isasync).toBe(true);
    expect(tags.params).toContainEqual(expect.objectContaining({ name: 'tags', type: 'map', required: true }));
    const one = await list('listApis', { name: 'deleteNetwork' });
    expect(one.map((api) => api.name)).toEqual(['deleteNetwork']);
  });

  it('lists for an ordinary user only what the user role may call, and refuses the rest with 432', async () => {
    const answer = await call(sim, 'listApis', {}, { as: 'user', now: NOW });
    const names = new Set((answer.inner.api as { name: string }[]).map((api) => api.name));
    for (const command of ['listVirtualMachines', 'deployVirtualMachine', 'listPortForwardingRules', 'createTags', 'listZones', 'createKubernetesCluster']) {
      expect(names, command).toContain(command);
    }
    for (const command of ['listHosts', 'addHost', 'listClusters', 'createServiceOffering', 'migrateVirtualMachine', 'updateConfiguration', 'listSystemVms']) {
      expect(names, command).not.toContain(command);
    }
    expect(answer.inner.count).toBe(names.size);
    const refused = await call(sim, 'listRouters', {}, { as: 'user', now: NOW });
    expect(refused.status).toBe(432);
    expect(refused.inner.errortext).toBe('The given command does not exist or it is not available for the user');
    const hidden = await call(sim, 'listApis', { name: 'addHost' }, { as: 'user', now: NOW });
    expect(hidden.status).toBe(530);
  });

  it('injects no fault unless asked', async () => {
    const base = sim.url.replace('/client/api', '/_simulator');
    const { faults } = (await (await fetch(`${base}/faults`)).json()) as { faults: Record<string, unknown> };
    expect(faults).toEqual({
      latencyMs: 0, errorRate: 0, errorStyle: 'cloudstack', malformedRate: 0, jobFailureRate: 0,
      hangingJobRate: 0, failNextRequests: 0, failNextJobs: 0, clockSkewMs: 0,
    });
  });
});

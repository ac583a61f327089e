/**
 * The generic pair end to end: an SDK client → the real server and pipeline → the real policy gate → the
 * CloudStack simulator over 127.0.0.1. What the simulator's request log holds is what was sent; a refused call
 * leaves no trace there.
 */
import { readFileSync } from 'node:fs';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { createPolicyGateFromValue, type AuditRecord, type ManagedPolicyGate } from '../../../src/policy/index.js';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import { toolFacts } from '../../../src/tools/index.js';
import { startHarness, textOf, type Harness, type HarnessOptions } from '../../helpers/harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(policy: unknown, options: Omit<HarnessOptions, 'policy'> = {}, audit: AuditRecord[] = []): Promise<Harness> {
  const gate: ManagedPolicyGate = createPolicyGateFromValue(policy, { tools: toolFacts(), logger: silentLogger, audit: { write: (record) => audit.push(record) } });
  const harness = await startHarness({ ...options, policy: gate });
  cleanups.push(() => gate.close(), () => harness.close());
  harness.simulator.clearRequests();
  return harness;
}

const ALLOW_TAGS = { version: '1', default: 'allow', commands: { createTags: {} } };
const sent = (simulator: RunningSimulator, command: string) => simulator.requests.filter((request) => request.command === command);
type Result = CallToolResult & { structuredContent: Record<string, any> };
const call = async (harness: Harness, command: string, params: Record<string, unknown> = {}) =>
  (await harness.client.callTool({ name: 'call_cloudstack_api', arguments: { command, params } })) as Result;
const search = async (harness: Harness, args: Record<string, unknown>) =>
  (await harness.client.callTool({ name: 'search_cloudstack_api', arguments: args })) as Result;

describe('search_cloudstack_api then call_cloudstack_api', () => {
  it('finds listPortForwardingRules with the server’s own description, and calls it: one GET page, like a list tool', async () => {
    const harness = await start(ALLOW_TAGS);
    const found = await search(harness, { query: 'port forwarding' });
    expect(found.isError).toBeFalsy();
    const first = found.structuredContent.matches[0];
    expect(first).toMatchObject({ command: 'listPortForwardingRules', family: 'Firewall', reads: true, async: false, available: true, description: 'List port forwarding rules.' });
    expect(first.params).toContainEqual({ name: 'ipaddressid', type: 'uuid', required: false, description: 'ipaddressid (uuid).' });
    expect(found.structuredContent.descriptions).toBe('listApis');
    expect(textOf(found)).toContain('1. listPortForwardingRules (Firewall; reads; sync) — List port forwarding rules.');
    // listApis is asked once and cached.
    await search(harness, { query: 'kubernetes cluster scale' });
    expect(sent(harness.simulator, 'listApis')).toHaveLength(1);

    const listed = await call(harness, 'listPortForwardingRules', { listall: 'true' });
    expect(listed.isError, textOf(listed)).toBeFalsy();
    expect(listed.structuredContent).toMatchObject({ page: 1, pagesize: 50 });
    expect(listed.structuredContent.count).toBeGreaterThan(0);
    expect(listed.structuredContent.items[0]).toHaveProperty('publicport');
    const [request] = sent(harness.simulator, 'listPortForwardingRules');
    expect(request).toMatchObject({ method: 'GET', accepted: true, params: expect.objectContaining({ listall: 'true', page: '1', pagesize: '50' }) });
  });

  it('sends createTags (named by the policy) by POST with the map as tags[0].key/value, and waits for its job with progress', async () => {
    const audit: AuditRecord[] = [];
    const harness = await start(ALLOW_TAGS, { simulator: { jobMs: 300 } }, audit);
    const vm = harness.simulator.world.vms.find((candidate) => candidate.name === 'web-01')!;
    const progress: string[] = [];
    const result = (await harness.client.callTool(
      { name: 'call_cloudstack_api', arguments: { command: 'createTags', params: { resourceids: vm.id.toUpperCase(), resourcetype: 'UserVm', tags: { key: 'team', value: 'blue' } } } },
      undefined,
      { onprogress: (notification) => progress.push(notification.message ?? '') },
    )) as Result;
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ success: true });
    expect(textOf(result)).toMatch(/Job [0-9a-f-]{36} finished in \d+\.\d s\./);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatch(/^job [0-9a-f-]{36} still running in CloudStack/);
    const [request] = sent(harness.simulator, 'createTags');
    expect(request).toMatchObject({ method: 'POST', accepted: true });
    expect(request!.params).toMatchObject({ resourceids: vm.id, resourcetype: 'UserVm', 'tags[0].key': 'team', 'tags[0].value': 'blue' });
    expect(harness.simulator.world.tags).toContainEqual(expect.objectContaining({ resourceid: vm.id, key: 'team', value: 'blue' }));
    expect(audit.find((record) => record.tool === 'call_cloudstack_api')).toMatchObject({ command: 'createTags' });
  });

  it('refuses deleteNetwork when the policy denies it — and when the policy does not name it — with nothing sent', async () => {
    const denying = await start({ ...ALLOW_TAGS, commands: { createTags: {}, deleteNetwork: { action: 'deny', reason: 'networks are retired by the platform team' } } });
    const network = denying.simulator.world.networks[0]!;
    const denied = await call(denying, 'deleteNetwork', { id: network.id });
    expect(denied.isError).toBe(true);
    expect(denied.structuredContent.policy).toMatchObject({ decision: 'denied' });
    expect(textOf(denied)).toContain('networks are retired by the platform team');

    const unnamed = await start(ALLOW_TAGS);
    const refused = await call(unnamed, 'deleteNetwork', { id: network.id });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('"commands": {"deleteNetwork": {}}');
    expect(sent(denying.simulator, 'deleteNetwork')).toEqual([]);
    expect(unnamed.simulator.requests).toEqual([]);
  });

  it('a rule on the command refuses the curated tool and the generic one alike', async () => {
    const harness = await start({ version: '1', default: 'allow', tools: { delete_network: {} }, commands: { deleteNetwork: { action: 'deny', reason: 'networks are retired by the platform team' } } });
    const network = harness.simulator.world.networks[0]!;
    const curated = (await harness.client.callTool({ name: 'delete_network', arguments: { id: network.id } })) as Result;
    const generic = await call(harness, 'deleteNetwork', { id: network.id });
    for (const refused of [curated, generic]) {
      expect(refused.isError).toBe(true);
      expect(refused.structuredContent.policy).toMatchObject({ decision: 'denied', rule: '/commands/deleteNetwork/action' });
    }
    expect(harness.simulator.requests).toEqual([]);
  });

  it('judges a list element holding a comma as the elements CloudStack splits it into', async () => {
    const harness = await start({
      version: '1',
      default: 'allow',
      commands: { createFirewallRule: { deny_if: [{ path: 'params.cidrlist', op: 'eq', value: '0.0.0.0/0', reason: 'no world-open rules' }] } },
    });
    const ip = harness.simulator.world.publicIps[0]!;
    const rule = { ipaddressid: ip.id, protocol: 'tcp', startport: 22, endport: 22 };
    // Sent as cidrlist=10.0.0.0/8,0.0.0.0/0, which CloudStack reads as two CIDRs: the rule sees both.
    const refused = await call(harness, 'createFirewallRule', { ...rule, cidrlist: ['10.0.0.0/8,0.0.0.0/0'] });
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent.policy).toMatchObject({ decision: 'argument_rule', rule: '/commands/createFirewallRule/deny_if/0' });
    expect(sent(harness.simulator, 'createFirewallRule')).toEqual([]);

    const allowed = await call(harness, 'createFirewallRule', { ...rule, cidrlist: ['10.0.0.0/8,192.168.0.0/16'] });
    expect(allowed.isError, textOf(allowed)).toBeFalsy();
    expect(sent(harness.simulator, 'createFirewallRule')).toEqual([expect.objectContaining({ params: expect.objectContaining({ cidrlist: '10.0.0.0/8,192.168.0.0/16' }) })]);
  });

  it('refuses an unknown parameter, a wrong type, a missing required one and an unknown command before sending anything', async () => {
    const harness = await start(ALLOW_TAGS);
    const unknownParam = await call(harness, 'listPortForwardingRules', { ipaddress: '10.0.0.1' });
    expect(unknownParam.isError).toBe(true);
    expect(unknownParam.structuredContent.error.code).toBe('invalid_arguments');
    expect(unknownParam.structuredContent.error.issues[0]).toMatchObject({ path: 'params.ipaddress', message: expect.stringContaining('is not a parameter of listPortForwardingRules (its parameters: account, domainid, fordisplay, id, ipaddressid') });

    const wrong = await call(harness, 'createTags', { resourceids: 'web-01', resourcetype: 'UserVm', tags: 'team=blue' });
    expect(wrong.structuredContent.error.issues.map((issue: { path: string }) => issue.path)).toEqual(['params.resourceids', 'params.tags']);
    expect(textOf(wrong)).toContain('params.tags: must be an object or an array of objects');

    const missing = await call(harness, 'createTags', { resourcetype: 'UserVm' });
    expect(textOf(missing)).toContain('params.resourceids: is required by createTags; params.tags: is required by createTags');

    const unknown = await call(harness, 'listPortForwardingRule', {});
    expect(unknown.structuredContent.error.issues[0]).toMatchObject({ path: 'command', message: expect.stringContaining('did you mean listPortForwardingRules') });
    expect(harness.simulator.requests).toEqual([]);
  });

  it('answers a command the policy hides exactly like an unknown one', async () => {
    const harness = await start({ ...ALLOW_TAGS, hide: ['listRouters'] });
    const hidden = await call(harness, 'listRouters');
    const unknown = await call(harness, 'listRouterz');
    for (const [answer, name] of [[hidden, 'listRouters'], [unknown, 'listRouterz']] as const) {
      expect(answer.isError).toBe(true);
      expect(answer.structuredContent.error.code).toBe('invalid_arguments');
      expect(answer.structuredContent.error.issues[0].message).toMatch(new RegExp(`^"${name}" is not a CloudStack command known to this server; did you mean `));
      expect(answer.structuredContent.policy).toBeUndefined();
    }
    expect(hidden.structuredContent.error.issues[0].message).not.toMatch(/did you mean.*listRouters\b/);
    expect(harness.simulator.requests).toEqual([]);
  });

  it('marks what this account may not call: a user’s listApis lists no host commands', async () => {
    const harness = await start(ALLOW_TAGS, { keys: 'user' });
    const found = await search(harness, { query: 'add host' });
    const addHost = found.structuredContent.matches.find((match: { command: string }) => match.command === 'addHost');
    expect(addHost).toMatchObject({ available: false });
    expect(textOf(found)).toContain('addHost (Host; changes the cloud; sync; NOT AVAILABLE to this account (absent from listApis))');
  });

  it('drops secret fields from every result: createSSHKeyPair through the generic tool returns no private key', async () => {
    const harness = await start({ ...ALLOW_TAGS, commands: { createSSHKeyPair: {} } });
    const created = await call(harness, 'createSSHKeyPair', { name: 'generic-key' });
    expect(created.isError, textOf(created)).toBeFalsy();
    expect(created.structuredContent.keypair).toMatchObject({ name: 'generic-key' });
    expect(JSON.stringify(created.structuredContent)).not.toMatch(/privatekey|BEGIN/i);
    expect(textOf(created)).not.toMatch(/privatekey|BEGIN/i);
  });

  it('searches from the catalog alone when listApis fails, and says so', async () => {
    const harness = await start(ALLOW_TAGS);
    harness.simulator.setFaults({ failNextRequests: 1 });
    const found = await search(harness, { query: 'backup restore' });
    expect(found.isError, textOf(found)).toBeFalsy();
    expect(found.structuredContent.matches[0]).toMatchObject({ command: 'restoreBackup', reads: false, async: true });
    expect(found.structuredContent.matches[0].available).toBeUndefined();
    expect(found.structuredContent.descriptions).toMatch(/^catalog only \(listApis unavailable: /);
    expect(textOf(found)).toContain('availability to this account unknown');
  });

  it('lists a family, and names the families when one does not exist', async () => {
    const harness = await start(ALLOW_TAGS);
    const family = await search(harness, { family: 'kubernetes', limit: 20 });
    expect(family.structuredContent.count).toBe(17);
    const wrong = await search(harness, { family: 'kubernetis' });
    expect(wrong.isError).toBe(true);
    expect(textOf(wrong)).toContain('No API family is named "kubernetis"');
  });
});

describe('the README’s example policy for the generic pair', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Every other command: the generic pair'));
  const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]!);

  it('allows createTags on a VM, refuses it on a network by its params rule, and denies deleteNetwork, sending only the allowed call', async () => {
    const harness = await start(example);
    const vm = harness.simulator.world.vms[0]!;
    const network = harness.simulator.world.networks[0]!;
    const tag = { key: 'team', value: 'blue' };
    expect((await call(harness, 'createTags', { resourceids: vm.id, resourcetype: 'UserVm', tags: tag })).isError).toBeFalsy();
    const onNetwork = await call(harness, 'createTags', { resourceids: network.id, resourcetype: 'Network', tags: tag });
    expect(onNetwork.structuredContent.policy).toMatchObject({ decision: 'argument_rule', rule: '/commands/createTags/deny_if/0' });
    const deleted = await call(harness, 'deleteNetwork', { id: network.id });
    expect(textOf(deleted)).toContain('networks are retired by the platform team');
    const unnamed = await call(harness, 'restartNetwork', { id: network.id });
    expect(textOf(unnamed)).toContain('"commands": {"restartNetwork": {}}');
    expect(harness.simulator.requests.filter((request) => request.command !== 'queryAsyncJobResult').map((request) => [request.command, request.params.resourcetype])).toEqual([['createTags', 'UserVm']]);
  });
});

describe('under --read-only', () => {
  it('lists the generic pair and lets call_cloudstack_api send only commands that read', async () => {
    const harness = await start(ALLOW_TAGS, { readOnly: true });
    const listed = (await harness.client.listTools()).tools.map((tool) => tool.name);
    expect(listed).toEqual(expect.arrayContaining(['search_cloudstack_api', 'call_cloudstack_api']));
    expect(listed).not.toContain('stop_virtual_machine');

    const zones = await call(harness, 'listZones');
    expect(zones.isError, textOf(zones)).toBeFalsy();
    expect(zones.structuredContent.count).toBe(2);

    const vm = harness.simulator.world.vms[0]!;
    const refused = await call(harness, 'createTags', { resourceids: vm.id, resourcetype: 'UserVm', tags: { key: 'a', value: 'b' } });
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent.error.code).toBe('read_only');
    expect(textOf(refused)).toContain('call_cloudstack_api createTags changes CloudStack and this server runs read-only');
    // getUploadParamsForTemplate is sent by GET in the SDK but registers a template: it is a change, refused too.
    const upload = await call(harness, 'getUploadParamsForTemplate', { displaytext: 't', format: 'QCOW2', hypervisor: 'KVM', name: 't', zoneid: harness.simulator.world.zones[0]!.id });
    expect(upload.structuredContent.error?.code).toBe('read_only');
    expect(harness.simulator.requests.map((request) => request.command)).toEqual(['listZones']);
  });
});

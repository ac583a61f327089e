/**
 * The generic pair under a policy: search_cloudstack_api is offered with call_cloudstack_api when `default: deny`
 * names commands, and it lists and suggests only the commands the policy lets call_cloudstack_api send.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { createPolicyGateFromValue } from '../../../src/policy/index.js';
import { toolFacts } from '../../../src/tools/index.js';
import { startHarness, type Harness } from '../../helpers/harness.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harnessFor(policy: unknown): Promise<Harness> {
  const gate = createPolicyGateFromValue(policy, { tools: toolFacts(), logger: silentLogger, audit: { write: () => {} } });
  const harness = await startHarness({ policy: gate });
  cleanups.push(() => gate.close(), () => harness.close());
  return harness;
}

const commandsFound = (result: unknown): string[] =>
  ((result as CallToolResult).structuredContent as { matches: Array<{ command: string }> }).matches.map((match) => match.command);

describe('search_cloudstack_api under the policy', () => {
  it('is offered with call_cloudstack_api under default deny with commands, and lists only the commands named', async () => {
    const harness = await harnessFor({ version: '1', default: 'deny', tools: { list_zones: {} }, commands: { listZones: {}, listHosts: {}, deleteNetwork: { action: 'deny' } } });
    const names = (await harness.client.listTools()).tools.map((tool) => tool.name).sort();
    expect(names).toEqual(['call_cloudstack_api', 'list_zones', 'search_cloudstack_api']);

    const lists = await harness.client.callTool({ name: 'search_cloudstack_api', arguments: { query: 'list', limit: 20 } });
    expect(lists.isError, JSON.stringify(lists.content)).toBeFalsy();
    expect(commandsFound(lists).sort()).toEqual(['listHosts', 'listZones']);
    // A denied command and one the policy does not name are not listed either.
    const networks = await harness.client.callTool({ name: 'search_cloudstack_api', arguments: { query: 'delete network' } });
    expect(commandsFound(networks)).toEqual([]);
  });

  it('answers a command the policy hides as unknown, and never suggests a hidden one', async () => {
    const harness = await harnessFor({ version: '1', default: 'allow', hide: ['listPods', 'listDedicatedPods'], commands: {} });
    const refused = await harness.client.callTool({ name: 'call_cloudstack_api', arguments: { command: 'listPods', params: {} } });
    const text = ((refused as CallToolResult).content[0] as { text: string }).text;
    expect(refused.isError, text).toBe(true);
    expect(text).toMatch(/"listPods" is not a CloudStack command known to this server; did you mean /);
    expect(text).not.toContain('listDedicatedPods');
    const open = await harnessFor({ version: '1', default: 'allow', hide: ['listPods'] });
    const unhidden = ((await open.client.callTool({ name: 'call_cloudstack_api', arguments: { command: 'listPods', params: {} } })) as CallToolResult).content[0] as { text: string };
    // the same call with listDedicatedPods visible suggests it: the filter, not the ranking, kept it out above
    expect(unhidden.text).toContain('listDedicatedPods');
  });

  it("suggests, for a command CloudStack does not have, only commands the policy names", async () => {
    const harness = await harnessFor({ version: '1', default: 'deny', commands: { listZones: {}, listHosts: {} } });
    const refused = await harness.client.callTool({ name: 'call_cloudstack_api', arguments: { command: 'listZone', params: {} } });
    const text = ((refused as CallToolResult).content[0] as { text: string }).text;
    expect(refused.isError, text).toBe(true);
    const suggested = /did you mean ([^?]+)\?/.exec(text)?.[1]?.split(', ');
    expect(suggested, text).toBeDefined();
    expect(suggested!.every((name) => name === 'listZones' || name === 'listHosts'), text).toBe(true);
  });

  it('under default allow lists every command but the hidden and denied ones', async () => {
    const harness = await harnessFor({ version: '1', default: 'allow', hide: ['listHosts'], commands: { listZones: { action: 'deny' } } });
    const found = commandsFound(await harness.client.callTool({ name: 'search_cloudstack_api', arguments: { query: 'list', limit: 20 } }));
    expect(found.length).toBeGreaterThan(5);
    expect(found).not.toContain('listHosts');
    expect(found).not.toContain('listZones');
  });
});

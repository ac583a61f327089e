/**
 * call_cloudstack_api's checks and canonical call: every parameter type of the catalog (string, entity id, UUID,
 * boolean, integer, number, list, map), unknown names and commands, required parameters, paging — and the
 * canonical call the policy decides on and the client sends.
 */
import { describe, expect, it } from 'vitest';
import { flattenParams, type CloudStackParams } from '../../../src/cloudstack/params.js';
import { CALL_TOOL } from '../../../src/tools/generic/call.js';
import { checkCall, valueProblem } from '../../../src/tools/generic/check-params.js';

const ID = '6f1d5a3e-2b4c-4d8e-9f00-1a2b3c4d5e6f';
const ID2 = 'A0B1C2D3-E4F5-4a6b-8c7d-0e1f2a3b4c5d';

const issues = (command: string, params: Record<string, unknown>) => {
  const checked = checkCall(command, params);
  return checked.ok ? [] : checked.issues.map((issue) => `${issue.path}: ${issue.message}`);
};
const canonical = (command: string, params: Record<string, unknown>) => {
  const built = CALL_TOOL.canonicalize!({ command, params });
  if (!built.ok) throw new Error(JSON.stringify(built.issues));
  return built.call;
};

describe('values by catalog type', () => {
  it.each([
    // [name, type, value, problem or undefined]
    ['displayname', 'string', 'web', undefined],
    ['displayname', 'string', 42, undefined],
    ['displayname', 'string', { a: 1 }, 'must be a single value (text, number or boolean), not an object or array'],
    ['zoneid', 'string', ID, undefined],
    ['zoneid', 'string', 'zone-1', 'must be a UUID (an entity id)'],
    ['customid', 'string', 'my-own-id', undefined],
    ['managementserverid', 'UUID', ID2, undefined],
    ['managementserverid', 'UUID', '42', 'must be a UUID (an entity id)'],
    ['listall', 'boolean', true, undefined],
    ['listall', 'boolean', 'TRUE', undefined],
    ['listall', 'boolean', 'yes', 'must be true or false'],
    ['listall', 'boolean', 1, 'must be true or false'],
    ['size', 'integer', 3, undefined],
    ['size', 'integer', '3', undefined],
    ['size', 'integer', 2.5, 'must be an integer'],
    ['size', 'integer', 'three', 'must be an integer'],
    ['value', 'number', 12.5, undefined],
    ['value', 'number', '12.5', undefined],
    ['value', 'number', 'lots', 'must be a number'],
    ['cidrlist', 'list', '10.0.0.0/8, 192.168.0.0/16', undefined],
    ['cidrlist', 'list', ['10.0.0.0/8', '192.168.0.0/16'], undefined],
    ['cidrlist', 'list', ['10.0.0.0/8', ''], 'must be a list without empty elements'],
    ['cidrlist', 'list', [['nested']], 'must be a list: an array of values or a comma-separated text'],
    ['resourceids', 'list', `${ID},${ID2}`, undefined],
    ['resourceids', 'list', [ID, 'web-01'], 'must be a list of UUIDs (entity ids)'],
    // An element holding a comma is the elements CloudStack splits it into, each checked.
    ['resourceids', 'list', [`${ID},${ID2}`], undefined],
    ['resourceids', 'list', [`${ID},web-01`], 'must be a list of UUIDs (entity ids)'],
    ['cidrlist', 'list', ['10.0.0.0/8,'], 'must be a list without empty elements'],
    ['tags', 'map', { key: 'env', value: 'prod' }, undefined],
    ['tags', 'map', [{ key: 'env', value: 'prod' }, { key: 'team', value: 'blue' }], undefined],
    ['details', 'map', { cpuNumber: 2, memory: 2048 }, undefined],
  ] as const)('%s (%s) = %j → %s', (name, type, value, problem) => {
    expect(valueProblem(name, type, value)).toBe(problem);
  });

  it.each([
    ['a text', 'env=prod'],
    ['an empty array', []],
    ['an array of texts', ['env', 'prod']],
    ['an empty entry', [{}]],
  ])('a map given as %s is refused with the rule', (_what, value) => {
    expect(valueProblem('tags', 'map', value)).toMatch(/^must be an object or an array of objects, e\.g\. \{"key": "env", "value": "prod"\} \(sent as name\[0\]\.key=value\)/);
  });

  it('a map whose value is itself an object is refused, naming the key', () => {
    expect(valueProblem('tags', 'map', { key: 'env', value: { nested: true } })).toMatch(/value holds an object or array/);
  });
});

describe('checkCall', () => {
  it('names every problem at once: unknown names, types, required parameters', () => {
    expect(issues('createTags', { resourceids: 'web-01', tags: 'x', colour: 'blue' })).toEqual([
      'params.resourceids: must be a list of UUIDs (entity ids)',
      'params.tags: must be an object or an array of objects, e.g. {"key": "env", "value": "prod"} (sent as name[0].key=value)',
      'params.colour: is not a parameter of createTags (its parameters: customer, resourceids, resourcetype, tags)',
      'params.resourcetype: is required by createTags',
    ]);
  });

  it('refuses an unknown command and suggests the near ones', () => {
    expect(issues('listPortForwardingRule', {})[0]).toMatch(/^command: "listPortForwardingRule" is not a CloudStack command known to this server; did you mean listPortForwardingRules/);
    expect(issues('constructor', {})[0]).toMatch(/^command: "constructor" is not a CloudStack command/);
  });

  it('refuses what the server sets itself, and a map in its flat wire form', () => {
    expect(issues('listZones', { apikey: 'x', signature: 'y' })).toEqual([
      'params.apikey: is set by the server for every request, not by the caller',
      'params.signature: is set by the server for every request, not by the caller',
    ]);
    expect(issues('createTags', { resourceids: ID, resourcetype: 'UserVm', 'tags[0].key': 'env' })[0]).toBe(
      'params.tags[0].key: give the map parameter tags as an object or an array of objects; it is sent as tags[0].key=value',
    );
  });

  it('matches names in any letter case, once', () => {
    expect(checkCall('listVirtualMachines', { ListAll: true, ZoneId: ID })).toEqual({ ok: true, command: 'listVirtualMachines', params: { listall: true, zoneid: ID } });
    expect(issues('listVirtualMachines', { listall: true, LISTALL: false })).toEqual(['params.LISTALL: is given twice (as listall too); names are matched in any letter case']);
  });

  it('checks paging as CloudStack takes it', () => {
    expect(issues('listVirtualMachines', { pagesize: 501 })).toEqual(['params.pagesize: must be from 1 to 500']);
    expect(issues('listVirtualMachines', { page: 0 })).toEqual(['params.page: must be at least 1']);
  });

  it('takes null as absent, but not for a required parameter', () => {
    expect(checkCall('listZones', { id: null })).toEqual({ ok: true, command: 'listZones', params: {} });
    expect(issues('deleteNetwork', { id: null })).toEqual(['params.id: is required by deleteNetwork']);
  });
});

describe('the canonical call', () => {
  it('is what the policy sees and the client sends: typed values, lists as arrays, maps as entries', () => {
    const call = canonical('createTags', { resourceids: `${ID2}, ${ID}`, resourcetype: 'UserVm', tags: { key: 'env', value: 'prod' } });
    expect(call).toEqual({
      tool: 'call_cloudstack_api',
      command: 'createTags',
      reads: false,
      args: { command: 'createTags', params: { resourceids: [ID2.toLowerCase(), ID], resourcetype: 'UserVm', tags: [{ key: 'env', value: 'prod' }] } },
      params: { resourceids: [ID2.toLowerCase(), ID], resourcetype: 'UserVm', tags: [{ key: 'env', value: 'prod' }] },
    });
    expect(flattenParams(call.params)).toEqual({ resourceids: `${ID2.toLowerCase()},${ID}`, resourcetype: 'UserVm', 'tags[0].key': 'env', 'tags[0].value': 'prod' });
  });

  it('pages list commands like the list tools, and types booleans and integers from text', () => {
    const call = canonical('listVirtualMachines', { listall: 'true', pagesize: '20' });
    expect(call.reads).toBe(true);
    expect(call.params).toEqual({ listall: true, page: 1, pagesize: 20 });
  });

  it('writes out CloudStack’s behaviour-changing defaults, as the curated tools do', () => {
    expect(canonical('stopVirtualMachine', { id: ID }).params).toEqual({ id: ID, forced: false });
    expect(canonical('createFirewallRule', { ipaddressid: ID, protocol: 'tcp' }).params).toMatchObject({ cidrlist: ['0.0.0.0/0'] });
  });

  it('sends a map of several entries with one index each', () => {
    const call = canonical('scaleVirtualMachine', { id: ID, serviceofferingid: ID2, details: [{ cpuNumber: 2 }, { memory: 2048 }] });
    expect(flattenParams(call.params as CloudStackParams)).toMatchObject({ 'details[0].cpuNumber': '2', 'details[1].memory': '2048' });
  });

  it('refuses through the hook with the issues, for the registry to answer', () => {
    const built = CALL_TOOL.canonicalize!({ command: 'deleteNetwork', params: {} });
    expect(built).toEqual({ ok: false, issues: [{ path: 'params.id', message: 'is required by deleteNetwork' }] });
  });
});

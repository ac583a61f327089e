import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, test } from 'vitest';
import { CloudStackJobError } from '../../../src/cloudstack/errors.js';
import type { Admission, PolicyGate } from '../../../src/policy/types.js';
import { TOOLS } from '../../../src/tools/all.js';
import { allowAllPolicy } from '../../helpers/allow-all-policy.js';
import { connect, textOf, type Connected } from './connect.js';
import { fakeApi } from './fake-api.js';

const VM = '6f9619ff-8b86-4011-b42d-00cf4fc964ff';
const HOST = '0b0c3f4e-1d6a-4c1e-9a55-1c2a3b4c5d6e';
let session: Connected | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

function gate(overrides: Partial<PolicyGate>): PolicyGate {
  return { ...allowAllPolicy(), ...overrides };
}

describe('tools/list', () => {
  test('lists every tool with the allow-all policy', async () => {
    session = await connect({ api: fakeApi({}) });
    const { tools } = await session.client.listTools();
    expect(tools).toHaveLength(TOOLS.length);
    expect(tools.every((tool) => tool.inputSchema.type === 'object' && tool.outputSchema?.type === 'object')).toBe(true);
  });

  test('read-only mode lists only readOnlyHint tools (and the per-call generic tool, gated per call), whatever the policy says', async () => {
    session = await connect({ api: fakeApi({}), readOnly: true });
    const { tools } = await session.client.listTools();
    expect(tools.length).toBeGreaterThan(0);
    const perCall = new Set(TOOLS.filter((tool) => tool.canonicalize !== undefined).map((tool) => tool.name));
    expect(tools.filter((tool) => !perCall.has(tool.name)).every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
    expect(tools.map((tool) => tool.name)).not.toContain('migrate_virtual_machine');
  });

  test('a hidden tool is neither listed nor callable, and its refusal is the unknown-tool error', async () => {
    const api = fakeApi({});
    session = await connect({ api, policy: gate({ isVisible: (name) => name !== 'destroy_virtual_machine' }) });
    const { tools } = await session.client.listTools();
    expect(tools.map((tool) => tool.name)).not.toContain('destroy_virtual_machine');
    const hidden = session.client.callTool({ name: 'destroy_virtual_machine', arguments: { id: VM } });
    await expect(hidden).rejects.toMatchObject({ code: ErrorCode.InvalidParams, message: 'MCP error -32602: Unknown tool: destroy_virtual_machine' });
    const unknown = session.client.callTool({ name: 'no_such_tool', arguments: {} });
    await expect(unknown).rejects.toMatchObject({ code: ErrorCode.InvalidParams, message: 'MCP error -32602: Unknown tool: no_such_tool' });
    expect(api.calls).toEqual([]);
  });

  test('a mutating tool in read-only mode answers that the server runs read-only, and nothing is sent', async () => {
    const api = fakeApi({});
    const policy = allowAllPolicy();
    session = await connect({ api, policy, readOnly: true });
    const result = await session.client.callTool({ name: 'stop_virtual_machine', arguments: { id: VM } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^stop_virtual_machine changes CloudStack and this server runs read-only \(--read-only\)/);
    expect(result.structuredContent).toEqual({ error: { code: 'read_only', message: 'the server runs read-only' } });
    expect(api.calls).toEqual([]);
    expect(policy.calls).toEqual([]);
  });

  test('in read-only mode a tool the policy hides is still an unknown tool', async () => {
    session = await connect({ api: fakeApi({}), readOnly: true, policy: gate({ isVisible: (name) => name !== 'stop_virtual_machine' }) });
    await expect(session.client.callTool({ name: 'stop_virtual_machine', arguments: { id: VM } })).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
  });
});

describe('argument validation', () => {
  test('names every failing field and its rule, and nothing reaches the policy or CloudStack', async () => {
    const api = fakeApi({});
    const policy = allowAllPolicy();
    session = await connect({ api, policy });
    const result = await session.client.callTool({
      name: 'migrate_virtual_machine',
      arguments: { virtualmachineid: 'not-a-uuid', hostid: HOST, storageid: HOST, extra: 1 },
    });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toContain('Invalid arguments for migrate_virtual_machine: virtualmachineid: must be a UUID');
    expect(text).toContain('extra: unknown argument');
    expect(text).toContain('storageid: give only one of hostid and storageid');
    expect(result.structuredContent).toMatchObject({
      error: { code: 'invalid_arguments', issues: expect.arrayContaining([{ path: 'virtualmachineid', message: 'must be a UUID' }]) },
    });
    expect(api.calls).toEqual([]);
    expect(policy.calls).toEqual([]);
  });

  test('page sizes, ports and missing required fields', async () => {
    session = await connect({ api: fakeApi({}) });
    const list = await session.client.callTool({ name: 'list_virtual_machines', arguments: { pagesize: 501 } });
    expect(textOf(list)).toContain('pagesize: must be at most 500');
    const missing = await session.client.callTool({ name: 'create_firewall_rule', arguments: { protocol: 'tcp' } });
    expect(textOf(missing)).toBe('Invalid arguments for create_firewall_rule: ipaddressid: is required');
    const range = await session.client.callTool({ name: 'create_firewall_rule', arguments: { ipaddressid: VM, protocol: 'tcp', startport: 90, endport: 80 } });
    expect(textOf(range)).toContain('endport: startport must not be greater than endport');
    const port = await session.client.callTool({ name: 'create_security_group_rule', arguments: { securitygroupid: VM, protocol: 'tcp', startport: 70000 } });
    expect(textOf(port)).toContain('startport: must be a port 0-65535');
  });
});

describe('the policy gate', () => {
  test('a refusal is a [POLICY DENIED] tool error with the decision details, and nothing is sent', async () => {
    const api = fakeApi({});
    const refusal = { decision: 'rate_limited' as const, rule: '/tools/stop_virtual_machine/limits/0', reason: 'rate limit: 1 per minute, retry in 42 s', limit: 1, remaining: 0, retryAfterSeconds: 42 };
    session = await connect({ api, policy: gate({ admit: async (): Promise<Admission> => ({ allowed: false, refusal }) }) });
    const result = await session.client.callTool({ name: 'stop_virtual_machine', arguments: { id: VM } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('[POLICY DENIED] rate limit: 1 per minute, retry in 42 s');
    expect(result.structuredContent).toEqual({ policy: refusal });
    expect(api.calls).toEqual([]);
  });

  test('a policy that throws lets nothing through and the server keeps serving', async () => {
    const api = fakeApi({ listZones: { count: 0, items: [] } });
    let calls = 0;
    session = await connect({
      api,
      policy: gate({
        admit: async (): Promise<Admission> => {
          calls += 1;
          if (calls === 1) throw new Error('policy bug');
          return { allowed: true, finish: () => {} };
        },
      }),
    });
    const failed = await session.client.callTool({ name: 'list_zones', arguments: {} });
    expect(failed.isError).toBe(true);
    expect(failed.structuredContent).toMatchObject({ error: { code: 'internal_error' } });
    expect(api.calls).toEqual([]);
    const next = await session.client.callTool({ name: 'list_zones', arguments: {} });
    expect(next.isError).toBeFalsy();
  });

  test('the policy sees the canonical call, CloudStack gets its params, and the policy hears how the call ended', async () => {
    const api = fakeApi({ stopVirtualMachine: { virtualmachine: { id: VM, name: 'web', state: 'Stopped' } } });
    const policy = allowAllPolicy();
    session = await connect({ api, policy });
    await session.client.callTool({ name: 'stop_virtual_machine', arguments: { id: VM.toUpperCase(), forced: false, confirm: true } });
    expect(policy.calls).toEqual([
      {
        tool: 'stop_virtual_machine',
        command: 'stopVirtualMachine',
        args: { id: VM, forced: false, confirm: true },
        params: { id: VM, forced: false },
        reads: false,
        sessionId: 'unit',
        resources: expect.objectContaining({ resource: expect.any(Function), target: expect.any(Function) }),
      },
    ]);
    expect(policy.outcomes).toEqual([{ ok: true, jobId: 'job-1' }]);
    // confirm is the tool's own; the id is sent lower-case, as the policy saw it; the very same params object.
    expect(api.calls).toEqual([{ kind: 'callAsync', command: 'stopVirtualMachine', params: { id: VM, forced: false } }]);
    expect(api.calls[0]!.params).toBe(policy.calls[0]!.params);
  });

  test("a get tool's listall=true (any account's object by its id) is part of the call the policy decides on", async () => {
    const api = fakeApi({ listVirtualMachines: { count: 1, items: [{ id: VM, name: 'web', state: 'Running' }] } });
    const policy = allowAllPolicy();
    session = await connect({ api, policy });
    await session.client.callTool({ name: 'get_virtual_machine', arguments: { id: VM } });
    expect(policy.calls[0]!.params).toEqual({ id: VM, listall: true });
    expect(api.calls.at(-1)!.params).toBe(policy.calls[0]!.params);
  });

  test('a firewall rule without cidrlist reaches the policy and CloudStack as 0.0.0.0/0', async () => {
    const api = fakeApi({ createFirewallRule: { firewallrule: { id: HOST, protocol: 'tcp', cidrlist: '0.0.0.0/0' } } });
    const policy = allowAllPolicy();
    session = await connect({ api, policy });
    await session.client.callTool({ name: 'create_firewall_rule', arguments: { ipaddressid: HOST, protocol: 'tcp', startport: 22, endport: 22 } });
    expect(policy.calls[0]?.params).toMatchObject({ cidrlist: ['0.0.0.0/0'] });
    expect(api.calls[0]).toMatchObject({ kind: 'callAsync', command: 'createFirewallRule', params: { cidrlist: ['0.0.0.0/0'] } });
  });

  test('a read on a resource-less command carries no resolver, and the resolver reads nothing unless asked', async () => {
    const api = fakeApi({ listZones: { count: 0, items: [] }, startVirtualMachine: { virtualmachine: { id: VM, state: 'Running' } } });
    const policy = allowAllPolicy();
    session = await connect({ api, policy });
    await session.client.callTool({ name: 'list_zones', arguments: {} });
    await session.client.callTool({ name: 'start_virtual_machine', arguments: { id: VM } });
    expect(policy.calls[0]?.resources).toBeUndefined();
    expect(policy.calls[1]?.resources).toBeDefined();
    expect(api.calls.map((call) => call.command)).toEqual(['listZones', 'startVirtualMachine']);
  });

  test('resolved resources are cached across calls and dropped after a write on them', async () => {
    const api = fakeApi({
      listVirtualMachines: { count: 1, items: [{ id: VM, name: 'web', state: 'Running', tags: [{ key: 'env', value: 'dev' }] }] },
      rebootVirtualMachine: { virtualmachine: { id: VM, name: 'web', state: 'Running' } },
    });
    const seen: unknown[] = [];
    let admitted = 0;
    session = await connect({
      api,
      policy: gate({
        admit: async (call): Promise<Admission> => {
          seen.push(await call.resources?.resource());
          admitted += 1;
          // The first call is refused after its lookup: nothing was written, so the entry stays.
          if (admitted === 1) return { allowed: false, refusal: { decision: 'denied', rule: '/tools/x', reason: 'no' } };
          return { allowed: true, finish: () => {} };
        },
      }),
    });
    for (let call = 0; call < 3; call += 1) await session.client.callTool({ name: 'reboot_virtual_machine', arguments: { id: VM } });
    // Refused call: read. Second: cached, then sent (a write). Third: read again.
    expect(api.calls.map((call) => call.command)).toEqual(['listVirtualMachines', 'rebootVirtualMachine', 'listVirtualMachines', 'rebootVirtualMachine']);
    expect(seen).toEqual([expect.objectContaining({ id: VM, fields: expect.objectContaining({ tags: { env: 'dev' } }) }), expect.anything(), expect.anything()]);
  });

  test("deploy's default network is chosen before the decision, so the policy sees the networkids that are sent", async () => {
    const NET = '11111111-2222-4333-8444-555555555555';
    const api = fakeApi({
      listZones: { count: 1, items: [{ id: HOST, networktype: 'Advanced', securitygroupsenabled: false }] },
      listNetworks: { count: 1, items: [{ id: NET, name: 'default', type: 'Isolated', state: 'Implemented', isdefault: true }] },
      deployVirtualMachine: { virtualmachine: { id: VM, name: 'web', state: 'Running' } },
    });
    const policy = allowAllPolicy();
    session = await connect({ api, policy });
    const result = await session.client.callTool({ name: 'deploy_virtual_machine', arguments: { serviceofferingid: HOST, templateid: HOST, zoneid: HOST } });
    expect(result.isError).toBeFalsy();
    expect(policy.calls[0]?.params).toMatchObject({ networkids: [NET], startvm: true });
    expect(policy.calls[0]?.args.networkids).toBeUndefined();
    const sent = api.calls.find((call) => call.command === 'deployVirtualMachine');
    expect(sent?.params).toBe(policy.calls[0]?.params);
  });
});

describe('results', () => {
  test('lists are paged at 50 by default and say how to get the next page', async () => {
    const items = Array.from({ length: 50 }, (_, index) => ({ id: `id-${index}`, name: `vm-${index}`, state: 'Running' }));
    const api = fakeApi({ listVirtualMachines: { count: 230, items } });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'list_virtual_machines', arguments: { state: 'Running' } });
    expect(api.calls[0]).toEqual({ kind: 'list', command: 'listVirtualMachines', params: { state: 'Running', page: 1, pagesize: 50 } });
    expect(result.structuredContent).toMatchObject({ count: 230, page: 1, pagesize: 50, nextpage: 2 });
    expect(textOf(result)).toMatch(/^230 virtual machines, showing 1–50; call again with page=2 for more\.\n\| id \| name \| state \|/);
  });

  test('an object result is keyed by its CloudStack name with a one-paragraph summary', async () => {
    const vm = { id: VM, name: 'web-1', state: 'Running', hostname: 'kvm-2', zonename: 'zone-1' };
    session = await connect({ api: fakeApi({ migrateVirtualMachine: { virtualmachine: vm } }) });
    const result = await session.client.callTool({ name: 'migrate_virtual_machine', arguments: { virtualmachineid: VM, hostid: HOST } });
    expect(result.structuredContent).toEqual({ virtualmachine: vm });
    // The summary, then the object itself as compact JSON (results.ts).
    expect(textOf(result)).toBe(`Virtual machine web-1 (${VM}): state Running, zonename zone-1, hostname kvm-2. Job job-1 finished in 1.2 s.\n${JSON.stringify(vm)}`);
  });

  test('list_users never shows API keys', async () => {
    const api = fakeApi({ listUsers: { count: 1, items: [{ id: VM, username: 'admin', apikey: 'AK', secretkey: 'SK' }] } });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'list_users', arguments: {} });
    expect(JSON.stringify(result)).not.toMatch(/"AK"|"SK"|apikey|secretkey/);
  });
});

describe('errors', () => {
  test('a failed job is a tool error with its code, CloudStack text and job id; the audit hears it', async () => {
    const api = fakeApi({
      migrateVirtualMachine: () => {
        throw new CloudStackJobError('job-9', 'migrateVirtualMachine', 431, 'VM is not Running, unable to migrate the vm with specified id');
      },
    });
    const policy = allowAllPolicy();
    session = await connect({ api, policy });
    const result = await session.client.callTool({ name: 'migrate_virtual_machine', arguments: { virtualmachineid: VM, hostid: HOST } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('[job_failed]');
    expect(textOf(result)).toContain('VM is not Running');
    expect(result.structuredContent).toMatchObject({ error: { code: 'job_failed', jobId: 'job-9', errorCode: 431 } });
    expect(policy.outcomes).toEqual([{ ok: false, jobId: 'job-9', error: expect.stringContaining('job_failed') }]);
  });

  test('an unexpected exception is a generic tool error, logged without secrets, and the server keeps serving', async () => {
    const api = fakeApi({
      listZones: () => {
        throw new Error('boom at https://cloud/api?apikey=SECRETKEY123&signature=SIG');
      },
      listHosts: { count: 0, items: [] },
    });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'list_zones', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('internal error');
    expect(textOf(result)).not.toContain('boom');
    expect(session.logLines.join('\n')).toContain('boom');
    expect(session.logLines.join('\n')).not.toMatch(/SECRETKEY123|SIG&|=SIG/);
    const next = await session.client.callTool({ name: 'list_hosts', arguments: {} });
    expect(next.isError).toBeFalsy();
  });
});

describe('secrets returned once', () => {
  test('create_ssh_key_pair returns the private key to the caller and nowhere else', async () => {
    const privatekey = '-----BEGIN RSA PRIVATE KEY-----\nMIIsecret\n-----END RSA PRIVATE KEY-----';
    const policy = allowAllPolicy();
    session = await connect({ api: fakeApi({ createSSHKeyPair: { keypair: { name: 'k1', fingerprint: 'aa:bb', privatekey } } }), policy });
    const result = await session.client.callTool({ name: 'create_ssh_key_pair', arguments: { name: 'k1' } });
    expect(result.structuredContent).toEqual({ keypair: { name: 'k1', fingerprint: 'aa:bb', privatekey } });
    expect(textOf(result)).toContain('MIIsecret');
    expect(session.logLines.join('\n')).not.toContain('MIIsecret');
    expect(JSON.stringify(policy.outcomes)).not.toContain('MIIsecret');
  });

  test('reset_password_virtual_machine returns the password once and never logs it', async () => {
    session = await connect({ api: fakeApi({ resetPasswordForVirtualMachine: { virtualmachine: { id: VM, name: 'web', password: 'N3wPassw0rd' } } }) });
    const result = await session.client.callTool({ name: 'reset_password_virtual_machine', arguments: { id: VM } });
    expect(textOf(result)).toContain('password (shown once');
    expect(textOf(result)).toContain('N3wPassw0rd');
    expect(session.logLines.join('\n')).not.toContain('N3wPassw0rd');
  });
});

describe('progress', () => {
  test('job progress becomes notifications/progress when the request carries a progress token', async () => {
    const api = fakeApi({
      startVirtualMachine: (_params, options) => {
        options?.onProgress?.({ jobId: 'job-7', elapsedMs: 500, polls: 1 });
        options?.onProgress?.({ jobId: 'job-7', elapsedMs: 1000, polls: 2, jobProcStatus: 0 });
        return { virtualmachine: { id: VM, name: 'web', state: 'Running' } };
      },
    });
    session = await connect({ api });
    const seen: Array<{ progress: number; message?: string }> = [];
    const result = await session.client.callTool({ name: 'start_virtual_machine', arguments: { id: VM } }, undefined, {
      onprogress: (progress) => seen.push(progress),
    });
    expect(result.isError).toBeFalsy();
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[0]).toMatchObject({ progress: 1, message: 'job job-7 still running in CloudStack after 0.5 s (1 check)' });
    expect(seen[1]?.message).toBe('job job-7 still running in CloudStack after 1.0 s (2 checks)');
    expect(seen[1]?.progress).toBe(2);
  });
});

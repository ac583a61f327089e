import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import type { AuditRecord } from '../../../src/policy/audit.js';
import { PolicyError, createPolicyGate, createPolicyGateFromValue, type ManagedPolicyGate } from '../../../src/policy/index.js';
import { TOOLS, TOOLS_WITH_FACTS, call, fakeClock, neverAsked } from './fixtures.js';

const policy = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    version: '1',
    default: 'deny',
    tools: { list_zones: {}, list_hosts: {}, migrate_virtual_machine: { limits: [{ counter: 'migrate', window: 'minute', max: 2 }] } },
    ...extra,
  });

describe('a gate over a policy file', () => {
  let dir: string;
  let file: string;
  let gate: ManagedPolicyGate | undefined;
  let logs: string[];
  const logger = () => createLogger({ write: (line) => logs.push(line) });
  const records: AuditRecord[] = [];
  const audit = { write: (record: AuditRecord) => void records.push(record) };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-'));
    file = join(dir, 'policy.json');
    logs = [];
  });
  afterEach(async () => {
    await gate?.close();
    gate = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('hot-reloads a valid edit: tools/list changes, listeners fire, unchanged counters keep their counts', async () => {
    writeFileSync(file, policy());
    gate = await createPolicyGate({ tools: TOOLS, file, logger: logger(), audit, watch: true, watchDebounceMs: 20, now: fakeClock().now });
    const migrate = call('migrate_virtual_machine', { virtualmachineid: 'vm1' });
    expect((await gate.admit(migrate, neverAsked)).allowed).toBe(true);
    expect((await gate.admit(migrate, neverAsked)).allowed).toBe(true);
    const before = gate.policyHash;
    const changed = vi.fn();
    gate.onChange(changed);

    // Replace the file the way editors do: write a temporary file, rename it over the original.
    writeFileSync(join(dir, 'policy.json.tmp'), policy({ hide: ['list_hosts'] }));
    renameSync(join(dir, 'policy.json.tmp'), file);

    await vi.waitFor(() => expect(changed).toHaveBeenCalledTimes(1), { timeout: 5_000, interval: 20 });
    expect(gate.policyHash).not.toBe(before);
    expect(gate.isVisible('list_hosts')).toBe(false);
    const third = await gate.admit(migrate, neverAsked);
    expect(third.allowed === false && third.refusal.decision).toBe('rate_limited');
  });

  it('rejects an invalid edit with a clear log line and keeps the policy in force', async () => {
    writeFileSync(file, policy());
    gate = await createPolicyGate({ tools: TOOLS, file, logger: logger(), audit, watch: true, watchDebounceMs: 20 });
    const changed = vi.fn();
    gate.onChange(changed);
    const before = gate.policyHash;

    writeFileSync(file, policy({ tools: { list_zone: {} } }));
    await vi.waitFor(() => expect(logs.join('\n')).toContain('policy reload rejected'), { timeout: 5_000, interval: 20 });
    const line = JSON.parse(logs.find((entry) => entry.includes('policy reload rejected'))!);
    expect(line).toMatchObject({ level: 'error', problems: ['/tools/list_zone: unknown tool (did you mean list_zones?)'] });
    expect(changed).not.toHaveBeenCalled();
    expect(gate.policyHash).toBe(before);
    expect(gate.isVisible('list_hosts')).toBe(true);
  });

  it('rejects an edit with a misspelt condition path and keeps the policy in force; refuses to start with one', async () => {
    const typo = { version: '1', default: 'deny', tools: { stop_virtual_machine: { deny_if: [{ path: 'args.forcd', op: 'eq', value: true }] } } };
    const problem = '/tools/stop_virtual_machine/deny_if/0/path: args.forcd is no parameter of stop_virtual_machine (did you mean args.forced?)';
    writeFileSync(file, policy());
    gate = await createPolicyGate({ tools: TOOLS_WITH_FACTS, file, logger: logger(), audit });
    const before = gate.policyHash;
    writeFileSync(file, JSON.stringify(typo));
    expect(gate.reload()).toBe(false);
    expect(gate.policyHash).toBe(before);
    expect(JSON.parse(logs.find((entry) => entry.includes('policy reload rejected'))!)).toMatchObject({ problems: [problem] });
    await expect(createPolicyGate({ tools: TOOLS_WITH_FACTS, file, logger: logger(), audit })).rejects.toThrow(problem);
  });

  it('does not fire listeners when the content did not change', async () => {
    writeFileSync(file, policy());
    gate = await createPolicyGate({ tools: TOOLS, file, logger: logger(), audit });
    const changed = vi.fn();
    gate.onChange(changed);
    writeFileSync(file, policy());
    expect(gate.reload()).toBe(false);
    writeFileSync(file, policy({ default: 'allow' }));
    expect(gate.reload()).toBe(true);
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('refuses to start on an invalid file, naming every problem', async () => {
    writeFileSync(file, policy({ mode: 'loud' }));
    const failure = createPolicyGate({ tools: TOOLS, file, logger: logger(), audit });
    await expect(failure).rejects.toBeInstanceOf(PolicyError);
    await expect(failure).rejects.toThrow('/mode: must be enforce or shadow');
  });

  it('appends audit records to CLOUDSTACK_MCP_AUDIT_LOG as JSON lines', async () => {
    writeFileSync(file, policy());
    const auditFile = join(dir, 'audit.log');
    gate = await createPolicyGate({ tools: TOOLS, file, logger: logger(), auditFile });
    await gate.admit(call('list_zones'), neverAsked);
    await gate.admit(call('stop_virtual_machine', { id: 'vm1' }), neverAsked);
    await gate.close();
    gate = undefined;
    const lines = readFileSync(auditFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.event, line.tool])).toEqual([
      ['allow', 'list_zones'],
      ['deny', 'stop_virtual_machine'],
    ]);
  });
});

describe('the built-in policy', () => {
  it('allows read-only tools, hides mutating ones, and announces itself with how to enable more', async () => {
    const logs: string[] = [];
    const gate = await createPolicyGate({ tools: TOOLS, logger: createLogger({ write: (line) => logs.push(line) }), audit: { write: () => {} } });
    expect((await gate.admit(call('list_virtual_machines'), neverAsked)).allowed).toBe(true);
    const refused = await gate.admit(call('stop_virtual_machine', { id: 'vm1' }), neverAsked);
    expect(refused.allowed === false && refused.refusal).toMatchObject({ decision: 'hidden', rule: '/default' });
    expect(gate.isVisible('stop_virtual_machine')).toBe(false);
    expect(gate.isVisible('list_virtual_machines')).toBe(true);
    const notice = logs.find((line) => line.includes('built-in policy allows the 27 read-only tools and refuses the 20'));
    expect(notice).toMatch(/--policy FILE or set CLOUDSTACK_MCP_POLICY.*policy\.example\.json/);
    await gate.close();
  });
});

describe('a gate from an in-memory policy', () => {
  it('builds from a value and throws PolicyError with JSON paths when it is wrong', async () => {
    const gate = createPolicyGateFromValue(JSON.parse(policy()), { tools: TOOLS, logger: createLogger({ write: () => {} }), audit: { write: () => {} } });
    expect((await gate.admit(call('list_zones'), neverAsked)).allowed).toBe(true);
    expect(() => createPolicyGateFromValue({ version: '1' }, { tools: TOOLS, logger: createLogger({ write: () => {} }) })).toThrow('/default: must be allow or deny');
  });
});

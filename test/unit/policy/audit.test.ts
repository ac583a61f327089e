import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import type { AuditRecord } from '../../../src/policy/audit.js';
import { createAuditSink } from '../../../src/policy/audit-sink.js';
import { createPolicyGateFromValue } from '../../../src/policy/index.js';
import { TOOLS, call, neverAsked } from './fixtures.js';

const record = (tool: string): AuditRecord => ({ time: '2026-01-01T00:00:00.000Z', event: 'allow', call: 'c1', session: 's1', tool, policy: 'h' });

describe('the audit file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('that cannot be opened stops the gate from being built, naming the file and the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    dirs.push(dir);
    const file = join(dir, 'missing-dir', 'audit.log');
    expect(() => createPolicyGateFromValue({ version: '1', default: 'allow' }, { tools: TOOLS, logger: createLogger({ write: () => {} }), auditFile: file })).toThrow(
      `audit log ${file} (CLOUDSTACK_MCP_AUDIT_LOG) cannot be opened for appending (ENOENT)`,
    );
  });

  it.skipIf(!existsSync('/dev/full'))('that fails later is logged once, and that record and the ones that follow go to stderr', async () => {
    const logs: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const sink = createAuditSink('/dev/full', createLogger({ write: (line) => logs.push(line) }));
    sink.write(record('list_zones')); // ENOSPC, noticed at once: the write is synchronous
    expect(logs.some((line) => line.includes('audit log not writable'))).toBe(true);
    sink.write(record('list_hosts'));
    sink.write(record('list_clusters'));
    expect(logs.filter((line) => line.includes('audit log not writable'))).toHaveLength(1);
    const onStderr = stderr.mock.calls.map(([chunk]) => String(chunk)).filter((chunk) => chunk.includes('"event":"allow"'));
    // Not one record is lost: the one that failed goes to stderr too.
    expect(onStderr.map((line) => JSON.parse(line).tool)).toEqual(['list_zones', 'list_hosts', 'list_clusters']);
    await sink.close?.();
  });

  it('a sink that throws does not stop the decision', async () => {
    const logs: string[] = [];
    const gate = createPolicyGateFromValue(
      { version: '1', default: 'allow' },
      { tools: TOOLS, logger: createLogger({ write: (line) => logs.push(line) }), audit: { write: () => { throw new Error('sink down'); } } },
    );
    expect((await gate.admit(call('list_zones'), neverAsked)).allowed).toBe(true);
    expect(logs.join('\n')).toContain('audit record not written');
  });
});

/**
 * The audit log follows rotation (issue 15: records written after the file was deleted or rotated away were lost
 * silently). A real policy gate appends to CLOUDSTACK_MCP_AUDIT_LOG's file while tool calls run against the
 * simulator; mid-run the file is rotated (renamed, as logrotate does), deleted, and rotated with SIGHUP. Every call's
 * records are found in one of the files, none is lost after a reopen, and each reopen is logged.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createPolicyGateFromValue, type ManagedPolicyGate } from '../../src/policy/index.js';
import { toolFacts } from '../../src/tools/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const records = (path: string): Array<{ event: string; call: string; tool: string }> =>
  existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];

describe('audit log rotation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-rotation-'));
  const file = join(dir, 'audit.log');
  const logs: string[] = [];
  let gate: ManagedPolicyGate;
  let harness: Harness;

  beforeAll(async () => {
    const logger = createLogger({ level: 'debug', write: (line) => logs.push(line) });
    gate = createPolicyGateFromValue({ version: '1', default: 'allow' }, { tools: toolFacts(), logger, auditFile: file });
    harness = await startHarness({ policy: gate, logger });
  });
  afterAll(async () => {
    await harness?.close();
    await gate?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Three calls; each is audited as allow + executed. */
  const callSome = async (): Promise<void> => {
    for (const name of ['list_zones', 'list_hosts', 'list_service_offerings']) {
      const result = await harness.client.callTool({ name, arguments: {} });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    }
  };

  it('rotated, deleted, and rotated with SIGHUP mid-run: every record is in a file, each reopen logged', async () => {
    await callSome();
    expect(records(file)).toHaveLength(6);

    renameSync(file, `${file}.1`); // logrotate without copytruncate
    await callSome();
    expect(records(`${file}.1`)).toHaveLength(6);
    expect(records(file)).toHaveLength(6);

    rmSync(file); // an operator cleaning up
    await callSome();
    expect(records(file)).toHaveLength(6);

    // logrotate's postrotate: rename, then SIGHUP before any record is written.
    renameSync(file, `${file}.2`);
    process.emit('SIGHUP', 'SIGHUP');
    await callSome();
    expect(records(`${file}.2`)).toHaveLength(6);
    expect(records(file)).toHaveLength(6);

    // The deleted file took its own 6 records with it; every record written after a reopen is there.
    const all = [`${file}.1`, `${file}.2`, file].flatMap(records);
    expect(all).toHaveLength(18);
    // Each of the 9 calls in the files has both its records: nothing was split or lost around a reopen.
    const byCall = new Map<string, string[]>();
    for (const record of all) byCall.set(record.call, [...(byCall.get(record.call) ?? []), record.event]);
    expect([...byCall.values()].map((events) => events.sort().join(','))).toEqual(Array(9).fill('allow,executed'));

    const reopened = logs.filter((line) => line.includes('audit log reopened')).map((line) => JSON.parse(line).why);
    expect(reopened).toEqual(['the file was moved or deleted', 'the file was moved or deleted', 'SIGHUP']);
  });
});

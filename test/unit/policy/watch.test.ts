/** Hot reload through the ways files really change on disk: deleted and recreated, and a Kubernetes symlink swap. */
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { createPolicyGate, type ManagedPolicyGate } from '../../../src/policy/index.js';
import { TOOLS } from './fixtures.js';

const policy = (hide: string[] = []) => JSON.stringify({ version: '1', default: 'deny', hide, tools: { list_zones: {}, list_hosts: {} } });

describe('the policy file watcher', () => {
  let dir: string;
  let gate: ManagedPolicyGate | undefined;
  let logs: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-watch-'));
    logs = [];
  });
  afterEach(async () => {
    await gate?.close();
    gate = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  const watched = (file: string) =>
    createPolicyGate({ tools: TOOLS, file, watch: true, watchDebounceMs: 20, logger: createLogger({ write: (line) => logs.push(line) }), audit: { write: () => {} } });

  it('keeps the policy while the file is gone, and loads it again when it is recreated', async () => {
    const file = join(dir, 'policy.json');
    writeFileSync(file, policy());
    gate = await watched(file);
    const changed = vi.fn();
    gate.onChange(changed);

    unlinkSync(file);
    await vi.waitFor(() => expect(logs.join('\n')).toMatch(/policy reload rejected.*cannot read .*ENOENT/), { timeout: 5_000, interval: 20 });
    expect(gate.isVisible('list_hosts')).toBe(true);
    expect(changed).not.toHaveBeenCalled();

    writeFileSync(file, policy(['list_hosts']));
    await vi.waitFor(() => expect(changed).toHaveBeenCalledTimes(1), { timeout: 5_000, interval: 20 });
    expect(gate.isVisible('list_hosts')).toBe(false);
  });

  it('follows a Kubernetes ConfigMap update, which swaps a ..data symlink and never names the file', async () => {
    const version = (name: string, hide: string[]) => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'policy.json'), policy(hide));
    };
    version('..2026_01', []);
    symlinkSync('..2026_01', join(dir, '..data'));
    symlinkSync(join('..data', 'policy.json'), join(dir, 'policy.json'));
    gate = await watched(join(dir, 'policy.json'));
    const changed = vi.fn();
    gate.onChange(changed);

    version('..2026_02', ['list_hosts']);
    symlinkSync('..2026_02', join(dir, '..data_tmp'));
    renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
    await vi.waitFor(() => expect(changed).toHaveBeenCalledTimes(1), { timeout: 5_000, interval: 20 });
    expect(gate.isVisible('list_hosts')).toBe(false);
  });
});

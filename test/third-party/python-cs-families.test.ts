/**
 * The simulator's family commands (tags, VM snapshots, VPC offerings) driven by Debian's python3-cs: a
 * third-party client's map encoding (`tags[0].key`) and job polling work unchanged. Skipped, saying so, when
 * python3-cs is not installed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { simulatorPerTest } from '../helpers/simulator.js';

const SCRIPT = fileURLToPath(new URL('./cs_families.py', import.meta.url));
const run = promisify(execFile);

const python = ['/usr/bin/python3', 'python3'].find((candidate) => {
  try {
    execFileSync(candidate, ['-c', 'import cs'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (python === undefined) console.warn('SKIPPED: python3-cs is not installed (apt-get install -y python3-cs); the third-party families test did not run');

describe.skipIf(python === undefined)('python3-cs against the simulator\'s families', () => {
  const sim = simulatorPerTest({ jobMs: 20, strict: true });

  it('tags a VM and finds it by tag, snapshots it and deletes the snapshot, lists VPC offerings', async () => {
    const env = { ...process.env, CS_ENDPOINT: sim.url, CS_KEY: sim.keys.admin.apiKey, CS_SECRET: sim.keys.admin.secretKey };
    const { stdout } = await run(python!, [SCRIPT], { env, timeout: 20_000 });
    const out = JSON.parse(stdout) as Record<string, any>;
    expect(out.tagged).toEqual({ success: true });
    expect(out.found).toEqual(['db-01']);
    expect(out.tags).toMatchObject([{ key: 'team', value: 'dba', resourcetype: 'UserVm', account: 'admin' }]);
    expect(out.snapshot).toMatchObject({ displayname: 'cs-snap', state: 'Ready', type: 'Disk', virtualmachinename: 'db-01' });
    expect(out.snapshots).toBe(1);
    expect(out.after).toEqual({});
    expect(out.vpcofferings).toEqual(['Default VPC offering', 'Redundant VPC offering']);
    const createTags = sim.requests.find((r) => r.command === 'createTags')!;
    expect(createTags).toMatchObject({ method: 'POST', accepted: true, params: { 'tags[0].key': 'team', 'tags[0].value': 'dba' } });
  });
});

/**
 * A third-party client, Debian's python3-cs, against the simulator: if it works unchanged, the simulator
 * speaks CloudStack's protocol rather than our own client's dialect. CI installs python3-cs; without it
 * the test is skipped with a message saying so.
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { simulatorPerTest } from '../helpers/simulator.js';

const SCRIPT = fileURLToPath(new URL('./cs_client.py', import.meta.url));
const run = promisify(execFile);

/** Debian's package installs for the system interpreter, which a pyenv/venv `python3` on PATH may shadow. */
function pythonWithCs(): string | undefined {
  return ['/usr/bin/python3', 'python3'].find((python) => {
    try {
      execFileSync(python, ['-c', 'import cs'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
}

const python = pythonWithCs();
const available = python !== undefined;
if (!available) console.warn('SKIPPED: python3-cs is not installed (apt-get install -y python3-cs); the third-party client test did not run');

describe.skipIf(!available)('python3-cs against the simulator', () => {
  const sim = simulatorPerTest({ jobMs: 20, strict: true });

  async function script(scenario: string): Promise<Record<string, any>> {
    const env = { ...process.env, CS_ENDPOINT: sim.url, CS_KEY: sim.keys.admin.apiKey, CS_SECRET: sim.keys.admin.secretKey };
    const { stdout } = await run(python!, [SCRIPT, scenario], { env, timeout: 20_000 });
    return JSON.parse(stdout) as Record<string, any>;
  }

  it('lists zones and VMs and live-migrates a VM with cs job polling, under strict signature rules', async () => {
    const out = await script('scenario');
    expect(out.zones).toEqual(['zone-adv-1', 'zone-basic-1']);
    expect(out.vmcount).toBeGreaterThan(3);
    expect(out.migrated.id).toBe(out.vm.id);
    expect(out.migrated.hostid).toBe(out.target);
    expect(out.migrated.state).toBe('Running');
    expect(sim.world.vms.find((vm) => vm.id === out.vm.id)?.hostid).toBe(out.target);

    const migrate = sim.requests.filter((r) => r.command === 'migrateVirtualMachine');
    expect(migrate).toHaveLength(1);
    expect(migrate[0]).toMatchObject({ method: 'POST', accepted: true, status: 200, account: 'admin' });
    expect(migrate[0]!.params).toMatchObject({ virtualmachineid: out.vm.id, hostid: out.target, signatureVersion: '3' });
    const polls = sim.requests.filter((r) => r.command === 'queryAsyncJobResult');
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.every((r) => r.accepted && r.params.jobid === migrate[0]!.jobid)).toBe(true);
    expect(JSON.stringify(sim.requests)).not.toContain(sim.keys.admin.apiKey);
    expect(sim.requests.every((r) => !('signature' in r.params))).toBe(true);
  });

  it("refuses cs's signature over a value containing ~ (cs leaves it unencoded; CloudStack's URLEncoder does not)", async () => {
    const out = await script('tilde');
    expect(out).toMatchObject({ accepted: false, status: 401, error: { errorcode: 401, errortext: 'unable to verify user credentials and/or request signature' } });
    expect(sim.requests.at(-1)).toMatchObject({ command: 'listVirtualMachines', accepted: false, status: 401 });
  });
});

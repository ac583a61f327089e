/**
 * The README's quick start, as a new user types it. `npm ci` itself cannot run inside the test suite (it would
 * replace the node_modules the suite runs from, and CI has just run it), so the test checks the block's exact
 * commands, runs `npm run demo` as written, and checks that `npm test` is the command CI runs.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanEnv, REPO } from '../helpers/cli.js';

const readme = readFileSync(`${REPO}/README.md`, 'utf8');

function quickStartCommands(): string[] {
  const section = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme);
  if (!section) throw new Error('README has no "## Quick start" section with a sh block');
  return section[1]!
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

function run(command: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd: REPO, env: cleanEnv({ NO_COLOR: '1' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('README quick start', () => {
  it('is exactly two commands: install and demo, then the tests', () => {
    expect(quickStartCommands()).toEqual(['npm ci && npm run demo', 'npm test']);
  });

  it('npm test is the command CI runs, and runs the suite', () => {
    const manifest = JSON.parse(readFileSync(`${REPO}/package.json`, 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.test).toBe('vitest run');
    expect(manifest.scripts.prepare).toBe('npm run build');
    // The suite runs as `npm test` (its status kept so the closing summary line is printed either way).
    expect(readFileSync(`${REPO}/.ci/run`, 'utf8')).toMatch(/^npm test( \|\| status=\$\?)?$/m);
  });

  it('npm run demo works as written: exits 0, prints the migration, the refusals and the operator approval flow', async () => {
    const demo = quickStartCommands()[0]!.split('&&')[1]!.trim();
    const { code, output } = await run(demo);
    expect(output).toMatch(/migrate_virtual_machine|Migrate/);
    expect(code, output).toBe(0);
    // The migration, its progress and its result on the target host.
    expect(output).toMatch(/Migrate web-\d+ to kvm-[\w-]+ \(migration 1/);
    expect(output).toMatch(/hostname kvm-/);
    expect(output).toMatch(/…/);
    // The refusals: the rate limit, the argument rule and the denied tool.
    expect(output).toMatch(/\[POLICY DENIED\].*rate limit/);
    expect(output).toMatch(/\[POLICY DENIED\] parameter forced/);
    expect(output).toMatch(/\[POLICY DENIED\].*(denied|change board|not allowed)/i);

    // Operator approval: pending for the agent, approved with the operator CLI, run once, then refused as used.
    const pending = /\[APPROVAL PENDING\] reset_password_virtual_machine on (web-\d+) needs an operator's approval.*?Approval (apr_\w+) is pending: a human approves or denies it at (http:\/\/127\.0\.0\.1:\d+\/approvals)\/apr_\w+/.exec(output);
    expect(pending, output).not.toBeNull();
    const [, vm, id, page] = pending!;
    // The pending answer points the agent to get_approval: policy.example.json must offer it.
    expect(step(output, /checks on it with get_approval/)).toContain(`[APPROVAL PENDING] Still pending: approval ${id} for reset_password_virtual_machine`);
    expect(step(output, /lists and approves it/)).toContain(`$ cloudstack-mcp approvals approve ${id} --reason "demo: the VM is stopped for it" --url ${page}\n`);
    expect(step(output, /lists and approves it/)).toContain(`Approved ${id} (reset_password_virtual_machine on ${vm}), by operator (cli)`);
    const repeat = step(output, /calls again with exactly the same arguments/);
    expect(repeat).toContain(`Virtual machine ${vm} `);
    expect(repeat).not.toMatch(/\[(APPROVAL|POLICY)/);
    expect(step(output, /And once more/)).toContain(`[APPROVAL USED] Approval ${id} for reset_password_virtual_machine on ${vm} was already used`);
    // CloudStack's own record: exactly one password reset, the approved repeat's.
    const events = step(output, /event log/);
    expect(events).toMatch(/^ +1 event\.$/m);
    expect(events.match(/\| VM\.RESETPASSWORD \|/g)).toHaveLength(1);
    expect(output).toMatch(/Demo complete/);
  }, 120_000);
});

/** The lines of the demo's numbered step whose title matches, up to the next step. */
function step(output: string, title: RegExp): string {
  const steps = output.split(/\n(?=\d+\. )/);
  const found = steps.find((text) => title.test(text.split('\n', 1)[0]!));
  if (!found) throw new Error(`the demo printed no step matching ${title}:\n${output}`);
  return found;
}

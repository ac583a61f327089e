/** The command line itself: help for every subcommand, unknown commands, and output piped into a reader that quits. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { colorWanted } from '../../../src/demo/print.js';
import { CLI, cleanEnv, runCli, scratchDir } from '../../helpers/cli.js';

describe('command line', () => {
  it.each([
    ['simulator', /^cloudstack-mcp simulator — [\s\S]*CLOUDSTACK_SIM_[\s\S]*--job-ms N/],
    ['policy', /^Usage: cloudstack-mcp policy check FILE\n[\s\S]*Exit code 0 if the file is valid, 1 if not/],
    ['demo', /^Usage: cloudstack-mcp demo \[--no-color\]/],
  ])('%s --help prints its usage on stdout and exits 0, starting nothing', async (command, usage) => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout, stderr } = await runCli([command, flag]);
      expect(code).toBe(0);
      expect(stdout).toMatch(usage);
      expect(stderr).toBe('');
    }
  });

  it('`help` is --help; an unknown command says which commands exist', async () => {
    const help = await runCli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^cloudstack-mcp — an MCP server/);
    const unknown = await runCli(['serve']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("cloudstack-mcp: unknown command 'serve': the commands are simulator, policy check, approvals and demo\nRun cloudstack-mcp --help for the options.\n");
  });

  it('policy without check FILE prints the usage on stderr and exits 2', async () => {
    const { code, stderr } = await runCli(['policy', 'chek', 'policy.json']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Usage: cloudstack-mcp policy check FILE/);
  });

  it('demo refuses an unknown option instead of running', async () => {
    const { code, stdout, stderr } = await runCli(['demo', '--colour']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/Unknown option '--colour'/);
  });

  it('demo colours only a terminal, and not with --no-color or NO_COLOR', () => {
    expect(colorWanted(true, false, {})).toBe(true);
    expect(colorWanted(false, false, {})).toBe(false);
    expect(colorWanted(undefined, false, {})).toBe(false);
    expect(colorWanted(true, true, {})).toBe(false);
    expect(colorWanted(true, false, { NO_COLOR: '1' })).toBe(false);
  });

  it('demo piped into a reader that stops after the first lines (| head) ends quietly with 0', async () => {
    const child = spawn(process.execPath, [CLI, 'demo'], { env: cleanEnv(), cwd: scratchDir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // Like head: read the title, then close the pipe while the demo still has steps to print.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  }, 60_000);
});

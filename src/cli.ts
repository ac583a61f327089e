#!/usr/bin/env node
/**
 * The `cloudstack-mcp` command: parse argv, pick a subcommand, nothing else.
 * Exit codes: 0 done, 1 runtime failure, 2 bad usage or configuration.
 */
import { PACKAGE_VERSION } from './version.js';
import { holdYoungGeneration } from './young-generation.js';

// Each mode's modules are imported when it is chosen, so a start pays only for the mode it runs.
const SUBCOMMANDS = ['simulator', 'policy', 'approvals', 'demo'] as const;

/** Help texts are built from the settings schema: loaded only when asked for. */
async function helpText(subcommand?: (typeof SUBCOMMANDS)[number]): Promise<string> {
  if (subcommand === 'approvals') return (await import('./approvals/cli.js')).APPROVALS_HELP;
  const help = await import('./help.js');
  return subcommand === undefined ? help.HELP_TEXT : { simulator: help.SIMULATOR_HELP, policy: help.POLICY_HELP, demo: help.DEMO_HELP }[subcommand];
}

async function main(given: string[]): Promise<number> {
  // `cloudstack-mcp help` is what many people type first.
  const argv = given[0] === 'help' ? ['--help', ...given.slice(1)] : given;
  const [subcommand, ...rest] = argv;
  const isSubcommand = (SUBCOMMANDS as readonly string[]).includes(subcommand ?? '');
  // Output of the short commands may be piped into head or less: a reader that quits early is not an error.
  if (subcommand !== undefined && (isSubcommand || ['--help', '-h', '--version', '-v'].includes(subcommand))) exitQuietlyOnBrokenPipe();
  if (isSubcommand && (rest.includes('--help') || rest.includes('-h'))) return print(await helpText(subcommand as (typeof SUBCOMMANDS)[number]));
  if (subcommand !== undefined && !isSubcommand && !subcommand.startsWith('-')) {
    return usage(`cloudstack-mcp: unknown command '${subcommand}': the commands are simulator, policy check, approvals and demo\nRun cloudstack-mcp --help for the options.`);
  }
  switch (subcommand) {
    case 'simulator': {
      const { runSimulatorCommand } = await import('./simulator/main.js');
      await runSimulatorCommand(rest);
      return 0;
    }
    case 'policy': {
      const [action, file] = rest;
      if (action !== 'check' || !file || rest.length > 2) return usage(await helpText('policy'));
      const [{ runPolicyCheck }, { toolFacts }] = await Promise.all([import('./policy/check.js'), import('./tools/index.js')]);
      const { exitCode, output } = runPolicyCheck(file, toolFacts());
      (exitCode === 0 ? process.stdout : process.stderr).write(`${output}\n`);
      return exitCode;
    }
    case 'approvals': {
      // The operator's side, over the running server's approvals API (the environment and .env, as serve reads them).
      const [{ runApprovalsCommand }, { readEnvironment }] = await Promise.all([import('./approvals/cli.js'), import('./config.js')]);
      const io = { stdout: (text: string) => void process.stdout.write(`${text}\n`), stderr: (text: string) => void process.stderr.write(`${text}\n`) };
      return runApprovalsCommand(rest, readEnvironment(), io);
    }
    case 'demo': {
      const { runDemo } = await import('./demo/run.js');
      return runDemo(rest);
    }
    default: {
      // What a server's start allocates is kept for good: promote it rather than grow the young generation for it.
      // V8's own sizing is back once the server accepts requests (or the start fails), so calls run as without this.
      const releaseYoungGeneration = holdYoungGeneration();
      try {
        const { parseServeFlags } = await import('./settings/resolve.js');
        const flags = parseServeFlags(argv);
        if (flags.help) return print(await helpText());
        if (flags.version) return print(PACKAGE_VERSION);
        const { serve } = await import('./serve.js');
        return await serve(flags, releaseYoungGeneration);
      } finally {
        releaseYoungGeneration();
      }
    }
  }
}

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

function exitQuietlyOnBrokenPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

function usage(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    // Servers keep the process alive themselves; short commands end here.
    if (code !== undefined && code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    // By name, not instanceof: the CLI loads no module a subcommand does not need, config.ts included.
    if (error instanceof Error && error.name === 'ConfigError') {
      process.stderr.write(`cloudstack-mcp: configuration error: ${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`cloudstack-mcp: ${error.message}\nRun cloudstack-mcp --help for the options.\n`);
      process.exit(2);
    }
    process.stderr.write(`cloudstack-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

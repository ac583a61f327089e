/**
 * Every variable the server reads is documented in the README, --help and .env.example, and nothing else is; the
 * README table and .env.example are exactly what the settings schema renders (node tools/gen-config-docs.mjs).
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES } from '../../../src/config.js';
import { HELP_TEXT } from '../../../src/help.js';
import { renderEnvExample, renderReadmeTable } from '../../../src/settings/render.js';
import { SERVE_OPTIONS } from '../../../src/settings/resolve.js';
import { REPO, runCli, scratchDir } from '../../helpers/cli.js';

const names = (text: string) => [...new Set(text.match(/\bCLOUDSTACK_(?!SIM_)[A-Z_]+[A-Z]\b/g) ?? [])].sort();

describe('documented configuration', () => {
  const expected = [...ENV_VARIABLES].sort();

  it('the README configuration table lists exactly the variables the server reads', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const table = /## Configuration\n[\s\S]*?(\| variable \|[\s\S]*?)\n\n/.exec(readme)?.[1] ?? '';
    expect(names(table)).toEqual(expected);
  });

  it('the README table and .env.example are the ones the settings schema renders', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const table = /## Configuration\n[\s\S]*?(\| variable \|[\s\S]*?)\n\n/.exec(readme)?.[1];
    expect(table, 'run npm run build && node tools/gen-config-docs.mjs').toBe(renderReadmeTable());
    expect(readFileSync(join(REPO, '.env.example'), 'utf8'), 'run npm run build && node tools/gen-config-docs.mjs').toBe(renderEnvExample());
  });

  it('--help names every flag the command line accepts, and no other', () => {
    const flags = [...new Set(HELP_TEXT.match(/^ {2}--[a-z-]+/gm)?.map((flag) => flag.trim().slice(2)))].sort();
    expect(flags).toEqual(Object.keys(SERVE_OPTIONS).filter((name) => name !== 'help' && name !== 'version').sort());
  });

  it('--help and .env.example list exactly the same variables', () => {
    expect(names(HELP_TEXT)).toEqual(expected);
    const example = readFileSync(join(REPO, '.env.example'), 'utf8');
    expect(names(example.split('\n').filter((line) => !line.startsWith('#')).join('\n'))).toEqual(expected);
  });

  it('.env.example, copied to .env with the keys filled in, is a valid configuration', async () => {
    const dir = scratchDir();
    copyFileSync(join(REPO, '.env.example'), join(dir, '.env'));
    const env = readFileSync(join(dir, '.env'), 'utf8').replace(/^CLOUDSTACK_API_KEY=$/m, 'CLOUDSTACK_API_KEY=k').replace(/^CLOUDSTACK_SECRET_KEY=$/m, 'CLOUDSTACK_SECRET_KEY=s');
    writeFileSync(join(dir, '.env'), env);
    // --http on 0.0.0.0 without a token stops right after the configuration is read: proof it was accepted.
    const { code, stderr } = await runCli(['--http', '--host', '0.0.0.0'], {}, 20_000, dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^cloudstack-mcp: configuration error: CLOUDSTACK_MCP_TOKEN is required/);
  });
});

/** Toolsets over stdio through the built CLI: --toolsets, CLOUDSTACK_MCP_TOOLSETS, --tools and --read-only together. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { TOOLS } from '../../../src/tools/index.js';
import { selectTools } from '../../../src/tools/toolsets.js';
import { connectStdio, runCli, scratchDir, type StdioSession } from '../../helpers/cli.js';

/** A policy that allows every tool, so what is listed is decided by the toolsets alone (and --read-only). */
const ALLOW_ALL = join(scratchDir(), 'allow-all.json');
writeFileSync(ALLOW_ALL, JSON.stringify({ version: '1', default: 'allow' }));

let session: StdioSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** '' leaves CLOUDSTACK_MCP_TOOLSETS unset (the suite's servers otherwise serve every tool: see cleanEnv). */
async function listed(args: string[], env: Record<string, string> = { CLOUDSTACK_MCP_TOOLSETS: '' }): Promise<string[]> {
  session = await connectStdio(['--simulator', '--policy', ALLOW_ALL, ...args], env);
  const { tools } = await session.client.listTools();
  return tools.map((tool) => tool.name).sort();
}
const expected = (selection: Parameters<typeof selectTools>[0]) => selectTools(selection).map((tool) => tool.name).sort();

describe('toolsets over stdio (the built CLI)', () => {
  test('no choice lists the default selection, under 128 tools', async () => {
    const names = await listed([]);
    expect(names).toEqual(expected({ toolsets: 'default' }));
    expect(names.length).toBeLessThan(128);
  });

  test('--toolsets all lists every tool; --toolsets vpc,tags only those sets', async () => {
    expect(await listed(['--toolsets', 'all'])).toEqual(TOOLS.map((tool) => tool.name).sort());
    await session!.close();
    expect(await listed(['--toolsets', 'vpc,tags'])).toEqual(['create_tags', 'create_vpc', 'delete_tags', 'delete_vpc', 'list_tags', 'list_vpc_offerings', 'list_vpcs']);
  });

  test('CLOUDSTACK_MCP_TOOLSETS chooses the sets; --toolsets wins over it', async () => {
    expect(await listed([], { CLOUDSTACK_MCP_TOOLSETS: 'vpc' })).toEqual(['create_vpc', 'delete_vpc', 'list_vpc_offerings', 'list_vpcs']);
    await session!.close();
    expect(await listed(['--toolsets', 'tags'], { CLOUDSTACK_MCP_TOOLSETS: 'vpc' })).toEqual(['create_tags', 'delete_tags', 'list_tags']);
  });

  test('--tools adds single tools to the sets; --read-only keeps only read-only tools of what was asked', async () => {
    expect(await listed(['--toolsets', 'tags', '--tools', 'list_pods,create_vpc'])).toEqual(['create_tags', 'create_vpc', 'delete_tags', 'list_pods', 'list_tags']);
    await session!.close();
    expect(await listed(['--toolsets', 'tags,vpc', '--tools', 'list_pods', '--read-only'])).toEqual(['list_pods', 'list_tags', 'list_vpc_offerings', 'list_vpcs']);
  });

  test('a tool outside the selection is an unknown tool', async () => {
    await listed(['--toolsets', 'tags']);
    const result = await session!.client.callTool({ name: 'list_zones', arguments: {} }).catch((error: Error) => error);
    expect(String(result)).toMatch(/Unknown tool: list_zones/);
  });

  test('an unknown set or tool is a configuration error (exit 2) naming what exists, nothing on stdout', async () => {
    const badSet = await runCli(['--simulator', '--toolsets', 'vms']);
    expect(badSet.code).toBe(2);
    expect(badSet.stderr).toMatch(/unknown toolset vms; the toolsets are all, default, vm, storage/);
    expect(badSet.stdout).toBe('');
    const badTool = await runCli(['--simulator', '--tools', 'list_nothing']);
    expect(badTool.code).toBe(2);
    expect(badTool.stderr).toMatch(/unknown tool list_nothing/);
  });
});

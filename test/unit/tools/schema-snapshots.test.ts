import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { TOOLS } from '../../../src/tools/index.js';
import { toMcpTool } from '../../../src/tools/tool-list.js';

const SNAPSHOTS = new URL('./__toolsnaps__/', import.meta.url);
/** The registry's list of names (registry-guardrails.test.ts), kept next to the tools it names. */
const REGISTRY_SNAPSHOT = '_registry.json';

// Each tool's listing (input and output JSON schema, annotations) is a file: a schema change is a visible diff.
describe('tool schema snapshots', () => {
  test.each(TOOLS.map((tool) => [tool.name, tool] as const))('%s', async (name, tool) => {
    await expect(`${JSON.stringify(toMcpTool(tool), null, 2)}\n`).toMatchFileSnapshot(`__toolsnaps__/${name}.json`);
  });

  test('no snapshot outlives its tool (a removed or renamed tool takes its file with it)', () => {
    const names = new Set(TOOLS.map((tool) => `${tool.name}.json`));
    const stale = readdirSync(SNAPSHOTS).filter((file) => file !== REGISTRY_SNAPSHOT && !names.has(file));
    expect(stale).toEqual([]);
  });
});

import { describe, expect, test } from 'vitest';
import { TOOLS } from '../../../src/tools/index.js';
import { toMcpTool } from '../../../src/tools/tool-list.js';

// Each tool's listing (input and output JSON schema, annotations) is a file: a schema change is a visible diff.
describe('tool schema snapshots', () => {
  test.each(TOOLS.map((tool) => [tool.name, tool] as const))('%s', async (name, tool) => {
    await expect(`${JSON.stringify(toMcpTool(tool), null, 2)}\n`).toMatchFileSnapshot(`__toolsnaps__/${name}.json`);
  });
});

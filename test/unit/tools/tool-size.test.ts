import { describe, expect, test } from 'vitest';
import { TOOLS } from '../../../src/tools/all.js';
import { listingSize } from '../../../src/tools/listing-size.js';
import { inputJsonSchema } from '../../../src/tools/tool-list.js';
import { selectTools } from '../../../src/tools/toolsets.js';

// What the tool definitions cost every conversation (issue 12). `npm run bench -- --only toolsize` prints them.
describe('tool definition size', () => {
  test('the default toolset\'s whole tools/list (output schemas included) stays within 50 KB', () => {
    expect(listingSize(selectTools({ toolsets: 'default' })).listBytes).toBeLessThanOrEqual(50_000);
  });

  test('name + description + input schema average at most 800 bytes per tool (the 47 tools were 1.4 KB)', () => {
    expect(listingSize(TOOLS).averageDefinitionBytes).toBeLessThanOrEqual(800);
  });

  test('no listed schema carries a regular expression, a safe-integer bound or a list\'s string alternative', () => {
    for (const tool of TOOLS) {
      const text = JSON.stringify(inputJsonSchema(tool));
      expect(text, tool.name).not.toMatch(/"pattern"|9007199254740991|"anyOf":\[\{"type":"array"/);
    }
  });

  test('ids are still marked as UUIDs, and zod still refuses a malformed one', async () => {
    const volumes = TOOLS.find((tool) => tool.name === 'list_volumes')!;
    expect((inputJsonSchema(volumes).properties as Record<string, { format?: string }>).id?.format).toBe('uuid');
    expect(volumes.input.safeParse({ id: 'not-a-uuid' }).success).toBe(false);
    expect(volumes.input.safeParse({ pagesize: 2 ** 60 }).success).toBe(false);
  });
});

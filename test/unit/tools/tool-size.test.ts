import { describe, expect, test } from 'vitest';
import { TOOLS } from '../../../src/tools/all.js';
import { listingSize } from '../../../src/tools/listing-size.js';
import { inputJsonSchema } from '../../../src/tools/tool-list.js';
import { selectTools } from '../../../src/tools/toolsets.js';

// What the tool definitions cost every conversation (issue 12). `npm run bench -- --only toolsize` prints them.
describe('tool definition size', () => {
  // 39.4 KB on 2026-12-02; the limit is 50 KB, and 45 KB leaves room for MCP's per-tool additions (execution).
  test('the default toolset\'s whole tools/list (output schemas included) stays within 45 KB', () => {
    expect(listingSize(selectTools({ toolsets: 'default' })).listBytes).toBeLessThanOrEqual(45_000);
  });

  // 563 B on 2026-12-02 (the 47 tools were 1.4 KB, the 95 before the design pass 0.80 KB).
  test('name + description + input schema average at most 600 bytes per tool', () => {
    expect(listingSize(TOOLS).averageDefinitionBytes).toBeLessThanOrEqual(600);
  });

  test('no listed schema closes its object or lists the ignored confirm field (the server refuses unknown fields anyway)', () => {
    for (const tool of TOOLS) {
      const text = JSON.stringify(inputJsonSchema(tool));
      expect(text, tool.name).not.toMatch(/"additionalProperties":false|"confirm"/);
    }
    const stop = TOOLS.find((candidate) => candidate.name === 'stop_virtual_machine')!;
    expect(stop.input.safeParse({ id: '4f3b6a1e-8c2d-4e5f-9a0b-1c2d3e4f5a6b', confirm: true }).success).toBe(true);
    expect(stop.input.safeParse({ id: '4f3b6a1e-8c2d-4e5f-9a0b-1c2d3e4f5a6b', forcedd: true }).success).toBe(false);
  });

  test('no listed schema carries a regular expression, a safe-integer bound or a list\'s string alternative', () => {
    for (const tool of TOOLS) {
      const text = JSON.stringify(inputJsonSchema(tool));
      expect(text, tool.name).not.toMatch(/"pattern"|9007199254740991|"anyOf":\[\{"type":"array"/);
    }
  });

  test('a union of literals is listed as an enum, and zod still refuses a value outside it', () => {
    const jobs = TOOLS.find((tool) => tool.name === 'list_async_jobs')!;
    expect((inputJsonSchema(jobs).properties as Record<string, unknown>).jobstatus).toMatchObject({ type: 'number', enum: [0, 1, 2, 3] });
    expect(jobs.input.safeParse({ jobstatus: 4 }).success).toBe(false);
  });

  test('ids are still marked as UUIDs, and zod still refuses a malformed one', async () => {
    const volumes = TOOLS.find((tool) => tool.name === 'list_volumes')!;
    expect((inputJsonSchema(volumes).properties as Record<string, { format?: string }>).id?.format).toBe('uuid');
    expect(volumes.input.safeParse({ id: 'not-a-uuid' }).success).toBe(false);
    expect(volumes.input.safeParse({ pagesize: 2 ** 60 }).success).toBe(false);
  });
});

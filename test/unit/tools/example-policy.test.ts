/**
 * policy.example.json says "reads allowed" (and so does the README). Under its `default: deny` a read-only tool the
 * file forgets is hidden, and the server's own answers would point the agent to a tool it cannot call: a job still
 * running says "follow it with wait_for_job", a pending approval "use get_approval". Every read-only tool is offered,
 * but the catalog search, which only serves call_cloudstack_api (hidden while the file names no `commands`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { createPolicyGateFromValue } from '../../../src/policy/index.js';
import { TOOLS, toolFacts } from '../../../src/tools/all.js';

const EXAMPLE = JSON.parse(readFileSync(new URL('../../../policy.example.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const ONLY_FOR_THE_GENERIC_TOOL = ['search_cloudstack_api'];

describe('policy.example.json', () => {
  test('offers every read-only tool (wait_for_job and get_approval included)', async () => {
    const gate = createPolicyGateFromValue(EXAMPLE, { tools: toolFacts(), logger: silentLogger, audit: { write: () => {} } });
    try {
      const reads = TOOLS.filter((tool) => tool.hints.readOnlyHint && !ONLY_FOR_THE_GENERIC_TOOL.includes(tool.name)).map((tool) => tool.name);
      expect(reads).toEqual(expect.arrayContaining(['wait_for_job', 'get_approval', 'query_async_job', 'list_virtual_machines']));
      expect(reads.filter((name) => !gate.isVisible(name))).toEqual([]);
      expect(gate.isVisible('call_cloudstack_api')).toBe(false);
    } finally {
      await gate.close();
    }
  });
});

/**
 * The policy's unit tests run on a fixed list of tool names (fixtures.ts: the first landing's tools) so that they do
 * not move when tools are added; the registry-derived list and its snapshot live in test/unit/tools. This keeps the
 * fixed list honest: every name is a real tool, read-only exactly when the registry says so, with the command and
 * arguments the registry declares for the tools whose facts the fixture spells out.
 */
import { describe, expect, it } from 'vitest';
import { toolFacts } from '../../../src/tools/all.js';
import { TOOL_NAMES, TOOLS, TOOLS_WITH_FACTS } from './fixtures.js';

const registry = new Map(toolFacts().map((facts) => [facts.name, facts]));

describe('the policy tests\' tool fixture', () => {
  it('names only real tools, each read-only exactly when the registry says so', () => {
    for (const tool of TOOLS) {
      expect(registry.has(tool.name), tool.name).toBe(true);
      expect(tool.readOnly, tool.name).toBe(registry.get(tool.name)!.readOnly);
    }
    expect(new Set(TOOL_NAMES).size).toBe(TOOL_NAMES.length);
  });

  it('spells out the facts of a tool as the registry declares them', () => {
    for (const tool of TOOLS_WITH_FACTS) {
      const real = registry.get(tool.name)!;
      if (tool.command !== undefined) expect(tool.command, tool.name).toBe(real.command);
      if (tool.args !== undefined) expect(real.args, tool.name).toEqual(expect.arrayContaining([...tool.args]));
      if (tool.resourceKind !== undefined) expect(tool.resourceKind, tool.name).toBe(real.resourceKind);
      if (tool.targetKind !== undefined) expect(tool.targetKind, tool.name).toBe(real.targetKind);
      if (tool.toolset !== undefined) expect(tool.toolset, tool.name).toBe(real.toolset);
    }
  });
});

import { describe, expect, test } from 'vitest';
import { READ, CREATE } from '../../../src/tools/define.js';
import { TOOLS } from '../../../src/tools/all.js';
import { checkToolsets, DEFAULT_EXTRA_TOOLS, DEFAULT_TOOLSETS, selectTools, TOOLSETS, toolsetOf, type Toolset } from '../../../src/tools/toolsets.js';
import type { ToolDefinition } from '../../../src/tools/types.js';

const names = (tools: readonly ToolDefinition[]) => tools.map((tool) => tool.name);
const fake = (name: string, readOnly: boolean) => ({ name, hints: readOnly ? READ : CREATE }) as unknown as ToolDefinition;

describe('the toolsets', () => {
  test('hold every registered tool exactly once', () => {
    const listed = TOOLSETS.flatMap((toolset) => toolset.tools);
    expect([...listed].sort()).toEqual(names(TOOLS).sort());
    expect(new Set(listed).size).toBe(listed.length);
    for (const tool of TOOLS) expect(toolsetOf(tool.name), tool.name).toBeDefined();
  });

  test('include the sets issue 12 names', () => {
    const setNames = TOOLSETS.map((toolset) => toolset.name);
    for (const name of ['vm', 'storage', 'network', 'vpc', 'loadbalancer', 'monitoring', 'accounts', 'infrastructure', 'security', 'tags', 'templates', 'api']) {
      expect(setNames).toContain(name);
    }
  });

  test('the default selection is well under 128 tools and names only real sets and tools', () => {
    const chosen = selectTools({ toolsets: 'default' });
    expect(chosen.length).toBeLessThan(64);
    for (const name of DEFAULT_TOOLSETS) expect(TOOLSETS.some((toolset) => toolset.name === name)).toBe(true);
    for (const name of DEFAULT_EXTRA_TOOLS) expect(names(chosen)).toContain(name);
    expect(names(chosen)).toEqual(names(selectTools({})));
  });
});

describe('checkToolsets refuses', () => {
  const tools = [fake('list_a', true), fake('create_b', false)];
  const sets = (...list: Toolset[]) => list;
  const toolset = (name: string, readOnly: boolean, members: string[]): Toolset => ({ name, description: name, readOnly, tools: members });

  test('a tool in no set, a tool in two, an unknown name, a writing tool in a read-only set', () => {
    expect(() => checkToolsets(sets(toolset('x', false, ['list_a'])), tools)).toThrow(/create_b is in no toolset/);
    expect(() => checkToolsets(sets(toolset('x', false, ['list_a', 'create_b']), toolset('y', false, ['list_a'])), tools)).toThrow(
      /list_a is in toolsets x and y/,
    );
    expect(() => checkToolsets(sets(toolset('x', false, ['list_a', 'create_b', 'nope'])), tools)).toThrow(/no tool is named nope/);
    expect(() => checkToolsets(sets(toolset('x', true, ['list_a', 'create_b'])), tools)).toThrow(/toolset x is read-only but create_b is not/);
  });

  test('and accepts a correct layout, mapping each tool to its set', () => {
    const map = checkToolsets(sets(toolset('reads', true, ['list_a']), toolset('writes', false, ['create_b'])), tools);
    expect(Object.fromEntries(map)).toEqual({ list_a: 'reads', create_b: 'writes' });
  });
});

describe('selectTools', () => {
  test('all is every tool, in registry order', () => {
    expect(names(selectTools({ toolsets: 'all' }))).toEqual(names(TOOLS));
  });

  test('sets by name, as an array or comma-separated with spaces', () => {
    const vpc = ['list_vpcs', 'list_vpc_offerings', 'create_vpc', 'delete_vpc'];
    const tags = ['list_tags', 'create_tags', 'delete_tags'];
    expect(names(selectTools({ toolsets: ' vpc , tags ' })).sort()).toEqual([...vpc, ...tags].sort());
    expect(names(selectTools({ toolsets: ['vpc', 'tags'] })).sort()).toEqual([...vpc, ...tags].sort());
  });

  test('--tools adds single tools to the sets (no duplicates)', () => {
    const chosen = names(selectTools({ toolsets: 'tags', tools: 'list_pods,list_tags' }));
    expect(chosen.sort()).toEqual(['create_tags', 'delete_tags', 'list_pods', 'list_tags']);
  });

  test('read-only keeps only read-only tools whatever was asked (and the generic call tool, gated per call)', () => {
    const chosen = selectTools({ toolsets: 'all', tools: ['create_vpc'], readOnly: true });
    expect(chosen.length).toBeGreaterThan(0);
    expect(chosen.every((tool) => tool.hints.readOnlyHint || tool.canonicalize !== undefined)).toBe(true);
    expect(names(chosen)).not.toContain('create_vpc');
    expect(names(selectTools({ toolsets: 'vpc', readOnly: true }))).toEqual(['list_vpc_offerings', 'list_vpcs']);
  });

  test('an unknown set or tool is an error naming what exists', () => {
    expect(() => selectTools({ toolsets: 'vms' })).toThrow(/unknown toolset vms; the toolsets are all, default, vm, storage/);
    expect(() => selectTools({ toolsets: 'vm', tools: 'list_nothing' })).toThrow(/unknown tool list_nothing/);
  });

  test('an empty selection selects nothing', () => {
    expect(selectTools({ toolsets: '' })).toEqual([]);
  });
});

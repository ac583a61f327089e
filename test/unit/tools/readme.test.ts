import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { TOOLS } from '../../../src/tools/index.js';
import { readToolSection, renderToolTable, replaceToolSection } from '../../../src/tools/readme-table.js';

test('the README tool table is the one generated from the registry (npm run gen:readme)', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readToolSection(readme);
  expect(section, 'README.md needs <!-- tools:start --> and <!-- tools:end --> markers').toBeDefined();
  expect(section).toBe(renderToolTable(TOOLS));
});

test('the tables: one row per toolset, the sizes, one row per tool with its toolset, command and kind', () => {
  const table = renderToolTable(TOOLS);
  expect(table.split('\n').filter((line) => /^\| `[a-z_]+` \| [a-z]+ \|/.test(line))).toHaveLength(TOOLS.length);
  expect(table).toContain('| `vpc` | VPCs and VPC offerings | 4 | — |');
  expect(table).toMatch(/\| `infrastructure` \| .* \(read-only\) \| 7 \| `list_zones`, `list_service_offerings` \|/);
  expect(table).toMatch(/all \d+ tools take [\d.]+ KB .*the `default` selection \(\d+ tools\) lists in [\d.]+ KB/);
  expect(table).toContain('| `migrate_virtual_machine` | vm |');
  expect(table).toMatch(/`destroy_virtual_machine` .*`destroyVirtualMachine` \| destructive \|/);
  expect(table).toMatch(/`list_zones` .*`listZones` \| read-only \|/);
});

test('replacing the section keeps everything around the markers and refuses a README without them', () => {
  const readme = 'intro\n<!-- tools:start -->\nold\n<!-- tools:end -->\noutro\n';
  expect(replaceToolSection(readme, 'new\n')).toBe('intro\n<!-- tools:start -->\nnew\n<!-- tools:end -->\noutro\n');
  expect(() => replaceToolSection('no markers', 'x')).toThrow(/tools:start/);
});

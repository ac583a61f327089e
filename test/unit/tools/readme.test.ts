import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { TOOLS } from '../../../src/tools/index.js';
import { readToolSection, renderToolTable, replaceToolSection } from '../../../src/tools/readme-table.js';
import { VIEWS } from '../../../src/tools/views.js';

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

test('the default fields: one row per resource a list tool returns, naming every list tool and its view\'s fields', () => {
  const table = renderToolTable(TOOLS);
  const lists = TOOLS.filter((tool) => tool.result.kind === 'list');
  const rows = table.split('\n').filter((line) => /^\| [^|]+ \(`[a-z]+`\) \|/.test(line));
  const views = new Set(lists.map((tool) => (tool.result.kind === 'list' ? (tool.result.view ?? tool.result.resource) : '')));
  expect(rows).toHaveLength(views.size);
  for (const view of views) expect(Object.keys(VIEWS), `${view} has a view of its own (views.ts)`).toContain(view);
  for (const tool of lists) expect(rows.join('\n'), tool.name).toContain(`\`${tool.name}\``);
  expect(table).toContain('| volume (`volume`) | `list_volumes` | id, name, type, state, size, vmname, zonename |');
  expect(table).toMatch(/`fields` \(on every list and get tool/);
});

test('replacing the section keeps everything around the markers and refuses a README without them', () => {
  const readme = 'intro\n<!-- tools:start -->\nold\n<!-- tools:end -->\noutro\n';
  expect(replaceToolSection(readme, 'new\n')).toBe('intro\n<!-- tools:start -->\nnew\n<!-- tools:end -->\noutro\n');
  expect(() => replaceToolSection('no markers', 'x')).toThrow(/tools:start/);
});

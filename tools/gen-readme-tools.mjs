#!/usr/bin/env node
// Rewrites the README's tool section (between <!-- tools:start --> and <!-- tools:end -->): the toolsets, the sizes, the
// tools and the default fields of list results, from the registry and src/tools/views.ts.
// Run after `npm run build` (npm run gen:readme does both); test/unit/tools/readme.test.ts checks the result.
import { readFileSync, writeFileSync } from 'node:fs';
import { TOOLS, renderToolTable } from '../dist/tools/index.js';
import { replaceToolSection } from '../dist/tools/readme-table.js';

const readmeUrl = new URL('../README.md', import.meta.url);
const before = readFileSync(readmeUrl, 'utf8');
const after = replaceToolSection(before, renderToolTable(TOOLS));
if (after === before) {
  process.stdout.write(`README tool table is up to date (${TOOLS.length} tools).\n`);
} else {
  writeFileSync(readmeUrl, after);
  process.stdout.write(`README tool table rewritten (${TOOLS.length} tools).\n`);
}

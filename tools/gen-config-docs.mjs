#!/usr/bin/env node
/**
 * Rewrites `.env.example` and the README configuration table from the settings schema (src/settings/schema.ts,
 * through dist/: build first). test/e2e/server/documented-config.test.ts fails until they match.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderEnvExample, renderReadmeTable } from '../dist/settings/render.js';

const file = (name) => fileURLToPath(new URL(`../${name}`, import.meta.url));

writeFileSync(file('.env.example'), renderEnvExample());

const readme = readFileSync(file('README.md'), 'utf8');
// The table is the first one under "## Configuration"; only it is replaced.
const table = /(## Configuration\n[\s\S]*?)(\| variable \|[\s\S]*?)\n\n/;
if (!table.test(readme)) throw new Error('README.md has no "| variable |" table under "## Configuration"');
writeFileSync(file('README.md'), readme.replace(table, (_, before) => `${before}${renderReadmeTable()}\n\n`));
console.log('wrote .env.example and the README configuration table');

/**
 * The built server reads catalog-lean.json (catalog.json without the response fields, written by
 * tools/build-cli.mjs) and loads the response fields from catalog.json only when asked; a lean file older than the
 * catalog.json beside it is ignored. Run on copies of the built module and files (test/global-setup.ts builds dist/),
 * each in its own directory, so each import is a fresh module.
 */
import { copyFileSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

type CatalogModule = typeof import('../../../src/cloudstack/catalog.js');
interface CatalogFile {
  source: string;
  commands: Record<string, Record<string, unknown>>;
}

const DIST = new URL('../../../dist/cloudstack/', import.meta.url);
const FULL: CatalogFile = JSON.parse(readFileSync(new URL('catalog.json', DIST), 'utf8'));
const LEAN: CatalogFile = JSON.parse(readFileSync(new URL('catalog-lean.json', DIST), 'utf8'));

/** The built catalog module beside catalog.json and a lean file whose source says it is the lean one. */
async function builtCatalog(leanIsOlder: boolean): Promise<CatalogModule> {
  const dir = mkdtempSync(join(tmpdir(), 'lean-catalog-'));
  for (const file of ['catalog.js', 'catalog.js.map']) copyFileSync(new URL(file, DIST), join(dir, file));
  copyFileSync(new URL('catalog.json', DIST), join(dir, 'catalog.json'));
  writeFileSync(join(dir, 'catalog-lean.json'), JSON.stringify({ ...LEAN, source: 'the lean file' }));
  const [older, newer] = [new Date(Date.now() - 60_000), new Date()];
  utimesSync(join(dir, leanIsOlder ? 'catalog-lean.json' : 'catalog.json'), older, older);
  utimesSync(join(dir, leanIsOlder ? 'catalog.json' : 'catalog-lean.json'), newer, newer);
  return (await import(pathToFileURL(join(dir, 'catalog.js')).href)) as CatalogModule;
}

describe('the lean catalog of the built server', () => {
  it('is catalog.json without the response fields, which are two thirds of it', () => {
    expect(Object.keys(LEAN.commands)).toEqual(Object.keys(FULL.commands));
    for (const [name, spec] of Object.entries(LEAN.commands)) {
      expect(spec).not.toHaveProperty('responseFields');
      const { responseFields: _, ...rest } = FULL.commands[name]!;
      expect(spec).toEqual(rest);
    }
    expect(JSON.stringify(LEAN).length).toBeLessThan(JSON.stringify(FULL).length / 2);
  });

  it('is read when current, and answers every command as catalog.json does, response fields included', async () => {
    const catalog = await builtCatalog(false);
    expect(catalog.catalogSource()).toBe('the lean file');
    expect(catalog.knownCommands()).toEqual(Object.keys(FULL.commands));
    for (const name of catalog.knownCommands()) expect({ ...catalog.commandSpec(name) }).toEqual(FULL.commands[name]);
    expect(catalog.commandSpec('listZones')!.responseFields).toHaveProperty('allocationstate', 'string');
  });

  it('is ignored when older than catalog.json (a tsc run copied a refreshed catalog after the build)', async () => {
    const catalog = await builtCatalog(true);
    expect(catalog.catalogSource()).toBe(FULL.source);
    expect(catalog.commandSpec('listZones')).toEqual(FULL.commands.listZones);
  });
});

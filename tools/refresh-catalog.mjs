#!/usr/bin/env node
/**
 * Rebuilds src/cloudstack/catalog.json, the one list of CloudStack's commands.
 *   node tools/refresh-catalog.mjs --from FILE [--out PATH] [--dry-run]
 *       from another catalog file of the same shape (e.g. one derived from a newer Go SDK), checked field by field;
 *   node tools/refresh-catalog.mjs --url URL [--drop-missing] [--out PATH] [--dry-run]
 *       from a live management server's listApis, signed with CLOUDSTACK_API_KEY / CLOUDSTACK_SECRET_KEY
 *       (CLOUDSTACK_TLS_REJECT_UNAUTHORIZED=false and CLOUDSTACK_CA_FILE as for the server), merged over the
 *       current catalog: parameters, types, required and async from the server; HTTP method, family and list key
 *       kept, or guessed for new commands (listed for review). Use a root admin's keys: listApis lists only
 *       what the caller's role may call, and unlisted commands are kept unless --drop-missing.
 * Prints what changed to stderr; writes PATH (default: the catalog) unless --dry-run. Imports dist/ (npm run build).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { catalogFromListApis, checkCatalogFile, formatCatalogFile } = await import('../dist/cloudstack/catalog-refresh.js');
const { createCloudStackClient } = await import('../dist/cloudstack/client.js');

const DEFAULT_OUT = fileURLToPath(new URL('../src/cloudstack/catalog.json', import.meta.url));
const USAGE = 'usage: refresh-catalog.mjs (--from FILE | --url URL [--drop-missing]) [--out PATH] [--dry-run]';

function fail(message) {
  process.stderr.write(`refresh-catalog: ${message}\n`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        from: { type: 'string' },
        url: { type: 'string' },
        out: { type: 'string' },
        'drop-missing': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return fail(`${error.message}\n${USAGE}`);
  }
})();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (Boolean(values.from) === Boolean(values.url)) fail(`give exactly one of --from and --url\n${USAGE}`);

const out = values.out ?? DEFAULT_OUT;
const readJson = (path) => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return fail(`cannot read ${path}: ${error.message}`);
  }
};

async function fromServer(url, previous) {
  const apiKey = process.env.CLOUDSTACK_API_KEY;
  const secretKey = process.env.CLOUDSTACK_SECRET_KEY;
  if (!apiKey || !secretKey) fail('--url needs CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY in the environment');
  const client = createCloudStackClient({
    apiUrl: url,
    apiKey,
    secretKey,
    timeoutMs: 120_000,
    asyncTimeoutMs: 120_000,
    tls: { rejectUnauthorized: process.env.CLOUDSTACK_TLS_REJECT_UNAUTHORIZED !== 'false', caFile: process.env.CLOUDSTACK_CA_FILE || undefined },
  });
  let page;
  try {
    page = await client.list('listApis', {});
  } catch (error) {
    return fail(`listApis on ${url} failed: ${error.message}`);
  }
  if (page.items.length === 0) fail(`listApis on ${url} listed no command`);
  const source = `listApis of ${new URL(url).host} on ${new Date().toISOString().slice(0, 10)}, merged over: ${previous.source}`;
  return catalogFromListApis(page.items, previous, { source, dropMissing: values['drop-missing'] });
}

let report;
try {
  if (values.from) {
    const catalog = checkCatalogFile(readJson(values.from));
    // The file being replaced, for the report; a new file has no previous commands.
    const previous = existsSync(out) ? readJson(out) : { commands: {} };
    const before = new Set(Object.keys(previous.commands ?? {}));
    const after = Object.keys(catalog.commands);
    report = {
      catalog,
      added: after.filter((name) => !before.has(name)),
      missing: [...before].filter((name) => !Object.hasOwn(catalog.commands, name)),
      changed: after.filter((name) => before.has(name) && JSON.stringify(previous.commands[name]) !== JSON.stringify(catalog.commands[name])),
    };
  } else {
    report = await fromServer(values.url, checkCatalogFile(readJson(out)));
  }
} catch (error) {
  fail(error.message);
}

const count = Object.keys(report.catalog.commands).length;
const names = (list) => (list.length > 12 ? `${list.slice(0, 12).join(', ')} … (+${list.length - 12})` : list.join(', '));
process.stderr.write(
  `${count} commands; ${report.added.length} new${report.added.length ? ` (${values.url ? 'method, family and list key guessed, review' : 'added'}: ${names(report.added)})` : ''}; ` +
    `${report.changed.length} changed${report.changed.length ? ` (${names(report.changed)})` : ''}; ` +
    `${report.missing.length} ${values.url && !values['drop-missing'] ? 'not listed by the server (kept)' : 'removed'}${report.missing.length ? ` (${names(report.missing)})` : ''}\n`,
);
if (!values['dry-run']) {
  writeFileSync(out, formatCatalogFile(report.catalog));
  process.stderr.write(`wrote ${out}\n`);
}

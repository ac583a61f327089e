#!/usr/bin/env node
/**
 * The shipped CLI, bundled (second step of `npm run build`, after tsc): src/cli.ts and everything it imports
 * into dist/bundle/ with esbuild. dist/bundle/cli.js is the package's `bin`.
 *
 * Why (measured with `npm run bench -- --only baseline`): resolving, reading and compiling ~400 separate ES
 * modules is a large part of a stdio start; one bundle loads in a fraction of that. The tools/list entries are
 * also converted from zod to JSON Schema here, once per build, instead of on every start (src/tools/built-listing.ts).
 *   - Code splitting keeps every `import()` lazy: the simulator, demo, HTTP stack, Redis client and axios are
 *     chunks loaded only by the mode that needs them.
 *   - tsc's output stays beside the bundle (dist/**): tools/*.mjs, the benchmarks and tests import single modules
 *     from it, and dist/cli.js stays tsc's unbundled entry (same behaviour, slower to start), which the stdio
 *     tests spawn (test/global-setup.ts runs tsc only). test/e2e/bundle/ checks the bundle against the registry.
 *   - A module that finds a file next to itself (`new URL('./catalog.json', import.meta.url)`) sees the URL of its
 *     tsc twin in dist/ (all chunks sit in dist/bundle/, one level below), so catalog.json and package.json are
 *     found where they always were.
 *   - Source maps beside every chunk (`node --enable-source-maps` shows src/ lines).
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = `${ROOT}src/`;
const DIST = `${ROOT}dist/`;
const OUT = `${DIST}bundle/`;

/** Every tool's tools/list entry, from tsc's output of the same sources (toMcpTool, the one converter). */
async function toolListing() {
  const [{ TOOLS }, { toMcpTool }] = await Promise.all([
    import(pathToFileURL(`${DIST}tools/all.js`).href),
    import(pathToFileURL(`${DIST}tools/tool-list.js`).href),
  ]);
  return TOOLS.map(toMcpTool);
}

/** `import.meta.url` in a bundled module becomes the URL its tsc twin has in dist/ (see above). */
const importMetaOfTwin = {
  name: 'import-meta-of-tsc-twin',
  setup(esbuild) {
    esbuild.onLoad({ filter: /\/src\/.*\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
      const twin = `./${relative(OUT, `${DIST}${path.slice(SRC.length)}`).replace(/\.ts$/, '.js')}`;
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(twin)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

/**
 * dist/cloudstack/catalog-lean.json: catalog.json without the response fields, which a server never reads (only the
 * simulator's listApis does, and src/cloudstack/catalog.ts loads them from catalog.json when asked). Written after
 * tsc has copied catalog.json, so it is the newer of the two, which is how catalog.ts knows it is current.
 */
function writeLeanCatalog() {
  const { source, commands } = JSON.parse(readFileSync(`${SRC}cloudstack/catalog.json`, 'utf8'));
  const lean = Object.fromEntries(Object.entries(commands).map(([name, { responseFields, ...spec }]) => [name, spec]));
  writeFileSync(`${DIST}cloudstack/catalog-lean.json`, JSON.stringify({ source, commands: lean }));
}

export async function buildCli() {
  writeLeanCatalog();
  const listing = await toolListing();
  rmSync(OUT, { recursive: true, force: true });
  await build({
    entryPoints: { cli: `${SRC}cli.ts` },
    outdir: OUT,
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    // V8 keeps every loaded module's source text for the life of the process: whitespace and syntax minified, the
    // idle server is ~2 MB smaller (heap snapshot: 2.9 -> 1.5 MB of large strings). Names stay, for stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    // CommonJS dependencies (ajv, axios' helpers) call require(): give the ES module bundle one.
    banner: { js: "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);" },
    // A string literal, parsed once at start (JSON.parse is faster than the same object as JavaScript source).
    define: { CLOUDSTACK_MCP_TOOL_LISTING: JSON.stringify(JSON.stringify(listing)) },
    plugins: [importMetaOfTwin],
    logLevel: 'warning',
  });
  chmodSync(`${OUT}cli.js`, 0o755);
  return { tools: listing.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { tools } = await buildCli();
  console.log(`bundled dist/bundle/cli.js (${tools} tool listings precomputed)`);
}

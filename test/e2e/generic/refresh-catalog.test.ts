/**
 * tools/refresh-catalog.mjs as an operator runs it (node, built dist/): against a live management server's
 * listApis (the simulator over 127.0.0.1, a signed request) and from a catalog file; it writes only the
 * file it is told to, and refuses a bad file or missing keys without writing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';

const run = promisify(execFile);
const SCRIPT = new URL('../../../tools/refresh-catalog.mjs', import.meta.url).pathname;
const CATALOG = new URL('../../../src/cloudstack/catalog.json', import.meta.url).pathname;

async function refresh(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

describe('tools/refresh-catalog.mjs', () => {
  let sim: RunningSimulator;
  const dir = mkdtempSync(join(tmpdir(), 'refresh-catalog-'));
  const copy = (): string => {
    const path = join(dir, `catalog-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, readFileSync(CATALOG));
    return path;
  };
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());

  it('rebuilds the catalog from a server’s listApis, unchanged where the server agrees', async () => {
    const out = copy();
    const before = JSON.parse(readFileSync(out, 'utf8'));
    sim.clearRequests();
    const result = await refresh(['--url', sim.url, '--out', out], { CLOUDSTACK_API_KEY: sim.keys.admin.apiKey, CLOUDSTACK_SECRET_KEY: sim.keys.admin.secretKey });
    expect(result.stderr).toContain('828 commands; 0 new; 0 changed; 0 not listed by the server (kept)');
    expect(result.code).toBe(0);
    expect(sim.requests.map((request) => [request.command, request.accepted])).toEqual([['listApis', true]]);
    const after = JSON.parse(readFileSync(out, 'utf8'));
    expect(after.commands).toEqual(before.commands);
    expect(after.source).toMatch(/^listApis of 127\.0\.0\.1:\d+ on \d{4}-\d{2}-\d{2}, merged over: facts derived/);
  });

  it('reports what a user’s listApis does not show, and --dry-run writes nothing', async () => {
    const out = copy();
    const before = readFileSync(out, 'utf8');
    const result = await refresh(['--url', sim.url, '--out', out, '--dry-run'], { CLOUDSTACK_API_KEY: sim.keys.user.apiKey, CLOUDSTACK_SECRET_KEY: sim.keys.user.secretKey });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/828 commands; 0 new; 0 changed; \d+ not listed by the server \(kept\) \(addBaremetalDhcp, /);
    expect(readFileSync(out, 'utf8')).toBe(before);
  });

  it('takes a catalog file of the same shape, and refuses a broken one naming the field', async () => {
    const out = copy();
    const source = JSON.parse(readFileSync(CATALOG, 'utf8'));
    delete source.commands.listZones;
    const good = join(dir, 'smaller.json');
    writeFileSync(good, JSON.stringify(source));
    const result = await refresh(['--from', good, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('827 commands; 0 new; 0 changed; 1 removed (listZones)');
    expect(JSON.parse(readFileSync(out, 'utf8')).commands.listZones).toBeUndefined();

    source.commands.listHosts.http = 'PUT';
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(source));
    const refused = await refresh(['--from', bad, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('catalog: listHosts.http must be GET or POST');
  });

  it('refuses --url without keys, and a wrong key with CloudStack’s 401, writing nothing', async () => {
    const out = copy();
    const before = readFileSync(out, 'utf8');
    expect((await refresh(['--url', sim.url, '--out', out])).stderr).toContain('needs CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY');
    const wrong = await refresh(['--url', sim.url, '--out', out], { CLOUDSTACK_API_KEY: sim.keys.admin.apiKey, CLOUDSTACK_SECRET_KEY: 'wrong' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/listApis on .* failed: .*unable to verify user credentials/);
    expect(wrong.stderr).not.toContain('wrong');
    expect(readFileSync(out, 'utf8')).toBe(before);
  });
});

/**
 * TLS against a real local HTTPS server with certificates made by the openssl CLI (skipped without it):
 * verification is on by default, a CA file makes a private CA trusted, and failures say what to do.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClient } from './fixtures.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A self-signed certificate (its own CA) for the given subjectAltName. */
function selfSigned(dir: string, name: string, altName: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', `/CN=${name}`, '-addext', `subjectAltName=${altName}`, '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { cert, key };
}

async function serve(files: { cert: string; key: string }): Promise<{ server: Server; url: string }> {
  const server = createServer({ cert: readFileSync(files.cert), key: readFileSync(files.key) }, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ listzonesresponse: { count: 1, zone: [{ id: 'z1' }] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/client/api` };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe.skipIf(!hasOpenssl())('TLS', () => {
  let dir: string;
  let good: { cert: string; key: string };
  let wrongName: { cert: string; key: string };
  let goodServer: { server: Server; url: string };
  let wrongNameServer: { server: Server; url: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cloudstack-tls-'));
    good = selfSigned(dir, 'cloudstack-lab', 'IP:127.0.0.1');
    wrongName = selfSigned(dir, 'other.example', 'DNS:other.example');
    goodServer = await serve(good);
    wrongNameServer = await serve(wrongName);
  });

  afterAll(async () => {
    await stop(goodServer.server);
    await stop(wrongNameServer.server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a self-signed certificate by default and says how to proceed', async () => {
    const error = await makeClient({ apiUrl: goodServer.url }).call('listZones').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'tls', causeCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect((error as Error).message).toMatch(/certificate is not trusted/);
    expect((error as Error).message).toMatch(/CLOUDSTACK_CA_FILE/);
    expect((error as Error).message).toMatch(/CLOUDSTACK_TLS_REJECT_UNAUTHORIZED=false/);
  });

  it('trusts the certificate given as CA file', async () => {
    const client = makeClient({ apiUrl: goodServer.url, tls: { caFile: good.cert } });
    await expect(client.list('listZones')).resolves.toEqual({ count: 1, items: [{ id: 'z1' }] });
  });

  it('reports a certificate that does not name the host', async () => {
    const client = makeClient({ apiUrl: wrongNameServer.url, tls: { caFile: wrongName.cert } });
    const error = await client.call('listZones').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'tls', causeCode: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect((error as Error).message).toMatch(/does not name this host/);
  });

  it('connects without verification only when told to', async () => {
    const client = makeClient({ apiUrl: wrongNameServer.url, tls: { rejectUnauthorized: false } });
    await expect(client.call('listZones')).resolves.toMatchObject({ count: 1 });
  });

  it('names an unreadable CA file at creation', () => {
    expect(() => makeClient({ tls: { caFile: join(dir, 'missing.pem') } })).toThrow(/CLOUDSTACK_CA_FILE .*missing\.pem cannot be read \(ENOENT\)/);
  });
});

/**
 * Each hint from a scripted fault on a real local server (no nock: the TLS case needs a real socket): the
 * message names the likely cause of what was observed, and not the causes it cannot be.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makeClient } from './fixtures.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function serve(listener: RequestListener): Promise<number> {
  server = createServer(listener);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const failure = async (apiUrl: string): Promise<string> => {
  const error = await makeClient({ apiUrl, retry: { maxAttempts: 1 } }).call('listZones').then(
    () => undefined,
    (caught: unknown) => caught as Error,
  );
  expect(error, 'the call should fail').toBeDefined();
  return error!.message;
};

const TOMCAT_404 = '<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title></head><body><h1>HTTP Status 404 – Not Found</h1></body></html>';

describe('hints from what was observed', () => {
  it('a 404 HTML page at a wrong path: the path, not a proxy', async () => {
    const port = await serve((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end(TOMCAT_404));
    const message = await failure(`http://127.0.0.1:${port}/client/apii`);
    expect(message).toMatch(/HTTP 404 with an HTML\/XML page/);
    expect(message).toContain("The path of CLOUDSTACK_API_URL (/client/apii) is likely wrong: CloudStack's API endpoint is /client/api");
    expect(message).not.toMatch(/proxy/i);
  });

  it('a 404 with a non-HTML body at the wrong path: the path too', async () => {
    const port = await serve((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}'));
    const message = await failure(`http://127.0.0.1:${port}/api`);
    expect(message).toMatch(/HTTP 404 without CloudStack's error envelope/);
    expect(message).toContain('The path of CLOUDSTACK_API_URL (/api) is likely wrong');
  });

  it('a 404 at /client/api itself: the host or port', async () => {
    const port = await serve((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end(TOMCAT_404));
    expect(await failure(`http://127.0.0.1:${port}/client/api`)).toContain("Nothing serves CloudStack's API at /client/api on this host and port");
  });

  it('the UI page with 200: the URL should end in /client/api', async () => {
    const port = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><title>Apache CloudStack</title></html>'));
    expect(await failure(`http://127.0.0.1:${port}/client/`)).toContain('A web page answered at /client/, which looks like the UI rather than the API: CLOUDSTACK_API_URL should end in /client/api');
  });

  it('a 503 page: a proxy in front of CloudStack', async () => {
    const port = await serve((_req, res) => res.writeHead(503, { 'content-type': 'text/html' }).end('<html><body>503 Service Unavailable</body></html>'));
    expect(await failure(`http://127.0.0.1:${port}/client/api`)).toContain('A proxy or load balancer in front of CloudStack answered (HTTP 503)');
  });

  it("http:// to an HTTPS port (nginx's 400): the scheme", async () => {
    const port = await serve((_req, res) =>
      res.writeHead(400, { 'content-type': 'text/html' }).end('<html><head><title>400 The plain HTTP request was sent to HTTPS port</title></head></html>'),
    );
    expect(await failure(`http://127.0.0.1:${port}/client/api`)).toContain('This port speaks HTTPS: start CLOUDSTACK_API_URL with https://');
  });

  it('https:// to a plain-HTTP port (a TLS record error): the scheme, not certificates', async () => {
    const port = await serve((_req, res) => res.writeHead(404).end());
    const message = await failure(`https://127.0.0.1:${port}/client/api`);
    expect(message).toMatch(/answered listZones in plain HTTP, not TLS \((EPROTO|ERR_SSL_WRONG_VERSION_NUMBER)/);
    expect(message).toContain('the scheme is wrong, not the certificate. Start CLOUDSTACK_API_URL with http:// for this port');
    expect(message).not.toMatch(/CLOUDSTACK_CA_FILE|REJECT_UNAUTHORIZED/);
  });
});

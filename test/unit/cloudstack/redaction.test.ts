/**
 * No secret leaves the client: across every kind of failure, error messages, error properties, their JSON
 * and every log line are scanned for the API key, the secret key and every signature that was sent.
 */
import nock from 'nock';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { API_KEY, API_PATH, SECRET_KEY, cloudstack, collectLogs, connectionReset, errorBody, makeClient, queryOf } from './fixtures.js';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

it('never puts the api key, secret key or a signature into errors or logs', async () => {
  const signatures: string[] = [];
  const path = (uri: string) => {
    const signature = queryOf(uri).signature;
    if (signature) signatures.push(signature);
    return uri.startsWith(API_PATH);
  };
  // Hostile answers that echo the request back, as some proxies and error pages do.
  const echo = (uri: string) => `<html>Bad request ${uri} apiKey=${API_KEY} secret ${SECRET_KEY}</html>`;
  cloudstack()
    .get(path).reply(200, (uri) => echo(uri))
    .get(path).reply(401, (uri) => errorBody('listZones', 401, `unable to verify ${uri} for ${API_KEY}`))
    .get(path).replyWithError(Object.assign(new Error(`connect failed for ${API_KEY}`), { code: 'EHOSTDOWN' }))
    .get(path).reply(302, '', { Location: `http://elsewhere/?apiKey=${API_KEY}&signature=abc` })
    .get(path).times(3).replyWithError(connectionReset())
    .get(path).times(3).reply(503, (uri) => `<html>${uri}</html>`);
  const logs = collectLogs();
  const client = makeClient({ logger: logs.logger });
  const errors: unknown[] = [];
  for (let i = 0; i < 6; i++) errors.push(await client.call('listZones', { keyword: 'x' }).catch((error: unknown) => error));

  expect(errors.map((error) => (error as { code: string }).code)).toEqual(['bad_response', 'api_error', 'network', 'bad_response', 'network', 'bad_response']);
  expect(signatures.length).toBeGreaterThanOrEqual(6);
  const secrets = [API_KEY, SECRET_KEY, ...signatures, ...signatures.map(encodeURIComponent)];
  const texts = [
    ...errors.map((error) => (error as Error).message),
    ...errors.map((error) => JSON.stringify(error)),
    ...errors.map((error) => JSON.stringify(Object.entries(error as object))),
    ...errors.map((error) => String((error as Error).stack)),
    ...logs.lines,
  ];
  expect(logs.lines.length).toBeGreaterThan(6);
  for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
});

it('scrubs a password or user data sent with the request when CloudStack quotes it back', async () => {
  const password = 'Quoted-Pa55word';
  const userdata = 'I2Nsb3VkLWNvbmZpZwpwYXNzd29yZDogaHVudGVyMg==';
  cloudstack()
    .post(API_PATH)
    .reply(431, errorBody('resetPasswordForVirtualMachine', 431, `Invalid parameter password value=${password} for userdata ${userdata}`));
  const logs = collectLogs();
  const error = (await makeClient({ logger: logs.logger })
    .call('resetPasswordForVirtualMachine', { id: 'v', password, userdata })
    .catch((caught: unknown) => caught)) as Error;
  expect(error.message).toContain('Invalid parameter password value=[REDACTED] for userdata [REDACTED]');
  for (const text of [error.message, JSON.stringify(error), String(error.stack), ...logs.lines]) {
    expect(text).not.toContain(password);
    expect(text).not.toContain(userdata);
  }
});

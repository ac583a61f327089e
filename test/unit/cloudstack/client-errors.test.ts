import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudStackApiError, CloudStackTransportError } from '../../../src/cloudstack/errors.js';
import { API_PATH, cloudstack, connectionReset, errorBody, makeClient } from './fixtures.js';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const anyPath = (uri: string) => uri.startsWith(API_PATH);
const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('CloudStack API errors', () => {
  it.each([
    [401, 9999, 'unable to verify user credentials and/or request signature', /CLOUDSTACK_SECRET_KEY.*clock/],
    [431, 4350, 'Unable to execute API command listzones due to invalid value. Invalid parameter id value=x', /invalid value/],
    [432, 9999, 'The given command does not exist or it is not available for the user', /not allowed for this account/],
    [405, 9999, 'Method not allowed', /HTTP method/],
    [411, 9999, '2FA required', /two-factor/],
  ])('HTTP %i becomes a CloudStackApiError with code, cserrorcode, text and hint', async (status, cs, text, hint) => {
    const scope = cloudstack().get(anyPath).reply(status, errorBody('listZones', status, text, cs));
    const error = await caught(makeClient().call('listZones'));
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error).toMatchObject({ code: 'api_error', command: 'listZones', httpStatus: status, errorCode: status, csErrorCode: cs, errorText: text });
    expect((error as Error).message).toContain(`CloudStack error ${status} (cserrorcode ${cs}): ${text}`);
    expect((error as Error).message).toMatch(hint);
    // Where we add a hint, CloudStack's text and the hint read as two sentences.
    if ((error as CloudStackApiError).hint) expect((error as Error).message).toContain(`${text}. ${(error as CloudStackApiError).hint}`);
    expect(scope.isDone()).toBe(true);
  });

  // Every ApiErrorCode CloudStack documents, each with the cserrorcode of the exception behind it and the hint
  // the agent reads. Sent as POST (a state change), so even the retryable 429 and 530 come back after one try.
  it.each([
    [401, 9999, /clock/],
    [405, 9999, /HTTP method/],
    [411, 9999, /two-factor/],
    [429, 4545, /Throttled by CloudStack's API limit; retry after 250 ms/],
    [430, 4350, undefined],
    [431, 4350, undefined],
    [432, 9999, /unknown or not allowed/],
    [530, 4250, /management-server\.log/],
    [531, 4365, /not permitted/],
    [532, 4370, /resource limit/],
    [533, 4325, /insufficient capacity/],
    [534, 4380, /unavailable/],
    [535, 4370, /could not allocate/],
    [536, 4375, /in use/],
    [537, 4360, /network rule/],
  ])('errorcode %i is one typed CloudStackApiError with every field and its hint', async (code, cs, hint) => {
    const text = `text of ${code}, please retry after [250] ms.`;
    const scope = cloudstack().post(API_PATH).reply(code, errorBody('stopVirtualMachine', code, text, cs));
    const error = await caught(makeClient().call('stopVirtualMachine', { id: 'v' }));
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error).toMatchObject({ code: 'api_error', command: 'stopVirtualMachine', httpStatus: code, errorCode: code, csErrorCode: cs, errorText: text });
    expect((error as Error).message).toMatch(new RegExp(`^stopVirtualMachine failed: CloudStack error ${code} \\(cserrorcode ${cs}\\): text of ${code}`));
    if (hint) expect((error as CloudStackApiError).hint).toMatch(hint);
    else expect((error as CloudStackApiError).hint).toBeUndefined(); // CloudStack's text names the parameter
    expect(scope.isDone()).toBe(true);
  });

  it('a business error on a POST (533) comes back once, typed', async () => {
    const scope = cloudstack().post(API_PATH).reply(533, errorBody('deployVirtualMachine', 533, 'Unable to create a deployment for VM', 4325));
    const error = await caught(makeClient().call('deployVirtualMachine', { zoneid: 'z' }));
    expect(error).toMatchObject({ errorCode: 533, csErrorCode: 4325, hint: expect.stringMatching(/capacity/) });
    expect(scope.isDone()).toBe(true);
  });

  it('a 429 names the wait in its message', async () => {
    cloudstack().post(API_PATH).reply(429, errorBody('stopVirtualMachine', 429, 'please retry after [800] ms.', 9999));
    const error = await caught(makeClient().call('stopVirtualMachine', { id: 'v' }));
    expect((error as Error).message).toMatch(/Throttled.*retry after 800 ms/);
  });

  it('finds an error under an unexpected …response key', async () => {
    cloudstack().get(anyPath).reply(401, { errorresponse: { errorcode: 401, errortext: 'unable to verify' } });
    await expect(makeClient().call('listZones')).rejects.toMatchObject({ errorCode: 401, csErrorCode: undefined });
  });

  it('toJSON gives the safe structured form', async () => {
    cloudstack().get(anyPath).reply(431, errorBody('listZones', 431, 'bad id'));
    const error = (await caught(makeClient().call('listZones'))) as CloudStackApiError;
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'CloudStackApiError',
      code: 'api_error',
      message: error.message,
      command: 'listZones',
      httpStatus: 431,
      errorCode: 431,
      csErrorCode: 4350,
      errorText: 'bad id',
    });
  });
});

describe('answers that are not CloudStack JSON', () => {
  it('an HTML page says so, with its content type and first characters', async () => {
    cloudstack()
      .get(anyPath)
      .reply(200, '<!DOCTYPE html>\n<html><head><title>Apache CloudStack</title></head></html>', { 'Content-Type': 'text/html' });
    const error = await caught(makeClient().call('listZones'));
    expect(error).toBeInstanceOf(CloudStackTransportError);
    expect(error).toMatchObject({ code: 'bad_response', httpStatus: 200 });
    expect((error as Error).message).toMatch(/HTML\/XML page \(content-type text\/html; begins "<!DOCTYPE html> <html><head><title>Apache CloudStack/);
    expect((error as Error).message).toMatch(/CLOUDSTACK_API_URL/);
  });

  it('malformed JSON', async () => {
    cloudstack().get(anyPath).reply(200, '{"listzonesresponse": {"count": 1, "zone": [', { 'Content-Type': 'application/json' });
    await expect(makeClient().call('listZones')).rejects.toThrow(/not valid JSON \(content-type application\/json; begins "\{"listzonesresponse/);
  });

  it('JSON without the command envelope', async () => {
    cloudstack().get(anyPath).reply(200, { hello: 'world' });
    await expect(makeClient().call('listZones')).rejects.toThrow(/no "listzonesresponse" object/);
  });

  it('an error status without the envelope blames the proxy', async () => {
    cloudstack().post(API_PATH).reply(404, { message: 'not found' });
    await expect(makeClient().call('stopVirtualMachine', { id: 'v' })).rejects.toMatchObject({ code: 'bad_response', httpStatus: 404 });
  });

  it('a redirect is refused, not followed (it would resend the signed form)', async () => {
    cloudstack().get(anyPath).reply(301, '', { Location: 'https://cloudstack.test/client/api?apiKey=k&signature=s' });
    const error = (await caught(makeClient().call('listZones'))) as Error;
    expect(error.message).toMatch(/redirected \(HTTP 301\) to https:\/\/cloudstack\.test\/client\/api;/);
    expect(error.message).not.toContain('signature');
  });
});

describe('network failures', () => {
  it('a timeout names the limit and the setting', async () => {
    cloudstack().post(API_PATH).delay(500).reply(200, { stopvirtualmachineresponse: { jobid: 'j' } });
    const error = await caught(makeClient({ timeoutMs: 50 }).call('stopVirtualMachine', { id: 'v' }));
    expect(error).toMatchObject({ code: 'timeout' });
    expect((error as Error).message).toBe(
      'CloudStack at cloudstack.test:8080 did not answer stopVirtualMachine within 50 ms (CLOUDSTACK_TIMEOUT). ' +
        'stopVirtualMachine changes state and may still have been carried out by CloudStack: check (e.g. list the ' +
        'resource or its async jobs) before sending it again; it is never retried automatically.',
    );
  });

  it('warns that a state change may have happened only when the request may have reached CloudStack', async () => {
    const mayHaveRun = /may still have been carried out/;
    cloudstack().post(API_PATH).replyWithError(connectionReset());
    expect(((await caught(makeClient().call('deployVirtualMachine', { zoneid: 'z' }))) as Error).message).toMatch(mayHaveRun);
    cloudstack().post(API_PATH).replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect(((await caught(makeClient().call('deployVirtualMachine', { zoneid: 'z' }))) as Error).message).not.toMatch(mayHaveRun);
    cloudstack().get(anyPath).delay(500).reply(200, { listzonesresponse: {} });
    const read = (await caught(makeClient({ timeoutMs: 50, retry: { maxAttempts: 1 } }).call('listZones'))) as Error;
    expect(read).toMatchObject({ code: 'timeout' });
    expect(read.message).not.toMatch(mayHaveRun);
  });

  it('a body that trickles in cannot outlast the timeout (a real slow server on 127.0.0.1)', async () => {
    nock.enableNetConnect('127.0.0.1');
    const timers: NodeJS.Timeout[] = [];
    const server = createHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      // One byte every 40 ms, never ending: the socket is never idle, so a mere idle timer would wait forever
      // (and this test would run into vitest's own timeout). CLOUDSTACK_TIMEOUT bounds the whole exchange.
      timers.push(setInterval(() => response.write(' '), 40));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const client = makeClient({ apiUrl: `http://127.0.0.1:${port}/client/api`, timeoutMs: 300, retry: { maxAttempts: 1 } });
      const error = await caught(client.call('listZones'));
      expect(error).toMatchObject({ code: 'timeout' });
      expect((error as Error).message).toMatch(/did not answer listZones within 300 ms/);
    } finally {
      timers.forEach(clearInterval);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('connection refused (a real closed port on 127.0.0.1)', async () => {
    nock.enableNetConnect('127.0.0.1');
    const port = await closedPort();
    const client = makeClient({ apiUrl: `http://127.0.0.1:${port}/client/api`, retry: { maxAttempts: 1 } });
    const error = await caught(client.call('listZones'));
    expect(error).toMatchObject({ code: 'network', causeCode: 'ECONNREFUSED' });
    expect((error as Error).message).toMatch(/Could not connect to CloudStack at 127\.0\.0\.1:\d+ for listZones: connection refused/);
  });

  it('a host that does not resolve', async () => {
    cloudstack().get(anyPath).replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND cloudstack.test'), { code: 'ENOTFOUND' }));
    await expect(makeClient().call('listZones')).rejects.toThrow(/does not resolve \(ENOTFOUND\)/);
  });

  it('an aborted call stops at once with code aborted', async () => {
    cloudstack().get(anyPath).delay(5_000).reply(200, { listzonesresponse: {} });
    const controller = new AbortController();
    const pending = caught(makeClient().call('listZones', {}, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 10);
    expect(await pending).toMatchObject({ code: 'aborted' });
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudStackApiError } from '../../../src/cloudstack/errors.js';
import {
  API_KEY,
  API_PATH,
  cloudstack,
  collectLogs,
  connectionReset,
  errorBody,
  hasValidSignature,
  makeClient,
  parseForm,
  queryOf,
} from './fixtures.js';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('CloudStack client requests', () => {
  it('sends a read as a signed GET and unwraps <command>response', async () => {
    let query: Record<string, string> = {};
    const scope = cloudstack()
      .get((uri) => uri.startsWith(API_PATH))
      .reply((uri) => {
        query = queryOf(uri);
        return [200, { listzonesresponse: { count: 1, zone: [{ id: 'z1', name: 'Zone 1' }] } }];
      });
    const answer = await makeClient().call('listZones', { available: true, ids: ['a', 'b'] });
    expect(answer).toEqual({ count: 1, zone: [{ id: 'z1', name: 'Zone 1' }] });
    expect(query).toMatchObject({
      command: 'listZones',
      response: 'json',
      apiKey: API_KEY,
      signatureVersion: '3',
      available: 'true',
      ids: 'a,b',
    });
    expect(hasValidSignature(query)).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  it('sends a state change as POST with the signed form in the body, nothing in the query', async () => {
    let form: Record<string, string> = {};
    let contentType: unknown;
    let path = '';
    const scope = cloudstack()
      .post((uri) => uri.startsWith(API_PATH))
      .reply(function (uri, body) {
        path = uri;
        contentType = this.req.headers['content-type'];
        form = parseForm(String(body));
        return [200, { createnetworkresponse: { network: { id: 'n1' } } }];
      });
    const answer = await makeClient().call('createNetwork', {
      name: 'web net',
      zoneid: 'z1',
      details: [{ key: 'a b', value: 'c~d' }],
    });
    expect(answer).toEqual({ network: { id: 'n1' } });
    expect(path).toBe(API_PATH);
    expect(contentType).toBe('application/x-www-form-urlencoded');
    expect(form).toMatchObject({ command: 'createNetwork', name: 'web net', 'details[0].key': 'a b', 'details[0].value': 'c~d' });
    expect(hasValidSignature(form)).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  it('signs every attempt afresh: a retried read carries a new expires and signature', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const seen: Record<string, string>[] = [];
    cloudstack()
      .get((uri) => uri.startsWith(API_PATH))
      .times(2)
      .reply((uri) => {
        seen.push(queryOf(uri));
        clock += 7_000;
        return seen.length === 1 ? [503, 'Service Unavailable'] : [200, { listzonesresponse: {} }];
      });
    await makeClient({ now: () => new Date(clock) }).call('listZones');
    expect(seen).toHaveLength(2);
    expect(seen[0]?.expires).toBe('2026-01-01T00:05:00+0000');
    expect(seen[1]?.expires).toBe('2026-01-01T00:05:07+0000');
    expect(seen[0]?.signature).not.toBe(seen[1]?.signature);
    expect(seen.every(hasValidSignature)).toBe(true);
  });

  it('caps expires at 14 minutes ahead (inside the 15 that strict servers allow, with a minute for clock skew)', async () => {
    let query: Record<string, string> = {};
    cloudstack()
      .get((uri) => uri.startsWith(API_PATH))
      .reply((uri) => ((query = queryOf(uri)), [200, { listzonesresponse: {} }]));
    await makeClient({ expiresInMs: 60 * 60_000, now: () => new Date('2026-01-01T00:00:00Z') }).call('listZones');
    expect(query.expires).toBe('2026-01-01T00:14:00+0000');
  });
});

describe('retries', () => {
  it('retries a GET on 503 and on a reset connection', async () => {
    const scope = cloudstack()
      .get((uri) => uri.startsWith(API_PATH))
      .reply(503, '<html>503</html>')
      .get((uri) => uri.startsWith(API_PATH))
      .replyWithError(connectionReset())
      .get((uri) => uri.startsWith(API_PATH))
      .reply(200, { listzonesresponse: { count: 0 } });
    const logs = collectLogs();
    await expect(makeClient({ logger: logs.logger }).call('listZones')).resolves.toEqual({ count: 0 });
    expect(scope.isDone()).toBe(true);
    const warnings = logs.entries().filter((entry) => entry.level === 'warn');
    expect(warnings.map((entry) => entry.reason)).toEqual(['bad_response', 'network']);
  });

  it('honours a 429 retry-after', async () => {
    const scope = cloudstack()
      .get((uri) => uri.startsWith(API_PATH))
      .reply(429, errorBody('listZones', 429, 'The given user has reached his/her account api limit, please retry after [30] ms.', 9999))
      .get((uri) => uri.startsWith(API_PATH))
      .reply(200, { listzonesresponse: {} });
    const logs = collectLogs();
    await makeClient({ logger: logs.logger }).call('listZones');
    expect(scope.isDone()).toBe(true);
    expect(logs.entries().find((entry) => entry.level === 'warn')).toMatchObject({ delayMs: 30, reason: 'api_error' });
  });

  it('gives up after the configured attempts with the last error', async () => {
    const scope = cloudstack()
      .get((uri) => uri.startsWith(API_PATH))
      .times(2)
      .reply(530, errorBody('listZones', 530, 'Internal error', 4250));
    const error = await makeClient({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } })
      .call('listZones')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['a network error', (scope: nock.Interceptor) => scope.replyWithError(connectionReset())],
    ['a 530', (scope: nock.Interceptor) => scope.reply(530, errorBody('deployVirtualMachine', 530, 'Internal error'))],
    ['a proxy 503', (scope: nock.Interceptor) => scope.reply(503, 'Service Unavailable')],
  ])('never retries a POST that failed with %s', async (_name, reply) => {
    let posts = 0;
    const interceptor = cloudstack().post(API_PATH, () => ++posts > 0);
    reply(interceptor);
    // A second POST would find this spare reply: it must stay unused.
    const spare = cloudstack().post(API_PATH).reply(200, { deployvirtualmachineresponse: { id: 'vm2', jobid: 'j2' } });
    await expect(makeClient().call('deployVirtualMachine', { zoneid: 'z' })).rejects.toBeDefined();
    expect(posts).toBe(1);
    expect(spare.isDone()).toBe(false);
  });

  it('logs one debug line per attempt and a warning per retry, with no parameters', async () => {
    cloudstack()
      .get((uri) => uri.startsWith(API_PATH))
      .reply(503, 'busy')
      .get((uri) => uri.startsWith(API_PATH))
      .reply(200, { listzonesresponse: {} });
    const logs = collectLogs();
    await makeClient({ logger: logs.logger }).call('listZones', { keyword: 'needle-in-params' });
    const entries = logs.entries();
    expect(entries.filter((entry) => entry.level === 'debug')).toEqual([
      expect.objectContaining({ msg: 'CloudStack request', command: 'listZones', method: 'GET', attempt: 1, status: 503, durationMs: expect.any(Number) }),
      expect.objectContaining({ msg: 'CloudStack request', command: 'listZones', method: 'GET', attempt: 2, status: 200 }),
    ]);
    expect(entries.filter((entry) => entry.level === 'warn')).toEqual([
      expect.objectContaining({ msg: 'retrying CloudStack read', command: 'listZones', attempt: 1, reason: 'bad_response' }),
    ]);
    expect(logs.lines.join('\n')).not.toContain('needle-in-params');
  });
});

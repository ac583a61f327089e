/**
 * The client scrubs what a request carried from CloudStack's error texts, including secrets names alone do not
 * reveal: a map entry's value labelled with a secret name (addImageStore's details secretkey), a command's own
 * secret parameter (addSwift's key), and a failed job's text, read by a later queryAsyncJobResult.
 */
import nock from 'nock';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { API_PATH, cloudstack, collectLogs, errorBody, makeClient } from './fixtures.js';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const texts = (error: Error, lines: readonly string[]) => [error.message, JSON.stringify(error), String(error.stack), ...lines];

it("scrubs a map entry's secret value and addSwift's key when CloudStack quotes them back, in any encoding", async () => {
  const secretKey = 'S3-SECRET-KEY/333+x';
  const accessKey = 'AKIA-ACCESS-222';
  cloudstack()
    .post(API_PATH)
    .reply(431, errorBody('addImageStore', 431, `Invalid parameter details[1].value=${encodeURIComponent(secretKey)}: cannot reach S3 with ${accessKey}/${secretKey}`));
  cloudstack().post(API_PATH).reply(530, errorBody('addSwift', 530, 'Failed to add Swift with key SWIFT-ACCOUNT-KEY-111'));
  const logs = collectLogs();
  const client = makeClient({ logger: logs.logger });
  const details = [{ key: 'accesskey', value: accessKey }, { key: 'secretkey', value: secretKey }];
  const s3 = (await client.call('addImageStore', { name: 's3', provider: 'S3', details }).catch((caught: unknown) => caught)) as Error;
  const swift = (await client.call('addSwift', { url: 'http://swift', key: 'SWIFT-ACCOUNT-KEY-111' }).catch((caught: unknown) => caught)) as Error;

  expect(s3.message).toContain('Invalid parameter details[1].value=[REDACTED]: cannot reach S3 with [REDACTED]/[REDACTED]');
  expect(swift.message).toContain('Failed to add Swift with key [REDACTED]');
  for (const text of [...texts(s3, logs.lines), ...texts(swift, [])]) {
    for (const secret of [secretKey, encodeURIComponent(secretKey), accessKey, 'SWIFT-ACCOUNT-KEY-111']) expect(text).not.toContain(secret);
  }
});

it("scrubs a failed job's text of the secrets the submitting call sent", async () => {
  const password = 'Vnf-Pa55word-77';
  cloudstack().post(API_PATH).reply(200, { deployvirtualmachineresponse: { id: 'vm-1', jobid: 'job-1' } });
  cloudstack()
    .get((uri) => uri.startsWith(API_PATH))
    .reply(200, { queryasyncjobresultresponse: { jobid: 'job-1', jobstatus: 2, jobresultcode: 530, jobresult: { errorcode: 530, errortext: `VNF setup failed for password=${password} (${password})` } } });
  const error = (await makeClient()
    .callAsync('deployVirtualMachine', { zoneid: 'z', templateid: 't', serviceofferingid: 'o', details: [{ key: 'ssh_password', value: password }] })
    .catch((caught: unknown) => caught)) as Error & { code: string };
  expect(error.code).toBe('job_failed');
  expect(error.message).toContain('VNF setup failed for password=[REDACTED] ([REDACTED])');
  for (const text of texts(error, [])) expect(text).not.toContain(password);
});

import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src/cloudstack/api.js';
import { CloudStackJobError } from '../../../src/cloudstack/errors.js';
import { API_PATH, cloudstack, hasValidSignature, makeClient, parseForm, queryOf } from './fixtures.js';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const isJobQuery = (uri: string) => uri.startsWith(API_PATH) && queryOf(uri).command === 'queryAsyncJobResult';

describe('callAsync', () => {
  it('POSTs once, takes the jobid, polls queryAsyncJobResult by GET until done', async () => {
    const posted: Record<string, string>[] = [];
    const polled: Record<string, string>[] = [];
    const scope = cloudstack()
      .post(API_PATH)
      .reply((_uri, body) => {
        posted.push(parseForm(String(body)));
        return [200, { deployvirtualmachineresponse: { id: 'vm1', jobid: 'job1' } }];
      })
      .get(isJobQuery)
      .times(2)
      .reply((uri) => {
        polled.push(queryOf(uri));
        return [200, { queryasyncjobresultresponse: { jobid: 'job1', jobstatus: 0, jobprocstatus: 1 } }];
      })
      .get(isJobQuery)
      .reply(200, { queryasyncjobresultresponse: { jobid: 'job1', jobstatus: 1, jobresult: { virtualmachine: { id: 'vm1', state: 'Running' } } } });
    const progress: JobProgress[] = [];
    const outcome = await makeClient().callAsync('deployVirtualMachine', { zoneid: 'z', serviceofferingid: 's', templateid: 't' }, { onProgress: (p) => progress.push(p) });
    expect(outcome).toMatchObject({ jobId: 'job1', accepted: { id: 'vm1', jobid: 'job1' }, result: { virtualmachine: { id: 'vm1', state: 'Running' } }, polls: 3 });
    expect(progress.map((p) => [p.jobId, p.polls, p.jobProcStatus])).toEqual([['job1', 1, 1], ['job1', 2, 1], ['job1', 3, undefined]]);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ command: 'deployVirtualMachine', zoneid: 'z' });
    expect(polled.every((query) => query.jobid === 'job1' && hasValidSignature(query))).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  it('surfaces a failed job (migrating a stopped VM) as CloudStackJobError with 431', async () => {
    const text = 'VM is not Running, unable to migrate the vm with specified id';
    cloudstack()
      .post(API_PATH)
      .reply(200, { migratevirtualmachineresponse: { jobid: 'job2' } })
      .get(isJobQuery)
      .reply(200, { queryasyncjobresultresponse: { jobid: 'job2', jobstatus: 2, jobresultcode: 530, jobresult: { errorcode: 431, errortext: text } } });
    const error = await makeClient().callAsync('migrateVirtualMachine', { virtualmachineid: 'v', hostid: 'h' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudStackJobError);
    expect(error).toMatchObject({ jobId: 'job2', command: 'migrateVirtualMachine', errorCode: 431, errorText: text });
  });

  it('retries a poll that met a transient failure (polls are reads)', async () => {
    const scope = cloudstack()
      .post(API_PATH)
      .reply(200, { stopvirtualmachineresponse: { jobid: 'job3' } })
      .get(isJobQuery)
      .reply(503, 'Service Unavailable')
      .get(isJobQuery)
      .reply(200, { queryasyncjobresultresponse: { jobid: 'job3', jobstatus: 1, jobresult: { virtualmachine: { id: 'v' } } } });
    await expect(makeClient().callAsync('stopVirtualMachine', { id: 'v' })).resolves.toMatchObject({ polls: 1 });
    expect(scope.isDone()).toBe(true);
  });

  it('names a command that answered without a jobid', async () => {
    cloudstack().post(API_PATH).reply(200, { createnetworkresponse: { network: { id: 'n' } } });
    await expect(makeClient().callAsync('createNetwork', { name: 'n' })).rejects.toThrow(/createNetwork returned no jobid: it is a synchronous command/);
  });

  it('times out per call, naming the job, while the job goes on', async () => {
    cloudstack()
      .post(API_PATH)
      .reply(200, { startvirtualmachineresponse: { jobid: 'job4' } })
      .get(isJobQuery)
      .times(100)
      .reply(200, { queryasyncjobresultresponse: { jobid: 'job4', jobstatus: 0 } });
    await expect(makeClient().callAsync('startVirtualMachine', { id: 'v' }, { timeoutMs: 30 })).rejects.toMatchObject({ code: 'job_timeout', jobId: 'job4' });
  });

  it('waitForJob follows a job started earlier', async () => {
    cloudstack()
      .get(isJobQuery)
      .reply(200, { queryasyncjobresultresponse: { jobid: 'job5', jobstatus: 1, jobresult: { success: true } } });
    await expect(makeClient().waitForJob('job5')).resolves.toMatchObject({ jobId: 'job5', result: { success: true }, polls: 1 });
  });

  it('waitForJob on a job it did not start names the job alone when it gives up', async () => {
    cloudstack()
      .get(isJobQuery)
      .times(100)
      .reply(200, { queryasyncjobresultresponse: { jobid: 'job6', jobstatus: 0 } });
    await expect(makeClient().waitForJob('job6', { timeoutMs: 20 })).rejects.toThrow(/^Stopped waiting for job job6 after 20 ms/);
  });
});

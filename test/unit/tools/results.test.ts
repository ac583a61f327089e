import { afterEach, describe, expect, test } from 'vitest';
import { describeJob } from '../../../src/tools/job-summary.js';
import { listOutcome } from '../../../src/tools/results.js';
import { connect, textOf, type Connected } from './connect.js';
import { fakeApi } from './fake-api.js';

const JOB = '7d1e3c7a-1a2b-4c3d-8e4f-5a6b7c8d9e0f';
const ACCOUNT = '4a86a8d3-78fa-4d2b-908b-bbc38da63a90';
const job = (jobid: string, jobstatus: number) => ({ jobid, jobstatus, cmd: 'org.apache.cloudstack.api.command.user.vm.RebootVMCmd' });

let session: Connected | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('lists with a filter applied here (CloudStack cannot filter by it)', () => {
  test('paging follows CloudStack: no match on this page still offers the next one, and says what was scanned', async () => {
    const page = Array.from({ length: 50 }, (_, index) => job(`job-${index}`, 1));
    const api = fakeApi({ listAsyncJobs: { count: 120, items: page } });
    session = await connect({ api });
    const result = await session.client.callTool({ name: 'list_async_jobs', arguments: { jobstatus: 2 } });
    expect(api.calls[0]?.params).toEqual({ page: 1, pagesize: 50 });
    expect(result.structuredContent).toEqual({ count: 120, items: [], page: 1, pagesize: 50, nextpage: 2, scanned: 50 });
    expect(textOf(result)).toBe(
      "0 of the 50 async jobs on page 1 match jobstatus=2 (filtered here; CloudStack's count is 120, this page holds 1–50); call again with page=2 for more.",
    );
  });

  test('the matching items of the page are kept, compared case-insensitively; the last page has no next page', async () => {
    const users = [{ id: 'u1', username: 'a', accountid: ACCOUNT }, { id: 'u2', username: 'b', accountid: 'other' }];
    session = await connect({ api: fakeApi({ listUsers: { count: 52, items: users } }) });
    const result = await session.client.callTool({ name: 'list_users', arguments: { accountid: ACCOUNT.toUpperCase(), page: 2 } });
    expect(result.structuredContent).toMatchObject({ count: 52, items: [users[0]], page: 2, scanned: 2 });
    expect(result.structuredContent).not.toHaveProperty('nextpage');
    expect(textOf(result)).toMatch(/^1 of the 2 users on page 2 match accountid=4a86a8d3-[^ ]+ \(filtered here; CloudStack's count is 52, this page holds 51–52\)\.\n\| id \| username \|/i);
  });
});

describe('list text', () => {
  test('a page past the end says which page is the last', () => {
    const { text, structured } = listOutcome({ count: 16, items: [] }, { page: 9, pagesize: 5 }, 'event');
    expect(text).toBe('No events on page 9: there are 16, so the last page at pagesize 5 is 4.');
    expect(structured).not.toHaveProperty('nextpage');
  });

  test('CloudStack job commands are shown by their class name, other dotted values in full', () => {
    const { text } = listOutcome({ count: 1, items: [{ ...job(JOB, 1), jobinstanceid: 'host.example.Org' }] }, { page: 1, pagesize: 50 }, 'asyncjobs');
    expect(text).toContain(`| ${JOB} | RebootVMCmd | 1 |`);
    expect(text).not.toContain('org.apache');
  });
});

describe('list_accounts', () => {
  test('API keys nested in each account\'s users are dropped', async () => {
    const account = { id: ACCOUNT, name: 'admin', user: [{ id: 'u1', username: 'admin', apikey: 'AK-nested', secretkey: 'SK-nested' }] };
    session = await connect({ api: fakeApi({ listAccounts: { count: 1, items: [account] } }) });
    const result = await session.client.callTool({ name: 'list_accounts', arguments: {} });
    expect(result.structuredContent).toMatchObject({ items: [{ id: ACCOUNT, user: [{ id: 'u1', username: 'admin' }] }] });
    expect(JSON.stringify(result)).not.toMatch(/AK-nested|SK-nested|apikey|secretkey/);
  });
});

describe('query_async_job text', () => {
  test('pending, succeeded with its object, failed with CloudStack\'s error, cancelled', () => {
    expect(describeJob(job(JOB, 0))).toBe(`Async job ${JOB} (RebootVMCmd): still running in CloudStack (jobstatus 0); query it again later.`);
    const done = { ...job(JOB, 1), jobresult: { virtualmachine: { id: 'vm-1', name: 'web-01', state: 'Running' } } };
    expect(describeJob(done)).toBe(`Async job ${JOB} (RebootVMCmd): succeeded (jobstatus 1). Result: Virtual machine web-01 (vm-1): state Running.`);
    const failed = { ...job(JOB, 2), jobresultcode: 431, jobresult: { errorcode: 431, errortext: 'VM is not Stopped, unable to migrate the vm having the specified id' } };
    expect(describeJob(failed)).toBe(
      `Async job ${JOB} (RebootVMCmd): failed (jobstatus 2) with CloudStack error 431: VM is not Stopped, unable to migrate the vm having the specified id`,
    );
    expect(describeJob(job(JOB, 3))).toBe(`Async job ${JOB} (RebootVMCmd): cancelled (jobstatus 3).`);
  });

  test('is the tool\'s text, with the whole job record as structuredContent', async () => {
    const record = { ...job(JOB, 2), jobresult: { errorcode: 530, errortext: 'host went away' } };
    session = await connect({ api: fakeApi({ queryAsyncJobResult: record }) });
    const result = await session.client.callTool({ name: 'query_async_job', arguments: { jobid: JOB } });
    expect(result.structuredContent).toEqual(record);
    expect(textOf(result)).toBe(`Async job ${JOB} (RebootVMCmd): failed (jobstatus 2) with CloudStack error 530: host went away`);
  });
});

describe('secret fields reach the agent only from the tool that creates them', () => {
  const VM = '6a1f3a52-0f1e-4e44-9a8b-0c1d2e3f4a5b';
  const secretVm = { id: VM, name: 'web-1', state: 'Running', password: 'Gen3rated-pw', userdata: 'I2Nsb3VkLWNvbmZpZw==' };
  const secrets = /Gen3rated-pw|I2Nsb3VkLWNvbmZpZw==|"password"|"userdata"/;

  test('get_virtual_machine and list_virtual_machines drop a password or user data CloudStack includes', async () => {
    session = await connect({ api: fakeApi({ listVirtualMachines: { count: 1, items: [secretVm] } }) });
    const got = await session.client.callTool({ name: 'get_virtual_machine', arguments: { id: VM } });
    expect(got.structuredContent).toEqual({ virtualmachine: { id: VM, name: 'web-1', state: 'Running' } });
    const listed = await session.client.callTool({ name: 'list_virtual_machines', arguments: {} });
    expect(listed.structuredContent).toMatchObject({ items: [{ id: VM, name: 'web-1', state: 'Running' }] });
    for (const result of [got, listed]) expect(JSON.stringify(result)).not.toMatch(secrets);
  });

  test('past jobs\' results (list_async_jobs, query_async_job) do not carry a reset password', async () => {
    const resetJob = { ...job(JOB, 1), jobresult: { virtualmachine: secretVm } };
    session = await connect({ api: fakeApi({ listAsyncJobs: { count: 1, items: [resetJob] }, queryAsyncJobResult: resetJob }) });
    const listed = await session.client.callTool({ name: 'list_async_jobs', arguments: {} });
    const queried = await session.client.callTool({ name: 'query_async_job', arguments: { jobid: JOB } });
    expect(queried.structuredContent).toMatchObject({ jobid: JOB, jobresult: { virtualmachine: { id: VM, state: 'Running' } } });
    for (const result of [listed, queried]) expect(JSON.stringify(result)).not.toMatch(secrets);
  });

  test('start_virtual_machine drops them; reset_password_virtual_machine keeps its password (and nothing else secret)', async () => {
    const api = fakeApi({ startVirtualMachine: { virtualmachine: secretVm }, resetPasswordForVirtualMachine: { virtualmachine: secretVm } });
    session = await connect({ api });
    const started = await session.client.callTool({ name: 'start_virtual_machine', arguments: { id: VM } });
    expect(JSON.stringify(started)).not.toMatch(secrets);
    const reset = await session.client.callTool({ name: 'reset_password_virtual_machine', arguments: { id: VM } });
    expect(reset.structuredContent).toEqual({ virtualmachine: { id: VM, name: 'web-1', state: 'Running', password: 'Gen3rated-pw' } });
    expect(textOf(reset)).toContain('Gen3rated-pw');
    expect(JSON.stringify(reset)).not.toContain('I2Nsb3VkLWNvbmZpZw==');
  });
});

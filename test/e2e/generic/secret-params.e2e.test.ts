/**
 * Secrets that names alone do not reveal, end to end: addSwift's `key` (a secret only for that command) and the
 * S3 keys of addImageStore given as CloudStack map entries (`details[1].key=secretkey&details[1].value=…`), sent
 * through call_cloudstack_api; a tag named for a password, through a task-run create_tags. The audit file, the
 * operator's approval record, API and page, the client's elicitation text, the task store and CloudStack's error
 * texts quoting a value must hold none of them. The simulator does not model addSwift or addImageStore (it answers
 * 432), which is enough: every record is made before or around the send.
 */
import { createServer as createHttpServer, request as httpRequest, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import { CallToolResultSchema, CreateTaskResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createCloudStackClient } from '../../../src/cloudstack/index.js';
import { createPolicyGateFromValue, type AuditRecord } from '../../../src/policy/index.js';
import { createServer } from '../../../src/server.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { createMemoryTaskStore } from '../../../src/tasks/memory-store.js';
import { toolFacts } from '../../../src/tools/index.js';
import { connectStdio, scratchDir } from '../../helpers/cli.js';
import { startHarness, textOf } from '../../helpers/harness.js';
import { createLeakCollector } from '../../helpers/leak-scan.js';
import { linkClient } from '../../helpers/link.js';
import { eventually } from '../../helpers/eventually.js';

const SWIFT_KEY = 'SWIFT-ACCOUNT-KEY-111';
const ACCESS_KEY = 'AKIA-ACCESS-222';
const S3_SECRET = 'S3-SECRET-KEY-333';
const SECRETS = [SWIFT_KEY, ACCESS_KEY, S3_SECRET];
const SWIFT = { command: 'addSwift', params: { url: 'http://swift.example/auth/v1.0', account: 'acct', username: 'u', key: SWIFT_KEY } };
const S3 = { command: 'addImageStore', params: { name: 's3', provider: 'S3', details: [{ key: 'accesskey', value: ACCESS_KEY }, { key: 'secretkey', value: S3_SECRET }] } };
const REDACTED_S3_DETAILS = [{ key: 'accesskey', value: '[REDACTED]' }, { key: 'secretkey', value: '[REDACTED]' }];
const OPERATOR_TOKEN = 'operator-token-0123456789abcdef';

/** Every secret found in `text`, in any letter case and URL-encoded: none is the only right answer. */
const secretsIn = (text: string, secrets: readonly string[] = SECRETS): string[] =>
  secrets.filter((secret) => [secret, encodeURIComponent(secret)].some((form) => text.toLowerCase().includes(form.toLowerCase())));

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(): Promise<RunningSimulator> {
  const sim = await startSimulator({ jobMs: 20 });
  cleanups.push(() => sim.close());
  return sim;
}

const callApi = (client: { callTool: (request: { name: string; arguments: Record<string, unknown> }) => Promise<unknown> }, args: object) =>
  client.callTool({ name: 'call_cloudstack_api', arguments: { ...args } }) as Promise<CallToolResult>;

describe('the built server over stdio', () => {
  async function serve(policy: object, env: Record<string, string> = {}) {
    const sim = await simulator();
    const dir = scratchDir();
    const auditFile = join(dir, 'audit.log');
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(policy));
    const session = await connectStdio(['--policy', join(dir, 'policy.json')], {
      CLOUDSTACK_API_URL: sim.url,
      CLOUDSTACK_API_KEY: sim.keys.admin.apiKey,
      CLOUDSTACK_SECRET_KEY: sim.keys.admin.secretKey,
      CLOUDSTACK_MCP_AUDIT_LOG: auditFile,
      CLOUDSTACK_MCP_LOG_LEVEL: 'debug',
      ...env,
    });
    cleanups.push(() => session.close());
    const audit = (): string => {
      try {
        return readFileSync(auditFile, 'utf8');
      } catch {
        return '';
      }
    };
    const records = () => audit().split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditRecord);
    return { sim, session, audit, records };
  }

  it("keeps the Swift account key of addImageStore provider=Swift (details[n].key=key) out of the audit file and the request log", async () => {
    const key = 'SWIFT-IMGSTORE-KEY-444';
    const store = { command: 'addImageStore', params: { name: 'sw', provider: 'Swift', url: 'http://swift.example/auth/v1.0', details: [{ key: 'account', value: 'acct' }, { key: 'key', value: key }] } };
    const { sim, session, audit, records } = await serve({ version: '1', default: 'deny', commands: { addImageStore: {} } });
    const result = await callApi(session.client, store);
    const executed = await eventually('the executed record', () => records().find((record) => record.event === 'executed'));
    expect(executed.params).toMatchObject({ details: [{ key: 'account', value: 'acct' }, { key: 'key', value: '[REDACTED]' }] });
    expect(sim.requests.map((request) => request.command)).toContain('addImageStore');
    for (const text of [audit(), session.stderr(), JSON.stringify(result), JSON.stringify(sim.requests)]) expect(text).not.toContain(key);
  });

  it("writes addSwift's key and the S3 keys given as map entries to the audit file as [REDACTED], in args and params", async () => {
    const { sim, session, audit, records } = await serve({ version: '1', default: 'deny', commands: { addSwift: {}, addImageStore: {} } });
    const results = [await callApi(session.client, SWIFT), await callApi(session.client, S3)];
    const executed = await eventually('both executed records', () => {
      const found = records().filter((record) => record.event === 'executed');
      return found.length === 2 ? found : undefined;
    });

    // Sent as given (the simulator saw them), recorded without them.
    expect(sim.requests.map((request) => request.command)).toEqual(expect.arrayContaining(['addSwift', 'addImageStore']));
    const swift = executed.find((record) => record.command === 'addSwift')!;
    expect(swift.args).toEqual({ command: 'addSwift', params: { ...SWIFT.params, key: '[REDACTED]' } });
    expect(swift.params).toMatchObject({ key: '[REDACTED]' });
    const s3 = executed.find((record) => record.command === 'addImageStore')!;
    expect(s3.args).toMatchObject({ params: { details: REDACTED_S3_DETAILS } });
    expect(s3.params).toMatchObject({ details: REDACTED_S3_DETAILS });
    expect(records().filter((record) => record.event === 'allow')).toHaveLength(2);
    expect(secretsIn(audit())).toEqual([]);
    expect(secretsIn(session.stderr())).toEqual([]);
    for (const result of results) expect(secretsIn(JSON.stringify(result))).toEqual([]);
  });

  it('keeps them out of the operator approval: its record in the API, the list page and the approval page, and the audit', async () => {
    const policy = { version: '1', default: 'deny', commands: { addSwift: { action: 'require_approval' }, addImageStore: { action: 'require_approval' } } };
    const { session, audit, records } = await serve(policy, { CLOUDSTACK_MCP_APPROVER_TOKEN: OPERATOR_TOKEN });
    const pending = [await callApi(session.client, SWIFT), await callApi(session.client, S3)];
    const approvals = pending.map((result) => (result.structuredContent as { policy: { approval: { id: string; url: string } } }).policy.approval);
    const base = approvals[0]!.url.replace(/\/[^/]+$/, '');
    const bearer = { authorization: `Bearer ${OPERATOR_TOKEN}` };

    const listed = await (await fetch(`${base}/api/list`, { headers: bearer })).text();
    const one = (await (await fetch(`${base}/api/${approvals[0]!.id}`, { headers: bearer })).json()) as { approval: { command: string; params: Record<string, unknown> } };
    expect(one.approval).toMatchObject({ command: 'addSwift', params: { key: '[REDACTED]' } });
    const other = (await (await fetch(`${base}/api/${approvals[1]!.id}`, { headers: bearer })).json()) as { approval: { params: Record<string, unknown> } };
    expect(other.approval.params).toMatchObject({ details: REDACTED_S3_DETAILS });

    // The page, signed in as an operator would be: the list and each approval's own page.
    const signIn = await fetch(`${base}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(base).origin },
      body: new URLSearchParams({ name: 'carol', token: OPERATOR_TOKEN, next: `${new URL(base).pathname}/` }).toString(),
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const pages = await Promise.all([`${base}/`, ...approvals.map((approval) => `${base}/${approval.id}`)].map(async (url) => (await fetch(url, { headers: { cookie } })).text()));
    for (const page of pages) expect(page).toContain('[REDACTED]');

    // Approved, the repeated calls run; every step is audited.
    for (const approval of approvals) {
      const approved = await fetch(`${base}/api/${approval.id}/approve`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: '{}' });
      expect(approved.status).toBe(200);
    }
    const repeated = [await callApi(session.client, SWIFT), await callApi(session.client, S3)];
    await eventually('both executed records', () => (records().filter((record) => record.event === 'executed').length === 2 ? true : undefined));
    expect(records().map((record) => record.event)).toEqual(expect.arrayContaining(['approval_requested', 'approval_approved', 'approval_used', 'executed']));

    expect(secretsIn([listed, ...pages, audit(), session.stderr(), JSON.stringify([pending, repeated])].join('\n'))).toEqual([]);
  });
});

describe('the server in process', () => {
  it("asks the client's approval with a text that shows the arguments redacted under the command's rules", async () => {
    const asked: string[] = [];
    const audit: AuditRecord[] = [];
    const policy = { version: '1', default: 'deny', commands: { addSwift: { action: 'require_approval', approver: 'client' }, addImageStore: { action: 'require_approval', approver: 'client' } } };
    const gate = createPolicyGateFromValue(policy, { tools: toolFacts(), logger: createLeakCollector().logger, audit: { write: (record) => void audit.push(record) } });
    const harness = await startHarness({
      policy: gate,
      onElicit: (request) => {
        asked.push(String(request.params.message));
        return { action: 'accept', content: { approve: true } };
      },
    });
    cleanups.push(() => harness.close(), () => gate.close());
    const results = [await callApi(harness.client, SWIFT), await callApi(harness.client, S3)];

    expect(asked).toHaveLength(2);
    expect(asked[0]).toContain('"key": "[REDACTED]"');
    expect(asked[1]).toContain('"value": "[REDACTED]"');
    expect(audit.map((record) => record.event)).toEqual(expect.arrayContaining(['approval_requested', 'approval_granted', 'executed']));
    expect(secretsIn([...asked, JSON.stringify(audit), JSON.stringify(results)].join('\n'))).toEqual([]);
  });

  /** The real server on the simulator, its task store recording everything it is given and answers. */
  async function taskWorld(apiUrl?: string) {
    const sim = await simulator();
    const leaks = createLeakCollector(sim.keys);
    const api = createCloudStackClient({ apiUrl: apiUrl ?? sim.url, ...sim.keys.admin, timeoutMs: 5_000, asyncTimeoutMs: 10_000, poll: { initialDelayMs: 10, maxDelayMs: 40, factor: 1.5 }, retry: { maxAttempts: 1 }, logger: leaks.logger });
    const gate = createPolicyGateFromValue({ version: '1', default: 'allow', commands: { addImageStore: {} } }, { tools: toolFacts(), logger: leaks.logger, audit: leaks.audit });
    const stored: string[] = [];
    const memory = createMemoryTaskStore({ maxTtlMs: 60_000 });
    const taskStore = new Proxy(memory, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const answer = await (value as (...inner: unknown[]) => unknown).apply(target, args);
          stored.push(JSON.stringify({ method: String(name), args, answer }));
          return answer;
        };
      },
    }) as TaskStore;
    const server = createServer({ api, policy: gate, logger: leaks.logger, readOnly: false, sessionId: 'secrets', taskStore, taskPollIntervalMs: 20 });
    const { client, close } = await linkClient(server, { name: 'secret-params' });
    cleanups.push(() => gate.close(), close);
    await client.listTools();
    return { sim, client, stored, leaks };
  }

  it('a task-run create_tags keeps a password-named tag value out of the task record and the audit', async () => {
    const { sim, client, stored, leaks } = await taskWorld();
    const vm = sim.world.vms.find((candidate) => candidate.name === 'dev-02')!;
    const tagValue = 'Tag-Held-Pa55word-444';
    const args = { resourcetype: 'UserVm', resourceids: [vm.id], tags: [{ key: 'db_password', value: tagValue }, { key: 'env', value: 'prod' }] };
    const created = await client.request({ method: 'tools/call', params: { name: 'create_tags', arguments: args, task: { ttl: 60_000 } } }, CreateTaskResultSchema);
    const result = (await client.experimental.tasks.getTaskResult(created.task.taskId, CallToolResultSchema)) as CallToolResult;
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(sim.requests.filter((request) => request.command === 'createTags')).toHaveLength(1);

    // The store was given the call: its arguments with the tag's value replaced, the other tag as it was.
    const createdRecord = stored.find((entry) => entry.startsWith('{"method":"createTask"'))!;
    expect(createdRecord).toContain('{"key":"db_password","value":"[REDACTED]"}');
    expect(createdRecord).toContain('{"key":"env","value":"prod"}');
    expect(secretsIn(stored.join('\n'), [tagValue])).toEqual([]);
    expect(leaks.audit.records.find((record) => record.event === 'executed')?.params).toMatchObject({ tags: [{ key: 'db_password', value: '[REDACTED]' }, { key: 'env', value: 'prod' }] });
    expect(leaks.leaks([tagValue])).toEqual([]);
  });

  it('call_cloudstack_api takes no task, so no task record of its arguments is ever made', async () => {
    const { client, stored } = await taskWorld();
    const refused = await client.request({ method: 'tools/call', params: { name: 'call_cloudstack_api', arguments: SWIFT, task: { ttl: 60_000 } } }, CreateTaskResultSchema).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Error);
    expect(stored.filter((entry) => entry.startsWith('{"method":"createTask"'))).toEqual([]);
    expect(secretsIn(String(refused))).toEqual([]);
  });

  it("scrubs CloudStack's error text that quotes a map entry's secret value, from the result, the audit and the logs", async () => {
    const sim = await simulator();
    const proxy = await quotingProxy(sim);
    const { client, leaks } = await taskWorld(proxy);
    const result = await callApi(client, S3);

    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('Invalid parameter details[1].value=[REDACTED]; cannot reach S3 with access key [REDACTED] and secret key [REDACTED]');
    const executed = leaks.audit.records.find((record) => record.event === 'executed');
    expect(executed?.outcome?.error).toContain('secret key [REDACTED]');
    expect(secretsIn(JSON.stringify(result))).toEqual([]);
    expect(leaks.leaks(SECRETS)).toEqual([]);
  });
});

/**
 * The simulator behind a proxy that answers addImageStore as a management server failing to reach S3 would,
 * quoting the parameters it was given (once URL-encoded, once as is); every other request goes on to the simulator.
 */
async function quotingProxy(sim: RunningSimulator): Promise<string> {
  const target = new URL(sim.url);
  const proxy: HttpServer = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const form = new URLSearchParams(body || (req.url ?? '').split('?')[1] || '');
      if (form.get('command') === 'addImageStore') {
        const text =
          `Invalid parameter details[1].value=${encodeURIComponent(form.get('details[1].value') ?? '')}; ` +
          `cannot reach S3 with access key ${form.get('details[0].value')} and secret key ${form.get('details[1].value')}`;
        res.writeHead(431, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ addimagestoreresponse: { uuidList: [], errorcode: 431, cserrorcode: 4350, errortext: text } }));
        return;
      }
      const forward = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => proxy.close(resolve)));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${target.pathname}`;
}

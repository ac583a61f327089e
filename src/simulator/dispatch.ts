/**
 * One `/client/api` request, in the management server's order: faults (simulated infrastructure in front of
 * it), authentication, command lookup, method and role checks, parameter validation, then the command —
 * sync, or submitted as a job. Every request lands in the request log, accepted or not.
 */
import { commandSpec, isReadCommand } from '../cloudstack/catalog.js';
import type { Logger } from '../logger.js';
import { authenticate, paramByName } from './auth.js';
import { fallbackEntry } from './commands/apis.js';
import type { CommandTable } from './commands/registry.js';
import { isRootAdmin, type CommandContext } from './context.js';
import type { FaultInjector } from './faults.js';
import { settleJobs, submitJob } from './jobs.js';
import { ApiError, AUTH_FAILED, errorBody, NOT_AVAILABLE, responseKey, type Json } from './protocol.js';
import { appendToLog, loggableParams, type RecordedRequest } from './request-log.js';
import { validateParams } from './validate.js';
import type { Account, World } from './world/types.js';

export interface SimulatorState {
  readonly world: World;
  readonly table: CommandTable;
  readonly faults: FaultInjector;
  readonly log: RecordedRequest[];
  readonly strict: boolean;
  readonly jobMs: number;
  readonly now: () => Date;
  readonly nextId: () => string;
  readonly logger: Logger;
}

export interface ApiReply { readonly status: number; readonly contentType: string; readonly body: string }

const JSON_TYPE = 'application/json; charset=utf-8';

function reply(status: number, body: Json): ApiReply {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(body) };
}

function faultReply(kind: 'error' | 'malformed-json' | 'malformed-html', command: string, style: 'cloudstack' | 'proxy'): ApiReply {
  if (kind === 'malformed-json') return { status: 200, contentType: JSON_TYPE, body: `{"${responseKey(command)}": {"count": 3, "vir` };
  if (kind === 'malformed-html' || style === 'proxy') {
    const status = kind === 'error' ? 503 : 200;
    return { status, contentType: 'text/html', body: '<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>' };
  }
  return reply(530, errorBody(command, new ApiError(530, 'Internal error executing command, please contact your system administrator')));
}

export async function handleApiRequest(state: SimulatorState, method: string, params: Record<string, string>): Promise<ApiReply> {
  const command = paramByName(params, 'command') ?? '';
  const entry: { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] } = {
    time: state.now().toISOString(), method, command: command || undefined, params: loggableParams(params), accepted: false, status: 0,
  };
  appendToLog(state.log, entry);
  const settings = state.faults.settings;
  if (settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, settings.latencyMs));
  const fault = state.faults.requestFault();
  let answer: ApiReply;
  if (fault) {
    answer = faultReply(fault, command, settings.errorStyle);
    entry.errortext = `injected fault: ${fault}`;
  } else {
    try {
      const { body, account, jobid } = execute(state, method, command, params);
      entry.account = account.name;
      entry.accepted = true;
      if (jobid) entry.jobid = jobid;
      answer = reply(200, { [responseKey(command)]: body });
    } catch (error) {
      const failure = error instanceof RefusedError ? error.cause : error instanceof ApiError ? error : new ApiError(530, 'Internal error executing command');
      if (error instanceof RefusedError) entry.account = error.account.name;
      if (!(error instanceof ApiError) && !(error instanceof RefusedError)) state.logger.error('simulator command crashed', { command, error: String(error) });
      entry.errortext = failure.text;
      answer = reply(failure.code, errorBody(command, failure));
    }
  }
  entry.status = answer.status;
  return answer;
}

/** An ApiError raised after authentication, so the log can still name the account. */
class RefusedError extends Error {
  constructor(readonly account: Account, override readonly cause: ApiError) {
    super(cause.text);
  }
}

function execute(state: SimulatorState, method: string, command: string, params: Record<string, string>): { body: Json; account: Account; jobid?: string } {
  const response = paramByName(params, 'response');
  if (response?.toLowerCase() !== 'json') {
    throw new ApiError(400, 'The simulator answers only response=json (CloudStack defaults to XML when response is absent)');
  }
  const now = state.now();
  const account = authenticate(params, state.world, { strict: state.strict, now: new Date(now.getTime() + state.faults.settings.clockSkewMs) });
  try {
    const spec = commandSpec(command);
    // A catalogued command without a handler gets the fallback: listApis, an empty list, or 432 not simulated.
    const entry = state.table.get(command) ?? fallbackEntry(command, state.table);
    // Current management servers answer an unknown command like a failed signature check.
    if (!spec || !entry) throw new ApiError(401, AUTH_FAILED);
    if (state.strict && method === 'GET' && !isReadCommand(command)) {
      throw new ApiError(405, `Method GET is not allowed for the state-changing command ${command}; use POST (enforce.post.requests.and.timestamps is on)`);
    }
    if (entry.adminOnly && !isRootAdmin(account)) throw new ApiError(432, NOT_AVAILABLE);
    const lowered: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) lowered[name.toLowerCase()] = value;
    validateParams(command, spec, lowered);
    settleJobs(state.world, now);
    const ctx: CommandContext = { command, params: lowered, caller: account, world: state.world, now, nextId: state.nextId };
    if (entry.kind === 'sync') return { body: entry.run(ctx), account };
    const work = entry.run(ctx);
    const job = submitJob(ctx, entry, work, state.jobMs, state.faults.jobFault());
    return { body: { ...work.accepted, jobid: job.jobid }, account, jobid: job.jobid };
  } catch (error) {
    if (error instanceof ApiError) throw new RefusedError(account, error);
    throw error;
  }
}

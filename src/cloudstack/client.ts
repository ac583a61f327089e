/**
 * The CloudStack client: the only code that talks to CloudStack. Each attempt flattens, signs afresh (new
 * `expires`, new signature), sends, and interprets the answer; reads are retried on transient failures,
 * state changes never. Lists, paging and async jobs are built on that one request path.
 */
import type { AsyncCallOptions, CallOptions, CloudStackApi, JobOutcome, JsonObject, ListPage } from './api.js';
import { CLOUDSTACK_PAGE_SIZE, commandSpec, isReadCommand } from './catalog.js';
import { CloudStackError, CloudStackJobError, CloudStackTransportError, JobCancelledError } from './errors.js';
import { interpretAnswer } from './http/response.js';
import { createTransport } from './http/transport.js';
import { DEFAULT_POLL, waitForJob, type PollSchedule } from './jobs.js';
import { flattenParams, type CloudStackParams } from './params.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';
import { encodeForm, signRequest } from './signer.js';
import { scrubText, secretParamValues } from '../redact.js';
import { silentLogger, type Logger } from '../logger.js';

export interface CloudStackClientConfig {
  /** e.g. http://127.0.0.1:8080/client/api */
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly secretKey: string;
  /** Per HTTP request (CLOUDSTACK_TIMEOUT). */
  readonly timeoutMs: number;
  /** Overall wait for a job (CLOUDSTACK_ASYNC_TIMEOUT). */
  readonly asyncTimeoutMs: number;
  /**
   * The longest one call waits (CLOUDSTACK_MCP_MAX_WAIT, default 50 s: under the 60 s most MCP clients give a
   * request): a read's retries share it, and a job still running then is reported as such, not waited for.
   */
  readonly maxWaitMs?: number;
  /** How far ahead the signature-v3 `expires` lies; default 5 minutes, never more than 14 (see signer.ts). */
  readonly expiresInMs?: number;
  /** Verification is on by default; turn it off only for lab clouds; `caFile` adds a trusted CA. */
  readonly tls?: { readonly rejectUnauthorized?: boolean; readonly caFile?: string };
  /** Reads only. */
  readonly retry?: Partial<RetryPolicy>;
  readonly poll?: Partial<PollSchedule>;
  readonly logger?: Logger;
  readonly now?: () => Date;
}

const DEFAULT_EXPIRES_MS = 5 * 60 * 1000;
/** listAll's page: the largest CloudStack takes. */
export const PAGE_SIZE = CLOUDSTACK_PAGE_SIZE;
export const DEFAULT_MAX_ITEMS = 5000;
export const DEFAULT_MAX_WAIT_MS = 50_000;

/**
 * `{count, items}` from a list answer. An empty list is `{}` (no count, no array). The array sits under the
 * catalog's list key; for a command the catalog lacks, under the answer's only array.
 */
export function listItems(command: string, answer: JsonObject): ListPage {
  const key = commandSpec(command)?.listKey ?? Object.keys(answer).find((name) => Array.isArray(answer[name]));
  const found = key === undefined ? undefined : answer[key];
  const items = Array.isArray(found) ? (found as JsonObject[]) : [];
  return { count: typeof answer.count === 'number' ? answer.count : items.length, items };
}

/** Fetches pages until CloudStack's `count` is reached, a page comes back short, or `maxItems` is hit. */
export async function listPages(
  fetchPage: (paging: { page: number; pagesize: number }) => Promise<ListPage>,
  maxItems = DEFAULT_MAX_ITEMS,
): Promise<ListPage> {
  const items: JsonObject[] = [];
  let count = 0;
  for (let page = 1; items.length < maxItems; page++) {
    const answer = await fetchPage({ page, pagesize: PAGE_SIZE });
    count = answer.count;
    items.push(...answer.items);
    if (answer.items.length < PAGE_SIZE || items.length >= count) break;
  }
  return { count, items: items.slice(0, maxItems) };
}

/**
 * A failed or cancelled job's text is CloudStack's too, read from queryAsyncJobResult, whose own request sent none
 * of the job's parameters: it may quote what the submitting call sent, so it is scrubbed of that call's secrets.
 */
function jobErrorScrubbed(error: unknown, secrets: readonly string[]): unknown {
  if (error instanceof CloudStackJobError) return new CloudStackJobError(error.jobId, error.command, error.errorCode, scrubText(error.errorText, secrets));
  if (error instanceof JobCancelledError && error.errorText !== undefined) return new JobCancelledError(error.jobId, error.command, scrubText(error.errorText, secrets));
  return error;
}

export function createCloudStackClient(config: CloudStackClientConfig): CloudStackApi {
  const logger = config.logger ?? silentLogger;
  const now = config.now ?? (() => new Date());
  const credentials = { apiKey: config.apiKey, secretKey: config.secretKey };
  const retryPolicy: RetryPolicy = { ...DEFAULT_RETRY, ...config.retry };
  const schedule: PollSchedule = { ...DEFAULT_POLL, ...config.poll };
  const expiresInMs = config.expiresInMs ?? DEFAULT_EXPIRES_MS;
  const maxWaitMs = config.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const clock = (): number => now().getTime();
  const knownSecrets = [config.apiKey, config.secretKey];
  const scrub = (text: string): string => scrubText(text, knownSecrets);
  const transport = createTransport({ apiUrl: config.apiUrl, timeoutMs: config.timeoutMs, tls: config.tls, scrub });

  /**
   * One attempt: sign now, send, interpret. The signature is scrubbed from anything this attempt reports, and so is
   * every secret the request carries (`sentSecrets`): CloudStack's error texts can quote a parameter's value
   * ("Invalid parameter … value=…"), a password, user data, or a map entry's (addImageStore's secretkey detail).
   */
  async function attempt(command: string, params: CloudStackParams, sentSecrets: readonly string[], attemptNumber: number, signal?: AbortSignal) {
    const method = isReadCommand(command) ? 'GET' : 'POST';
    const flat = flattenParams(params);
    const signed = signRequest(command, flat, credentials, { now: now(), expiresInMs });
    const scrubSigned = (text: string): string => scrubText(text, [...knownSecrets, ...sentSecrets, signed.signature ?? '']);
    const started = Date.now();
    let status: number | undefined;
    try {
      const answer = await transport.send({ command, method, form: encodeForm(signed), signal });
      status = answer.status;
      return interpretAnswer(command, answer, scrubSigned);
    } catch (error) {
      if (error instanceof CloudStackError) throw error;
      // Anything else is a bug of ours; never let its text carry a secret out.
      throw new CloudStackTransportError('network', command, scrubSigned(`${command} failed: ${String(error)}`));
    } finally {
      logger.debug('CloudStack request', {
        command,
        method,
        attempt: attemptNumber,
        durationMs: Date.now() - started,
        status,
      });
    }
  }

  /** One command with its retries, all inside `budgetMs` (default: the whole MAX_WAIT). */
  function request(command: string, params: CloudStackParams = {}, options: CallOptions = {}, budgetMs = maxWaitMs): Promise<JsonObject> {
    // Found from the structured parameters, where a map entry's label and value still sit together (redact.ts).
    const sentSecrets = secretParamValues(command, params);
    return withRetry((attemptNumber, signal) => attempt(command, params, sentSecrets, attemptNumber, signal), {
      command,
      policy: retryPolicy,
      logger,
      signal: options.signal,
      budgetMs: Math.min(budgetMs, untilDeadline(options)),
    });
  }

  /** What is left of the tool call's deadline, if it has one (at least 1 ms: an exhausted budget stops at once). */
  const untilDeadline = (options: CallOptions): number =>
    options.deadline === undefined ? Number.POSITIVE_INFINITY : Math.max(1, options.deadline - clock());

  /** The wait a call may spend on a job: the configured job timeout, never more than MAX_WAIT (less what is spent). */
  const jobWaitMs = (options: AsyncCallOptions, spentMs = 0): number =>
    Math.max(1, Math.min(options.timeoutMs ?? config.asyncTimeoutMs, maxWaitMs - spentMs, untilDeadline(options)));

  async function wait(jobId: string, command: string, options: AsyncCallOptions = {}, spentMs = 0) {
    return waitForJob({
      jobId,
      command,
      query: (id, signal, budgetMs) => request('queryAsyncJobResult', { jobid: id }, { signal }, budgetMs),
      timeoutMs: jobWaitMs(options, spentMs),
      schedule,
      now: clock,
      signal: options.signal,
      onProgress: options.onProgress,
    });
  }

  const list = async (command: string, params?: CloudStackParams, options?: CallOptions): Promise<ListPage> =>
    listItems(command, await request(command, params, options));

  return {
    call: request,
    list,
    listAll: (command, params = {}, options = {}) => listPages((page) => list(command, { ...params, ...page }, options), options.maxItems),
    async callAsync(command, params, options = {}): Promise<JobOutcome> {
      const submitted = clock();
      const accepted = await request(command, params, options);
      const jobId = accepted.jobid;
      if (typeof jobId !== 'string' || jobId === '') {
        const async = commandSpec(command)?.async;
        throw new CloudStackTransportError(
          'bad_response',
          command,
          `${command} returned no jobid${async === false ? ': it is a synchronous command, use call()' : ''}.`,
        );
      }
      try {
        const outcome = await wait(jobId, command, options, clock() - submitted);
        return { ...outcome, accepted };
      } catch (error) {
        throw jobErrorScrubbed(error, [...knownSecrets, ...secretParamValues(command, params ?? {})]);
      }
    },
    waitForJob: (jobId, options) => wait(jobId, '', options),
  };
}

/**
 * Every way a CloudStack call can fail, as typed errors written for the agent or operator who reads them:
 * a stable `code`, CloudStack's own text, and a hint where one helps.
 *
 * Safety: these errors never hold the axios error, its config or request (they carry the signed URL, API key
 * and signature); every free text that came from elsewhere is passed through `scrubText` before it gets here.
 */
import type { JsonObject } from './api.js';

export type CloudStackErrorCode =
  | 'api_error'
  | 'job_failed'
  | 'job_timeout'
  | 'job_aborted'
  | 'job_cancelled'
  | 'network'
  | 'timeout'
  | 'tls'
  | 'bad_response'
  | 'aborted';

export abstract class CloudStackError extends Error {
  abstract readonly code: CloudStackErrorCode;

  /** A safe structured form for tool results, logs and audit records. */
  toJSON(): JsonObject {
    const fields: JsonObject = {};
    for (const [key, value] of Object.entries(this)) if (value !== undefined) fields[key] = value;
    return { name: this.name, code: this.code, message: this.message, ...fields };
  }
}

/**
 * Hints for CloudStack's ApiErrorCode values (see cloudstack-api README, "Error codes").
 * 430/431 have none: CloudStack's own text already names the parameter and the rule.
 * 401 also covers an expired signature: requests carry `expires`, so a skewed clock looks like bad keys.
 */
const API_ERROR_HINTS: Readonly<Record<number, string>> = {
  401:
    'Check CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY, and that this machine\'s clock is right (signed requests ' +
    'carry an expiry time). Current CloudStack versions also answer 401 for a command they do not know.',
  405: 'The server refused the HTTP method for this command.',
  411: 'The account requires two-factor authentication, which API-key access cannot complete.',
  432: 'The command is unknown or not allowed for this account (check its role).',
  530: 'Internal error in the CloudStack management server; its management-server.log has the details.',
  531: 'The account is not permitted to do this.',
  532: 'The account has reached a resource limit.',
  533: 'CloudStack has insufficient capacity for this request.',
  534: 'A resource CloudStack needs is unavailable right now.',
  535: 'CloudStack could not allocate a resource for this request.',
  536: 'The resource is in use.',
  537: 'The request conflicts with an existing network rule.',
};

/** CloudStack's throttling plugin says "... please retry after [N] ms." */
export function retryAfterMs(errorText: string): number | undefined {
  const match = /retry after \[?(\d+)\]?\s*ms/i.exec(errorText);
  return match ? Number(match[1]) : undefined;
}

function apiErrorHint(errorCode: number, errorText: string): string | undefined {
  if (errorCode === 429) {
    const wait = retryAfterMs(errorText);
    return `Throttled by CloudStack's API limit; retry after ${wait ?? 'about 1000'} ms.`;
  }
  return API_ERROR_HINTS[errorCode];
}

/** CloudStack answered with its error envelope: `errorcode`, `cserrorcode`, `errortext`. */
export class CloudStackApiError extends CloudStackError {
  readonly code = 'api_error' as const;
  readonly hint: string | undefined;

  constructor(
    readonly command: string,
    readonly httpStatus: number,
    readonly errorCode: number,
    readonly csErrorCode: number | undefined,
    readonly errorText: string,
  ) {
    const hint = apiErrorHint(errorCode, errorText);
    const cs = csErrorCode === undefined ? '' : ` (cserrorcode ${csErrorCode})`;
    // CloudStack's texts rarely end in a full stop; the hint is a sentence of its own.
    const text = hint && !/[.!?]$/.test(errorText) ? `${errorText}.` : errorText;
    super(`${command} failed: CloudStack error ${errorCode}${cs}: ${text}${hint ? ` ${hint}` : ''}`);
    this.name = 'CloudStackApiError';
    this.hint = hint;
  }
}

/** `migrateVirtualMachine job 42…`, or `job 42…` when waiting for a job someone else started. */
const jobLabel = (command: string, jobId: string): string => (command ? `${command} job ${jobId}` : `job ${jobId}`);

/** An async job ended with jobstatus 2; `jobresult` carries CloudStack's errorcode and errortext. */
export class CloudStackJobError extends CloudStackError {
  readonly code = 'job_failed' as const;

  constructor(
    readonly jobId: string,
    readonly command: string,
    readonly errorCode: number | undefined,
    readonly errorText: string,
  ) {
    const codeText = errorCode === undefined ? '' : ` with CloudStack error ${errorCode}`;
    super(`${jobLabel(command, jobId)} failed${codeText}: ${errorText}`);
    this.name = 'CloudStackJobError';
  }
}

/** jobstatus 3: someone cancelled the job in CloudStack. */
export class JobCancelledError extends CloudStackError {
  readonly code = 'job_cancelled' as const;

  constructor(
    readonly jobId: string,
    readonly command: string,
    readonly errorText: string | undefined,
  ) {
    super(`${jobLabel(command, jobId)} was cancelled in CloudStack${errorText ? `: ${errorText}` : '.'}`);
    this.name = 'JobCancelledError';
  }
}

const FOLLOW_UP = (jobId: string): string =>
  `The job keeps running in CloudStack: follow it up with query_async_job (jobid ${jobId}).`;

/** The overall wait ended before the job did. Not a job failure: the job is still running. */
export class JobTimeoutError extends CloudStackError {
  readonly code = 'job_timeout' as const;

  constructor(
    readonly jobId: string,
    readonly command: string,
    readonly timeoutMs: number,
    readonly polls: number,
  ) {
    super(`Stopped waiting for ${jobLabel(command, jobId)} after ${timeoutMs} ms (${polls} polls). ${FOLLOW_UP(jobId)}`);
    this.name = 'JobTimeoutError';
  }
}

/** The caller aborted the wait (e.g. the MCP request was cancelled). The job is not cancelled by that. */
export class JobAbortedError extends CloudStackError {
  readonly code = 'job_aborted' as const;

  constructor(
    readonly jobId: string,
    readonly command: string,
    readonly polls: number,
  ) {
    super(`Stopped waiting for ${jobLabel(command, jobId)}: the wait was aborted. ${FOLLOW_UP(jobId)}`);
    this.name = 'JobAbortedError';
  }
}

export type TransportFailure = 'network' | 'timeout' | 'tls' | 'bad_response' | 'aborted';

/**
 * No usable CloudStack answer: the connection failed, timed out, TLS verification failed, the request was
 * aborted, or the body was not CloudStack's JSON (e.g. a proxy's HTML page).
 */
export class CloudStackTransportError extends CloudStackError {
  constructor(
    readonly code: TransportFailure,
    readonly command: string,
    message: string,
    /** The system error code (ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT...), when there is one. */
    readonly causeCode?: string,
    /** The HTTP status of a response that could not be used. */
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'CloudStackTransportError';
  }
}

export function isCloudStackError(error: unknown): error is CloudStackError {
  return error instanceof CloudStackError;
}

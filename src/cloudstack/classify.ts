/**
 * Whether a failed attempt is worth another: a pure decision, separate from the retry loop (retry.ts).
 *
 * Only reads are ever retried. A state-changing command that failed in transit may still have been executed
 * by CloudStack — a retried deployVirtualMachine is a second VM — so it always fails at once.
 *
 * For reads:
 * - network errors that a restarting or overloaded management server produces (refused, reset, hang-up) and
 *   timeouts: retry. A name that does not resolve (ENOTFOUND) or a TLS failure is configuration: fail.
 * - 429 from CloudStack's API throttling: retry after the wait its errortext names.
 * - HTTP 5xx with no CloudStack error envelope (a proxy's 502/503/504): retry.
 * - CloudStack 530 (internal error): retry. It wraps unexpected exceptions such as a lost database connection
 *   or a management-server restart in progress; a deterministic bug just fails again after the few attempts.
 * - CloudStack 531–537: fail. They come with 5xx statuses but are business answers (permission, resource
 *   limit, capacity, resource unavailable/in use, rule conflict) that the same read would get again; 533–535
 *   are raised by allocation, which reads do not do.
 * - every 4xx (401 bad keys or clock, 430/431 parameters, 432 unknown command): fail.
 */
import { isReadCommand } from './catalog.js';
import { CloudStackApiError, CloudStackTransportError, retryAfterMs } from './errors.js';

export type FailureVerdict =
  | { readonly action: 'retry' }
  | { readonly action: 'retry_after'; readonly delayMs: number }
  | { readonly action: 'fail' };

const RETRY: FailureVerdict = { action: 'retry' };
const FAIL: FailureVerdict = { action: 'fail' };

/** Connection-level failures that a later attempt may not meet. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** When CloudStack asks for a retry but names no wait: its throttling window is one second. */
const DEFAULT_THROTTLE_WAIT_MS = 1000;

export function classifyFailure(error: unknown, command: string): FailureVerdict {
  if (!isReadCommand(command)) return FAIL;
  if (error instanceof CloudStackApiError) return classifyApiError(error);
  if (error instanceof CloudStackTransportError) return classifyTransportError(error);
  return FAIL;
}

function classifyApiError(error: CloudStackApiError): FailureVerdict {
  if (error.errorCode === 429 || error.httpStatus === 429) {
    return { action: 'retry_after', delayMs: retryAfterMs(error.errorText) ?? DEFAULT_THROTTLE_WAIT_MS };
  }
  if (error.errorCode === 530) return RETRY;
  return FAIL;
}

function classifyTransportError(error: CloudStackTransportError): FailureVerdict {
  switch (error.code) {
    case 'timeout':
      return RETRY;
    case 'network':
      return error.causeCode !== undefined && TRANSIENT_NETWORK_CODES.has(error.causeCode) ? RETRY : FAIL;
    case 'bad_response':
      // A gateway's HTML error page (502/503/504) in front of a restarting management server.
      return error.httpStatus !== undefined && error.httpStatus >= 500 ? RETRY : FAIL;
    default:
      return FAIL; // tls, aborted
  }
}

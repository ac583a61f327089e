/**
 * An HTTP exchange that produced no response (refused, reset, timed out, TLS refused, aborted) becomes a
 * CloudStackTransportError with a message that says what to check. Only the error's code and a scrubbed
 * message are read: the axios error itself (config, request, signed URL) never leaves this function.
 */
import { CloudStackTransportError } from '../errors.js';
import { isPlainHttpAnswer } from './hints.js';

/** Node's certificate verification codes and TLS protocol failures (https://nodejs.org/api/tls.html). */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

function isTlsCode(code: string): boolean {
  return TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_');
}

export interface FailureContext {
  readonly command: string;
  /** host:port of the API URL: never the path with its signed query. */
  readonly host: string;
  readonly timeoutMs: number;
  readonly aborted: boolean;
  /** A state-changing command (sent by POST): whether it ran is unknown once it may have reached CloudStack. */
  readonly mutating: boolean;
  readonly scrub: (text: string) => string;
}

/** The system error code behind an axios/Node error; Node 20's dual-stack connect reports an AggregateError. */
function systemErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof candidate.code === 'string' && candidate.code !== 'ERR_NETWORK') return candidate.code;
  if (Array.isArray(candidate.errors)) {
    for (const inner of candidate.errors) {
      const code = systemErrorCode(inner);
      if (code) return code;
    }
  }
  if (candidate.cause !== undefined && candidate.cause !== error) return systemErrorCode(candidate.cause);
  return typeof candidate.code === 'string' ? candidate.code : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function transportFailure(error: unknown, context: FailureContext): CloudStackTransportError {
  const { command, host } = context;
  const code = systemErrorCode(error);
  const detail = context.scrub(errorMessage(error));
  // Refused connections, unknown hosts and TLS failures happen before the request is sent; after anything
  // else a state change may have been carried out, and an agent must look before it sends it again.
  const neverSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || (code !== undefined && isTlsCode(code));
  const unknownOutcome =
    context.mutating && !neverSent
      ? ` ${command} changes state and may still have been carried out by CloudStack: check (e.g. list the resource ` +
        'or its async jobs) before sending it again; it is never retried automatically.'
      : '';
  const fail = (kind: ConstructorParameters<typeof CloudStackTransportError>[0], message: string) =>
    new CloudStackTransportError(kind, command, `${message}${unknownOutcome}`, code);

  if (context.aborted || code === 'ERR_CANCELED') return fail('aborted', `${command} was aborted before CloudStack answered.`);
  if (code === 'ECONNABORTED' || (code === 'ETIMEDOUT' && /timeout/i.test(detail))) {
    return fail(
      'timeout',
      `CloudStack at ${host} did not answer ${command} within ${context.timeoutMs} ms (CLOUDSTACK_TIMEOUT).`,
    );
  }
  if (code !== undefined && isTlsCode(code) && isPlainHttpAnswer(code, detail)) {
    return fail(
      'tls',
      `CloudStack at ${host} answered ${command} in plain HTTP, not TLS (${code}: ${detail}): the scheme is wrong, not the ` +
        'certificate. Start CLOUDSTACK_API_URL with http:// for this port, or use the HTTPS port (CloudStack: 8443).',
    );
  }
  if (code !== undefined && isTlsCode(code)) {
    const why =
      code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? 'its certificate does not name this host'
        : code === 'EPROTO' || code.startsWith('ERR_SSL_')
          ? 'the TLS handshake failed (is this port really HTTPS?)'
          : 'its certificate is not trusted';
    return fail(
      'tls',
      `TLS verification of CloudStack at ${host} failed for ${command}: ${why} (${code}: ${detail}). ` +
        'Give the CA certificate with CLOUDSTACK_CA_FILE, or for a lab cloud set ' +
        'CLOUDSTACK_TLS_REJECT_UNAUTHORIZED=false to skip verification.',
    );
  }
  switch (code) {
    case 'ECONNREFUSED':
      return fail(
        'network',
        `Could not connect to CloudStack at ${host} for ${command}: connection refused (ECONNREFUSED). ` +
          'Is the management server running, and is CLOUDSTACK_API_URL right?',
      );
    case 'ENOTFOUND':
      return fail(
        'network',
        `The CloudStack host in CLOUDSTACK_API_URL (${host}) does not resolve (ENOTFOUND); check the name.`,
      );
    case 'ECONNRESET':
      return fail('network', `CloudStack at ${host} closed the connection during ${command} (ECONNRESET).`);
    default:
      return fail('network', `Network error talking to CloudStack at ${host} during ${command}: ${detail}`);
  }
}

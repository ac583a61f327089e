/**
 * What to check, from what was observed: each hint names the likely cause of one kind of answer that is not
 * CloudStack's API speaking, rather than one catch-all guess (a wrong path used to blame a proxy, and `https://`
 * to a plain-HTTP port to suggest certificate fixes that cannot help).
 */
import type { HttpAnswer } from './response.js';

/** CloudStack's API endpoint path on the management server. */
const API_PATH = '/client/api';

const isHtml = (answer: HttpAnswer): boolean => /^\s*</.test(answer.body) || /html|xml/i.test(answer.contentType ?? '');

/** For an answer without CloudStack's JSON envelope: the likely cause, as one sentence to append. */
export function answerHint(answer: HttpAnswer): string {
  const path = answer.path ?? 'the configured path';
  if (answer.status === 404) {
    return path === API_PATH
      ? `Nothing serves CloudStack's API at ${API_PATH} on this host and port: check the host and port of CLOUDSTACK_API_URL (the management server listens on 8080, or 8443 with TLS).`
      : `The path of CLOUDSTACK_API_URL (${path}) is likely wrong: CloudStack's API endpoint is ${API_PATH}, e.g. https://cloud.example.com${API_PATH}.`;
  }
  if (answer.status === 400 && /plain HTTP request was sent to HTTPS port/i.test(answer.body)) {
    return 'This port speaks HTTPS: start CLOUDSTACK_API_URL with https://.';
  }
  if (answer.status === 502 || answer.status === 503 || answer.status === 504) {
    return `A proxy or load balancer in front of CloudStack answered (HTTP ${answer.status}): the management server behind it may be down or restarting.`;
  }
  if (answer.status < 300 && isHtml(answer)) {
    return path === API_PATH
      ? `A web page answered at ${API_PATH} instead of CloudStack's JSON: a proxy or login portal may be in the way (check the host and port of CLOUDSTACK_API_URL).`
      : `A web page answered at ${path}, which looks like the UI rather than the API: CLOUDSTACK_API_URL should end in ${API_PATH}.`;
  }
  if (answer.status >= 400) {
    return `Something other than CloudStack's API answered at ${path}: check CLOUDSTACK_API_URL (it should end in ${API_PATH}), or a proxy in front of it.`;
  }
  return `Check that CLOUDSTACK_API_URL is CloudStack's API endpoint (it should end in ${API_PATH}).`;
}

/**
 * OpenSSL's words for a TLS record that is not TLS at all: what a client reading plain HTTP as TLS reports
 * (`wrong version number` from OpenSSL 1.1/3, `packet length too long`, `record layer failure`).
 */
const NOT_TLS = /wrong version number|packet length too long|record layer failure|http request|unknown protocol/i;

/** A TLS failure whose detail shows the port answered in plain HTTP: the scheme is wrong, not the certificate. */
export function isPlainHttpAnswer(code: string, detail: string): boolean {
  return (code === 'EPROTO' || code.startsWith('ERR_SSL_')) && (NOT_TLS.test(detail) || code === 'ERR_SSL_WRONG_VERSION_NUMBER');
}

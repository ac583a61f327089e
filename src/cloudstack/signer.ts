/**
 * Request signing exactly as CloudStack's ApiServer.verifyRequest checks it.
 * Pure functions: no clock or randomness unless passed in, so the published vectors test them directly.
 *
 * The algorithm (CloudStack developer guide, "Signing API Requests"):
 *   every parameter but `signature`, names sorted in Java String order, `name=URLEncoder.encode(value)`
 *   with `+` replaced by `%20`, joined by `&`, lower-cased, HMAC-SHA1 with the secret key, base64.
 */
import { createHmac } from 'node:crypto';

export type FlatParams = Readonly<Record<string, string>>;

/** Java's URLEncoder keeps exactly these; everything else is percent-encoded from UTF-8. */
const JAVA_UNRESERVED = /[A-Za-z0-9.\-*_]/;
const utf8 = new TextEncoder();

/**
 * `java.net.URLEncoder.encode(value, "UTF-8")` followed by `+` → `%20`, as CloudStack signs.
 * Unlike encodeURIComponent it encodes `~ ! ' ( )`, and it never leaves `+` meaning a space.
 */
export function encodeValue(value: string): string {
  let out = '';
  for (const char of value) {
    if (JAVA_UNRESERVED.test(char)) {
      out += char;
      continue;
    }
    for (const byte of utf8.encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Java's String.compareTo orders by UTF-16 code unit, which is what JavaScript's `<` does. */
function javaOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `name=value&...` over every parameter but `signature`, sorted, values encoded; not yet lower-cased. */
export function canonicalQuery(params: FlatParams): string {
  return Object.keys(params)
    .filter((name) => name.toLowerCase() !== 'signature')
    .sort(javaOrder)
    .map((name) => `${name}=${encodeValue(params[name] ?? '')}`)
    .join('&');
}

/** The `signature` CloudStack expects for these parameters and this secret key. */
export function computeSignature(params: FlatParams, secretKey: string): string {
  return createHmac('sha1', secretKey).update(canonicalQuery(params).toLowerCase(), 'utf8').digest('base64');
}

/** `yyyy-MM-dd'T'HH:mm:ssZ` in UTC, e.g. `2026-11-24T16:35:11+0000`: the form CloudStack documents for `expires`. */
export function formatExpires(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}+0000`;
}

/** Servers with `enforce.post.requests.and.timestamps` refuse an `expires` more than 15 minutes ahead. */
export const MAX_EXPIRES_MS = 15 * 60 * 1000;

/**
 * How far ahead we ever sign: a minute inside the server's limit, so a client clock running a little ahead of
 * the management server's does not push `expires` past it (a 401 that looks like bad keys).
 */
const SIGNED_EXPIRES_CAP_MS = MAX_EXPIRES_MS - 60 * 1000;

export interface Credentials {
  readonly apiKey: string;
  readonly secretKey: string;
}

export interface SignOptions {
  /** The signing instant; each attempt signs afresh, so a retry never reuses an expired signature. */
  readonly now: Date;
  /** How far ahead `expires` lies (signature version 3). Capped at SIGNED_EXPIRES_CAP_MS. */
  readonly expiresInMs: number;
}

/**
 * The complete parameter set of one request: the caller's parameters plus `command`, `response`, `apiKey`,
 * `signatureVersion`, `expires` and `signature`.
 */
export function signRequest(
  command: string,
  params: FlatParams,
  credentials: Credentials,
  options: SignOptions,
): Record<string, string> {
  const expiresInMs = Math.min(Math.max(options.expiresInMs, 1000), SIGNED_EXPIRES_CAP_MS);
  const unsigned: Record<string, string> = {
    ...params,
    command,
    response: 'json',
    apiKey: credentials.apiKey,
    signatureVersion: '3',
    expires: formatExpires(new Date(options.now.getTime() + expiresInMs)),
  };
  return { ...unsigned, signature: computeSignature(unsigned, credentials.secretKey) };
}

/** The wire form of a signed parameter set, for a GET query string or a POST form body. */
export function encodeForm(params: FlatParams): string {
  return Object.entries(params)
    .map(([name, value]) => `${encodeValue(name)}=${encodeValue(value)}`)
    .join('&');
}

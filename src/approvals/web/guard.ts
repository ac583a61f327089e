/**
 * The checks every approvals request passes: the Host is one this server answers to (DNS rebinding), a
 * state change comes from this very origin (cross-site request forgery), credentials compare in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Hashing both sides first makes the comparison constant-time whatever the lengths. */
export function secretEquals(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

export function bearerOf(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '')?.[1];
}

function hostnameOf(authority: string): string | undefined {
  try {
    return new URL(`http://${authority}`).hostname;
  } catch {
    return undefined;
  }
}

/** The Host header names this server (one of `allowedHosts`, compared as URL.hostname gives them). */
export function hostAllowed(req: IncomingMessage, allowedHosts: ReadonlySet<string>): boolean {
  const host = header(req, 'host');
  const name = host === undefined ? undefined : hostnameOf(host);
  return name !== undefined && allowedHosts.has(name);
}

/**
 * A state change must carry an Origin equal to the page's own (scheme, host and port of the Host header): every
 * current browser sends Origin on a POST, so a missing one is refused too. Ports matter: another service on
 * 127.0.0.1 is the same *site* (SameSite cookies still go) but a different *origin*, and is refused here.
 */
export function sameOrigin(req: IncomingMessage, secure: boolean): boolean {
  const origin = header(req, 'origin');
  const host = header(req, 'host');
  if (!origin || !host || origin === 'null') return false;
  const fetchSite = header(req, 'sec-fetch-site');
  if (fetchSite !== undefined && fetchSite !== 'same-origin') return false;
  try {
    const given = new URL(origin);
    const expected = new URL(`${secure ? 'https' : 'http'}://${host}`);
    return given.origin === expected.origin;
  } catch {
    return false;
  }
}

/** An Origin, when a browser sends one on an API call, must be this server's own: no page elsewhere may drive the API. */
export function originAbsentOrSame(req: IncomingMessage, secure: boolean): boolean {
  return header(req, 'origin') === undefined || sameOrigin(req, secure);
}

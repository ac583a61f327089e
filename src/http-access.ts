/**
 * Whether a request may reach the MCP endpoint: its path, its Host and Origin against the accepted names
 * (http-hosts.ts), and its bearer token when one is set.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostnameOf, notAllowed, type Refusal } from './http-hosts.js';
import { header } from './http-messages.js';

export function checkRequest(req: IncomingMessage, allowedHosts: ReadonlySet<string>, token: string | undefined): Refusal | undefined {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  if (url.pathname !== '/mcp') return { status: 404, message: 'Not found: the MCP endpoint is /mcp' };
  const hostname = hostnameOf(header(req, 'host'));
  if (!hostname || !allowedHosts.has(hostname)) return notAllowed('Host', hostname);
  const origin = header(req, 'origin');
  const originName = origin === undefined ? undefined : hostnameOf(origin, true);
  if (origin !== undefined && !allowedHosts.has(originName ?? '')) return notAllowed('Origin', originName);
  if (token && !bearerMatches(header(req, 'authorization'), token)) {
    return { status: 401, message: 'Unauthorized: a valid bearer token is required', headers: { 'www-authenticate': 'Bearer' } };
  }
  return undefined;
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1] ?? '';
  // Hash both sides so the comparison is constant-time whatever the lengths.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

/**
 * Which Host and Origin names the HTTP server accepts (DNS-rebinding protection), and when it needs a token.
 * Names are compared as URL.hostname gives them: lower case, IPv6 in brackets, no port.
 */
import { hostname as machineName, networkInterfaces } from 'node:os';
import { ConfigError } from './config.js';

export interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1', '[::1]'];
const WILDCARD = ['0.0.0.0', '::', '[::]'];

export function isWildcard(host: string): boolean {
  return WILDCARD.includes(host);
}

function isLoopback(host: string): boolean {
  return LOOPBACK.includes(host) || host.startsWith('127.');
}

/** Beyond loopback, anyone who can reach the port could drive the cloud: a bearer token is mandatory. */
export function requireTokenFor(host: string, token: string | undefined): void {
  if (!isLoopback(host) && !token) {
    throw new ConfigError('CLOUDSTACK_MCP_TOKEN', `is required with --host ${host} (not loopback): set a bearer token of 16+ characters, or bind 127.0.0.1`);
  }
}

/** A host name as it appears in URL.hostname: lower case, IPv6 in brackets, no port or scheme. */
export function normalizeHostName(name: string): string {
  const bare = name.trim();
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(bare);
  // A bare IPv6 address (two colons or more, no brackets) cannot be parsed as a URL authority as it stands.
  if (!isUrl && !bare.startsWith('[') && bare.split(':').length > 2) return `[${bare.toLowerCase()}]`;
  return hostnameOf(bare, isUrl) ?? bare.toLowerCase();
}

/**
 * The Host/Origin names a client may use. A wildcard bind answers on every address of this machine, so all of
 * them (and its name) are accepted; DNS names that point here must be added with CLOUDSTACK_MCP_ALLOWED_HOSTS.
 */
export function acceptedHostNames(bind: string, extra: readonly string[] = []): Set<string> {
  const names = new Set(extra.map(normalizeHostName));
  if (isLoopback(bind) || isWildcard(bind)) LOOPBACK.forEach((name) => names.add(name));
  if (isWildcard(bind)) {
    for (const address of Object.values(networkInterfaces()).flat()) if (address) names.add(normalizeHostName(address.address));
    names.add(machineName().toLowerCase());
  } else {
    names.add(normalizeHostName(bind));
  }
  return names;
}

export function hostnameOf(value: string | undefined, isUrl = false): string | undefined {
  if (!value) return undefined;
  try {
    return new URL(isUrl ? value : `http://${value}`).hostname;
  } catch {
    return undefined;
  }
}

/** The refused name is the caller's own header, so echoing it tells an operator what to allow and leaks nothing. */
export function notAllowed(header: 'Host' | 'Origin', name: string | undefined): Refusal {
  const shown = name ? `"${name}"` : '(missing or malformed)';
  return { status: 403, message: `Forbidden: ${header} ${shown} is not allowed; add the name to CLOUDSTACK_MCP_ALLOWED_HOSTS if clients reach this server by it` };
}

/**
 * What an HTTP session may cost. Any token holder (on the default loopback setup, any local process) can open
 * sessions, and each keeps an MCP server and what its `initialize` carried for the idle window; so:
 *
 * - the table is capped (CLOUDSTACK_MCP_MAX_SESSIONS). When it is full, the session that has gone longest
 *   without a request and has no open stream is closed to make room (a client that dropped a session without
 *   DELETE, as many do on reconnect, does not lock everyone out for the idle window); when every session is
 *   busy, the new one is refused with 503 and Retry-After;
 * - the initialize request is cut down before the SDK sees it: client name and version to a sane length,
 *   capabilities to the ones the server reads, each small; nothing else of it is kept.
 */
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';

export const DEFAULT_MAX_SESSIONS = 100;

export interface Session {
  readonly transport: StreamableHTTPServerTransport;
  readonly server: Server;
  /** Requests (and SSE streams) still open: a session with one is alive, whatever its age. */
  open: number;
  lastSeen: number;
}

const MAX_NAME = 100;
const MAX_VERSION = 50;
const MAX_PROTOCOL_VERSION = 32;
/** Client capabilities the server acts on (elicitation for approvals); a larger value is kept as `{}`. */
const KEPT_CAPABILITIES = ['elicitation', 'roots', 'sampling'] as const;
const MAX_CAPABILITY_JSON = 1024;

/**
 * The first `max` characters as a string of their own: V8 makes a long slice a view that keeps the whole parent
 * alive (a 100-character name would hold the 3 MB it was cut from), so the slice is copied through a Buffer.
 */
function cut(value: unknown, max: number, fallback: string): string {
  return typeof value === 'string' ? Buffer.from(value.slice(0, max), 'utf8').toString('utf8') : fallback;
}

function boundedCapabilities(capabilities: unknown): Record<string, unknown> {
  if (typeof capabilities !== 'object' || capabilities === null) return {};
  const kept: Record<string, unknown> = {};
  for (const name of KEPT_CAPABILITIES) {
    const value = (capabilities as Record<string, unknown>)[name];
    if (typeof value !== 'object' || value === null) continue;
    kept[name] = JSON.stringify(value).length <= MAX_CAPABILITY_JSON ? value : {};
  }
  return kept;
}

/** The initialize request with only what a session needs to keep, each part bounded. */
export function boundedInitialize(request: { params?: unknown } & Record<string, unknown>): Record<string, unknown> {
  const params = (typeof request.params === 'object' && request.params !== null ? request.params : {}) as Record<string, unknown>;
  const clientInfo = (typeof params.clientInfo === 'object' && params.clientInfo !== null ? params.clientInfo : {}) as Record<string, unknown>;
  return {
    jsonrpc: request.jsonrpc,
    id: request.id,
    method: request.method,
    params: {
      protocolVersion: cut(params.protocolVersion, MAX_PROTOCOL_VERSION, ''),
      capabilities: boundedCapabilities(params.capabilities),
      clientInfo: { name: cut(clientInfo.name, MAX_NAME, 'unknown'), version: cut(clientInfo.version, MAX_VERSION, '') },
    },
  };
}

export type Admission = { readonly admitted: true; readonly evicted?: string } | { readonly admitted: false };

/**
 * Room for one more session among `sessions` (plus `pending` initializes in progress), closing the least
 * recently seen idle session if that is what it takes.
 */
export function admitSession(sessions: Map<string, Session>, pending: number, maxSessions: number): Admission {
  if (sessions.size + pending < maxSessions) return { admitted: true };
  let oldest: [string, Session] | undefined;
  for (const entry of sessions) {
    if (entry[1].open === 0 && (oldest === undefined || entry[1].lastSeen < oldest[1].lastSeen)) oldest = entry;
  }
  if (!oldest) return { admitted: false };
  // Out of the table at once, so a burst of initializes cannot count the same idle session twice.
  sessions.delete(oldest[0]);
  void oldest[1].server.close();
  return { admitted: true, evicted: oldest[0] };
}

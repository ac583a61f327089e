/**
 * The HTTP side: `/client/api` (GET query or POST form body, as CloudStack accepts both) and the test-harness
 * control API under `/_simulator/` (JSON), kept apart from CloudStack's own surface.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handleApiRequest, type SimulatorState } from './dispatch.js';
import { parseFaultSettings } from './faults.js';

const MAX_BODY_BYTES = 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Decoded parameters; a repeated name keeps its first value, as the servlet's getParameterMap()[0] does — and
 * the servlet presents query-string values before POST-body values, so the query is read first.
 */
function collectParams(into: Record<string, string>, source: URLSearchParams): void {
  for (const [name, value] of source) if (!(name in into)) into[name] = value;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

async function route(state: SimulatorState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://simulator');
  const method = request.method ?? 'GET';
  if (url.pathname === '/client/api' || url.pathname === '/client/api/') {
    if (method !== 'GET' && method !== 'POST') return sendJson(response, 405, { error: `method ${method} not allowed` });
    const params: Record<string, string> = {};
    collectParams(params, url.searchParams);
    if (method === 'POST' && (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      collectParams(params, new URLSearchParams(await readBody(request)));
    }
    const reply = await handleApiRequest(state, method, params);
    response.writeHead(reply.status, { 'content-type': reply.contentType });
    response.end(reply.body);
    return;
  }
  if (url.pathname === '/_simulator/requests' && method === 'GET') return sendJson(response, 200, { requests: state.log });
  if (url.pathname === '/_simulator/requests/clear' && method === 'POST') {
    state.log.length = 0;
    return sendJson(response, 200, { cleared: true });
  }
  if (url.pathname === '/_simulator/faults') {
    if (method === 'GET') return sendJson(response, 200, { faults: state.faults.settings });
    if (method === 'POST') {
      try {
        state.faults.set(parseFaultSettings(JSON.parse(await readBody(request) || '{}')));
      } catch (error) {
        return sendJson(response, 400, { error: error instanceof Error ? error.message : String(error) });
      }
      return sendJson(response, 200, { faults: state.faults.settings });
    }
  }
  sendJson(response, 404, { error: `no such simulator path: ${method} ${url.pathname}` });
}

export function createSimulatorServer(state: SimulatorState): Server {
  return createServer((request, response) => {
    route(state, request, response).catch((error: unknown) => {
      state.logger.error('simulator request failed', { error: error instanceof Error ? error.message : String(error) });
      if (!response.headersSent) sendJson(response, 500, { error: 'simulator failure' });
      else response.destroy();
    });
  });
}

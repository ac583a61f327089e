/**
 * The approvals page on a listener of its own, for stdio mode (CLOUDSTACK_MCP_APPROVAL_PORT): loopback only,
 * because it has no TLS and the operator credential crosses it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApprovalsHandler, type ApprovalsWebOptions } from './handler.js';

export interface ApprovalListenerOptions extends Omit<ApprovalsWebOptions, 'allowedHosts'> {
  readonly port: number;
  readonly host?: '127.0.0.1' | '::1' | 'localhost';
}

export interface RunningApprovalListener {
  /** The page's address, e.g. `http://127.0.0.1:8765/approvals`. */
  readonly url: string;
  close(): Promise<void>;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export async function startApprovalListener(options: ApprovalListenerOptions): Promise<RunningApprovalListener> {
  const host = options.host ?? '127.0.0.1';
  const handler = createApprovalsHandler({ ...options, allowedHosts: LOOPBACK_NAMES });
  const server: Server = createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (handled) return;
      // The root leads to the page; nothing else lives on this listener.
      if (req.url === '/' || req.url === '') {
        res.writeHead(303, { location: `${handler.prefix}/` });
        return res.end();
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not found: the approvals page is under /approvals\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`CLOUDSTACK_MCP_APPROVAL_PORT: ${options.port} is already in use on ${host}`) : error),
    );
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}${handler.prefix}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

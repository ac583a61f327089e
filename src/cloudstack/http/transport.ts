/**
 * One HTTP exchange with CloudStack's API endpoint, over one axios instance per client.
 *
 * - reads go as GET with the signed form as query string; state-changing commands as POST with the same
 *   signed form as an `application/x-www-form-urlencoded` body (servers with
 *   `enforce.post.requests.and.timestamps` refuse state changes by GET);
 * - every status is a response here (`validateStatus`), the body stays text: interpretAnswer classifies;
 * - redirects are not followed: following one would resend the signed form to a place nobody configured;
 * - TLS verification is on unless turned off; a CA file extends the trusted roots.
 */
import { readFileSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { AxiosInstance } from 'axios';
import { transportFailure } from './failures.js';
import type { HttpAnswer } from './response.js';

export interface TransportConfig {
  readonly apiUrl: string;
  readonly timeoutMs: number;
  readonly tls?: { readonly rejectUnauthorized?: boolean; readonly caFile?: string };
  /** Removes secrets from any text that came from the network stack. */
  readonly scrub: (text: string) => string;
}

export interface HttpExchange {
  readonly command: string;
  readonly method: 'GET' | 'POST';
  /** The signed, encoded form (`encodeForm`). */
  readonly form: string;
  readonly signal?: AbortSignal;
}

export interface Transport {
  /** host:port of the endpoint, safe to show. */
  readonly host: string;
  send(exchange: HttpExchange): Promise<HttpAnswer>;
}

function httpsAgent(tls: TransportConfig['tls']): HttpsAgent {
  const caFile = tls?.caFile;
  let ca: Buffer | undefined;
  if (caFile) {
    try {
      ca = readFileSync(caFile);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new Error(`CLOUDSTACK_CA_FILE ${caFile} cannot be read (${code}).`);
    }
  }
  // Node's `ca` replaces the public roots; an operator adding a private CA expects to add to them, not lose them.
  return new HttpsAgent({ keepAlive: true, rejectUnauthorized: tls?.rejectUnauthorized ?? true, ...(ca ? { ca: [...rootCertificates, ca] } : {}) });
}

export function createTransport(config: TransportConfig): Transport {
  const endpoint = new URL(config.apiUrl);
  const host = endpoint.host;
  // The agent (and its CA file) is set up now, so a bad CA file stops start-up; axios itself is loaded with the
  // first request: it is a tenth of a stdio start-up, and tools/list needs no HTTP.
  const agent = httpsAgent(config.tls);
  let instance: Promise<AxiosInstance> | undefined;
  const axiosClient = () =>
    (instance ??= import('axios').then(({ default: axios }) =>
      axios.create({
        timeout: config.timeoutMs,
        httpsAgent: agent,
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        maxRedirects: 0,
      }),
    ));
  const separator = endpoint.search ? '&' : '?';

  return {
    host,
    async send({ command, method, form, signal }) {
      const client = await axiosClient();
      try {
        const response =
          method === 'GET'
            ? await client.get<string>(`${config.apiUrl}${separator}${form}`, { signal })
            : await client.post<string>(config.apiUrl, form, {
                signal,
                headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
              });
        const header = (name: string): string | undefined => {
          const value: unknown = response.headers[name];
          return typeof value === 'string' ? value : undefined;
        };
        return {
          status: response.status,
          contentType: header('content-type'),
          body: typeof response.data === 'string' ? response.data : String(response.data ?? ''),
          location: header('location'),
          path: endpoint.pathname,
        };
      } catch (error) {
        throw transportFailure(error, {
          command,
          host,
          timeoutMs: config.timeoutMs,
          aborted: signal?.aborted ?? false,
          mutating: method === 'POST',
          scrub: config.scrub,
        });
      }
    },
  };
}

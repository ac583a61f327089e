/** Signed requests to a running simulator with the shared signer and plain fetch (not our client). */
import { expect } from 'vitest';
import { isReadCommand } from '../../src/cloudstack/catalog.js';
import { encodeForm, signRequest, type Credentials } from '../../src/cloudstack/signer.js';
import type { RunningSimulator } from '../../src/simulator/index.js';

export interface Answer {
  status: number;
  body: Record<string, any>;
  /** The unwrapped `<command>response` object. */
  inner: Record<string, any>;
}

export interface CallOptions {
  as?: 'admin' | 'user' | Credentials;
  method?: 'GET' | 'POST';
  now?: Date;
}

export async function send(url: string, params: Record<string, string>, method: 'GET' | 'POST' = 'GET'): Promise<Answer> {
  const form = encodeForm(params);
  const response =
    method === 'GET'
      ? await fetch(`${url}?${form}`)
      : await fetch(url, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const body = (await response.json()) as Record<string, any>;
  const [key] = Object.keys(body);
  return { status: response.status, body, inner: body[key!] as Record<string, any> };
}

export function call(sim: RunningSimulator, command: string, params: Record<string, string> = {}, options: CallOptions = {}): Promise<Answer> {
  const as = options.as ?? 'admin';
  const credentials = typeof as === 'string' ? sim.keys[as] : as;
  const signed = signRequest(command, params, credentials, { now: options.now ?? new Date(), expiresInMs: 5 * 60_000 });
  return send(sim.url, signed, options.method ?? (isReadCommand(command) ? 'GET' : 'POST'));
}

/** Polls queryAsyncJobResult until the job settles (jobs in tests last a few ms). */
export async function waitJob(sim: RunningSimulator, jobid: string, as: CallOptions['as'] = 'admin'): Promise<Record<string, any>> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { inner } = await call(sim, 'queryAsyncJobResult', { jobid }, { as });
    if (inner.jobstatus !== 0) return inner;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`job ${jobid} did not finish`);
}

/**
 * Sends an async command, requires CloudStack's acceptance (HTTP 200 with a job id), and returns the settled job.
 * `accepted` may check the immediate answer further (e.g. that it holds nothing but the job id).
 */
export async function runJob(
  sim: RunningSimulator,
  command: string,
  params: Record<string, string>,
  as: CallOptions['as'] = 'admin',
  accepted?: (inner: Answer['inner']) => void,
): Promise<Record<string, any>> {
  const answer = await call(sim, command, params, { as });
  expect(answer.status, JSON.stringify(answer.inner)).toBe(200);
  expect(answer.inner.jobid).toBeTypeOf('string');
  accepted?.(answer.inner);
  return waitJob(sim, answer.inner.jobid, as);
}

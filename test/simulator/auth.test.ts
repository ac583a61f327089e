import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeSignature, encodeForm, formatExpires, signRequest } from '../../src/cloudstack/signer.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { call, send } from './helpers.js';

const AUTH_TEXT = 'unable to verify user credentials and/or request signature';

describe('signature verification', () => {
  let sim: RunningSimulator;
  let strict: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobMs: 1 });
    strict = await startSimulator({ jobMs: 1, strict: true });
  });
  afterAll(async () => {
    await sim.close();
    await strict.close();
  });

  const signed = (extra: Record<string, string> = {}, secret = sim.keys.admin.secretKey) =>
    signRequest('listZones', extra, { apiKey: sim.keys.admin.apiKey, secretKey: secret }, { now: new Date(), expiresInMs: 60_000 });

  async function expectRefused(params: Record<string, string>, target = sim, method: 'GET' | 'POST' = 'GET') {
    const answer = await send(target.url, params, method);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ listzonesresponse: { uuidList: [], errorcode: 401, cserrorcode: 9999, errortext: AUTH_TEXT } });
    expect(target.requests.at(-1)).toMatchObject({ accepted: false, status: 401 });
  }

  it('accepts a correctly signed request', async () => {
    const answer = await send(sim.url, signed());
    expect(answer.status).toBe(200);
    expect(answer.inner.count).toBe(2);
  });

  it('refuses a wrong key, a wrong secret, a tampered parameter, a missing signature, an expired request', async () => {
    await expectRefused({ ...signed(), apiKey: 'nobody' });
    await expectRefused(signed({}, 'not-the-secret'));
    await expectRefused({ ...signed({ name: 'zone-adv-1' }), name: 'zone-basic-1' });
    const { signature: _dropped, ...unsigned } = signed();
    await expectRefused(unsigned);
    const past = signRequest('listZones', {}, sim.keys.admin, { now: new Date(Date.now() - 3_600_000), expiresInMs: 60_000 });
    await expectRefused(past);
  });

  it('reads a name given in both the query string and the POST body from the query string, as the servlet does', async () => {
    const form = encodeForm(signed({ name: 'zone-adv-1' }));
    const post = (query: string) =>
      fetch(`${sim.url}?${query}`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    // The query's value is the one verified: a signed body cannot hide a different value in the URL.
    expect((await post('name=zone-basic-1')).status).toBe(401);
    expect((await post('name=zone-adv-1')).status).toBe(200);
  });

  it('accepts the developer guide spelling `apikey` and ISO expiry, and version 2 signatures when not strict', async () => {
    const params: Record<string, string> = { command: 'listZones', response: 'json', apikey: sim.keys.admin.apiKey };
    expect((await send(sim.url, { ...params, signature: computeSignature(params, sim.keys.admin.secretKey) })).status).toBe(200);
    const iso = { ...params, signatureVersion: '3', expires: new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, 'Z') };
    expect((await send(sim.url, { ...iso, signature: computeSignature(iso, sim.keys.admin.secretKey) })).status).toBe(200);
  });

  it('answers an unknown command like a failed signature (current servers)', async () => {
    const params = signRequest('listUnicorns', {}, sim.keys.admin, { now: new Date(), expiresInMs: 60_000 });
    const answer = await send(sim.url, params);
    expect(answer.status).toBe(401);
    expect(answer.inner.errortext).toBe(AUTH_TEXT);
  });

  it('strict mode refuses version 2 signatures, far expiries and GETs of mutating commands', async () => {
    const v2: Record<string, string> = { command: 'listZones', response: 'json', apiKey: strict.keys.admin.apiKey };
    await expectRefused({ ...v2, signature: computeSignature(v2, strict.keys.admin.secretKey) }, strict);
    const far: Record<string, string> = { ...v2, signatureVersion: '3', expires: formatExpires(new Date(Date.now() + 60 * 60_000)) };
    await expectRefused({ ...far, signature: computeSignature(far, strict.keys.admin.secretKey) }, strict);
    expect((await call(strict, 'listZones')).status).toBe(200);

    const vm = strict.world.vms.find((v) => v.state === 'Running')!;
    const get = await call(strict, 'stopVirtualMachine', { id: vm.id }, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.inner).toMatchObject({ errorcode: 405 });
    expect(strict.world.jobs).toHaveLength(0);
    expect((await call(strict, 'stopVirtualMachine', { id: vm.id }, { method: 'POST' })).status).toBe(200);
  });

  it('a clock-skew fault makes signatures that expire sooner than the skew fail', async () => {
    sim.setFaults({ clockSkewMs: 10 * 60_000 });
    try {
      await expectRefused(signed());
    } finally {
      sim.setFaults({ clockSkewMs: 0 });
    }
    expect((await send(sim.url, signed())).status).toBe(200);
  });
});

import { describe, expect, it } from 'vitest';
import { withoutSecrets } from '../../../src/tools/without-secrets.js';

describe('withoutSecrets', () => {
  it('returns an answer with no secret-named field as it is, without copying it', () => {
    const zone = { id: 'z1', name: 'zone-a', tags: [{ key: 'env', value: 'prod' }], capacity: { cpu: 4 } };
    expect(withoutSecrets(zone)).toBe(zone);
  });

  it('copies only when a field has to go, at any depth, and leaves the answer it was given untouched', () => {
    const job = { jobid: 'j1', jobresult: { virtualmachine: { id: 'vm-1', password: 'S3cret!' } }, nics: [{ id: 'n1', privatekey: 'PK' }] };
    const clean = withoutSecrets(job);
    expect(clean).toEqual({ jobid: 'j1', jobresult: { virtualmachine: { id: 'vm-1' } }, nics: [{ id: 'n1' }] });
    expect(clean).not.toBe(job);
    expect(job.jobresult.virtualmachine.password).toBe('S3cret!');
  });

  it('keeps the top-level fields a tool declares as its own secret, and only at the top level', () => {
    const reset = { id: 'vm-1', password: 'once', details: { password: 'nested' } };
    expect(withoutSecrets(reset, ['password'])).toEqual({ id: 'vm-1', password: 'once', details: {} });
    const plain = { id: 'vm-1', password: 'once' };
    expect(withoutSecrets(plain, ['password'])).toBe(plain);
  });

  it('cuts what lies deeper than 20 levels, as before, even when no field there is secret', () => {
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let level = 0; level < 25; level++) deep = { inner: deep };
    const cut = withoutSecrets(deep);
    expect(cut).not.toBe(deep);
    expect(JSON.stringify(cut)).not.toContain('leaf');
  });
});

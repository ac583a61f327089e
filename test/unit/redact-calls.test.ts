/**
 * Secrets that names alone do not reveal: a map entry labelled with a secret name (addImageStore's
 * `details[1].key=secretkey&details[1].value=…`), and a command's own secret parameter inside the generic tool's
 * `{command, params}` (addSwift's `key`). Records, texts and the client's scrubbing all ask redact.ts.
 */
import { describe, expect, it } from 'vitest';
import { isSecretField, REDACTED, redact, redactParams, secretParamValues } from '../../src/redact.js';

const S3 = { name: 's3', provider: 'S3', details: [{ key: 'accesskey', value: 'AKIA-ACCESS-222' }, { key: 'secretkey', value: 'S3-SECRET-KEY-333' }, { key: 'region', value: 'eu-1' }] };
const S3_REDACTED = { name: 's3', provider: 'S3', details: [{ key: 'accesskey', value: REDACTED }, { key: 'secretkey', value: REDACTED }, { key: 'region', value: 'eu-1' }] };
const SWIFT = { url: 'http://swift.example/auth/v1.0', account: 'acct', username: 'u', key: 'SWIFT-ACCOUNT-KEY-111' };

describe('map entries labelled with a secret name', () => {
  it("replace the entry's value, in any map, and leave other entries alone", () => {
    expect(redact(S3)).toEqual(S3_REDACTED);
    expect(redactParams('addImageStore', S3)).toEqual(S3_REDACTED);
    // The label may be `name` (listConfigurations, updateConfiguration), in any letter case, one entry or an indexed object.
    expect(redact({ Name: 'ldap.bind.password', Value: 'bind-pw' })).toEqual({ Name: 'ldap.bind.password', Value: REDACTED });
    expect(redactParams('updateConfiguration', { name: 'ldap.bind.password', value: 'bind-pw' })).toEqual({ name: 'ldap.bind.password', value: REDACTED });
    expect(redact({ externaldetails: { 0: { key: 'ssh_password', value: 'pw' } } })).toEqual({ externaldetails: { 0: { key: 'ssh_password', value: REDACTED } } });
    expect(redact({ tags: [{ key: 'env', value: 'prod' }], name: 'web-01' })).toEqual({ tags: [{ key: 'env', value: 'prod' }], name: 'web-01' });
  });

  it("a label secret only under one command's map: addImageStore's Swift account key is details[n].key=key", () => {
    const swift = { name: 'sw', provider: 'Swift', details: [{ key: 'account', value: 'acct' }, { key: 'key', value: 'SWIFT-KEY-444' }] };
    expect(redactParams('addImageStore', swift)).toEqual({ ...swift, details: [{ key: 'account', value: 'acct' }, { key: 'key', value: REDACTED }] });
    expect(redactParams('addImageStore', { details: { 0: { key: 'key', value: 'SWIFT-KEY-444' } } })).toEqual({ details: { 0: { key: 'key', value: REDACTED } } });
    expect(redact({ command: 'addImageStore', params: swift })).toEqual({ command: 'addImageStore', params: redactParams('addImageStore', swift) });
    expect(secretParamValues('addImageStore', swift)).toEqual(['SWIFT-KEY-444']);
    // Elsewhere `key` labels an ordinary value.
    expect(redactParams('createTags', { tags: [{ key: 'key', value: 'v' }] })).toEqual({ tags: [{ key: 'key', value: 'v' }] });
  });

  it('a value that is not a text is replaced too', () => {
    expect(redact({ key: 'password', value: 1234 })).toEqual({ key: 'password', value: REDACTED });
  });

  it('isSecretField answers the same for result walkers', () => {
    expect(isSecretField({ key: 'secretkey', value: 'x' }, 'value')).toBe(true);
    expect(isSecretField({ key: 'secretkey', value: 'x' }, 'key')).toBe(false);
    expect(isSecretField({ key: 'region', value: 'x' }, 'value')).toBe(false);
    expect(isSecretField({ password: 'x' }, 'password')).toBe(true);
  });
});

describe("the generic tool's arguments", () => {
  it("are redacted under the command they name: addSwift's key, by redact and by redactParams of the tool", () => {
    const args = { command: 'addSwift', params: SWIFT };
    const expected = { command: 'addSwift', params: { ...SWIFT, key: REDACTED } };
    expect(redact(args)).toEqual(expected);
    // The registry stores a task's arguments under the tool's command, which for call_cloudstack_api is none.
    expect(redactParams('(any command)', args)).toEqual(expected);
    expect(redactParams('addSwift', args)).toEqual(expected);
    expect(redact({ command: 'addImageStore', params: S3 })).toEqual({ command: 'addImageStore', params: S3_REDACTED });
  });

  it("leave a `key` alone under a command for which it is a tag's or a detail's name", () => {
    expect(redact({ command: 'listTags', params: { key: 'env' } })).toEqual({ command: 'listTags', params: { key: 'env' } });
  });
});

describe('fail closed', () => {
  it('a value nested too deep to walk is replaced whole, not passed through', () => {
    let deep: Record<string, unknown> = { password: 'deep-secret' };
    for (let level = 0; level < 30; level++) deep = { inner: deep };
    expect(JSON.stringify(redact(deep))).not.toContain('deep-secret');
  });
});

describe('secretParamValues: what the client scrubs from CloudStack texts', () => {
  it('is every value redactParams replaces, as sent', () => {
    expect(secretParamValues('addImageStore', S3)).toEqual(['AKIA-ACCESS-222', 'S3-SECRET-KEY-333']);
    expect(secretParamValues('addSwift', SWIFT)).toEqual(['SWIFT-ACCOUNT-KEY-111']);
    expect(secretParamValues('deployVirtualMachine', { zoneid: 'z', userdata: 'I2Nsb3Vk', userdatadetails: [{ key: 'db_pass', value: 'v4lue' }] })).toEqual(['I2Nsb3Vk', 'db_pass', 'v4lue']);
    expect(secretParamValues('listZones', { keyword: 'x', available: true })).toEqual([]);
  });
});

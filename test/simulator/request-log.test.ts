import { describe, expect, it } from 'vitest';
import { appendToLog, loggableParams, MAX_LOGGED_REQUESTS } from '../../src/simulator/request-log.js';

describe('the request log', () => {
  it('keeps the most recent entries only, dropping the oldest first', () => {
    const log: number[] = [];
    for (let n = 1; n <= 7; n++) appendToLog(log, n, 5);
    expect(log).toEqual([3, 4, 5, 6, 7]);
    expect(MAX_LOGGED_REQUESTS).toBeGreaterThanOrEqual(1000);
  });

  it('drops the signature and redacts keys, passwords, user data and private keys', () => {
    expect(
      loggableParams({ command: 'deployVirtualMachine', apiKey: 'k', Signature: 's', password: 'p', userdata: 'u', privatekey: 'x', name: 'web' }),
    ).toEqual({ command: 'deployVirtualMachine', apiKey: '[REDACTED]', password: '[REDACTED]', userdata: '[REDACTED]', privatekey: '[REDACTED]', name: 'web' });
  });

  it("redacts a command's own secret parameter and the value of a map entry labelled with a secret name", () => {
    expect(loggableParams({ command: 'addSwift', key: 'SWIFT-KEY', url: 'http://swift' })).toEqual({ command: 'addSwift', key: '[REDACTED]', url: 'http://swift' });
    expect(loggableParams({ command: 'createTags', 'tags[0].key': 'env', 'tags[0].value': 'prod' })).toMatchObject({ 'tags[0].key': 'env', 'tags[0].value': 'prod' });
    const store = loggableParams({
      command: 'addImageStore', provider: 'S3',
      'details[0].key': 'bucket', 'details[0].value': 'backups', 'details[1].KEY': 'secretkey', 'details[1].value': 'S3-SECRET',
    });
    expect(store).toMatchObject({ 'details[0].value': 'backups', 'details[1].KEY': 'secretkey', 'details[1].value': '[REDACTED]' });
    // The Swift account key of addImageStore provider=Swift is labelled plainly `key`; a tag's `key` is not a secret.
    const swift = loggableParams({ command: 'addImageStore', provider: 'Swift', 'details[0].key': 'key', 'details[0].value': 'SWIFT-KEY' });
    expect(swift['details[0].value']).toBe('[REDACTED]');
  });
});

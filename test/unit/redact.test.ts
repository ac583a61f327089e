/** The one definition of a secret: structured fields (`redact`) and free text (`scrubText`) agree on the names. */
import { describe, expect, it } from 'vitest';
import { isSecretName, REDACTED, redact, scrubText } from '../../src/redact.js';

describe('scrubText', () => {
  it.each([
    ['GET /client/api?apiKey=AAA&command=listZones&signature=abc%2B', `GET /client/api?apiKey=${REDACTED}&command=listZones&signature=${REDACTED}`],
    ['privatekey=-----BEGIN RSA', `privatekey=${REDACTED} RSA`],
    ['id=1&details[0].password=hunter2&x=1', `id=1&details[0].password=${REDACTED}&x=1`],
    ['token=abc def', `token=${REDACTED} def`],
    ['x=1&client_secret=zz', `x=1&client_secret=${REDACTED}`],
    ['userdata=I2Nsb3Vk&secretKey=s', `userdata=${REDACTED}&secretKey=${REDACTED}`],
    ['authorization=Bearer', `authorization=${REDACTED}`],
  ])('redacts every secret-named assignment: %s', (text, expected) => {
    expect(scrubText(text)).toBe(expected);
  });

  it('leaves names that only contain a secret word alone', () => {
    expect(scrubText('zonetoken=5&keyword=password&passwordenabled=true')).toBe('zonetoken=5&keyword=password&passwordenabled=true');
  });

  it('every name redact() hides is also scrubbed from free text', () => {
    const names = ['apikey', 'secretKey', 'signature', 'password', 'privatekey', 'userdata', 'token', 'authorization', 'CLOUDSTACK_SECRET_KEY', 'newpassword', 'client_secret'];
    for (const name of names) {
      expect(isSecretName(name)).toBe(true);
      expect(redact({ [name]: 'v4lue' })).toEqual({ [name]: REDACTED });
      expect(scrubText(`a=1&${name}=v4lue`)).toBe(`a=1&${name}=${REDACTED}`);
    }
  });
});

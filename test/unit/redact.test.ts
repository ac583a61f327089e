/** The one definition of a secret: structured fields (`redact`) and free text (`scrubText`) agree on the names. */
import { describe, expect, it } from 'vitest';
import { commandSpec, knownCommands } from '../../src/cloudstack/catalog.js';
import { encodedForms, isSecretName, isSecretParam, REDACTED, redact, redactParams, scrubText } from '../../src/redact.js';

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

/** Every parameter and response field name of CloudStack's commands, in lower case. */
function catalogFieldNames(): string[] {
  const names = new Set<string>();
  for (const command of knownCommands()) {
    const spec = commandSpec(command)!;
    for (const name of [...Object.keys(spec.params), ...Object.keys(spec.responseFields)]) names.add(name.toLowerCase());
  }
  return [...names].sort();
}

describe('the secret names cover every secret field of the catalog', () => {
  // Read from catalog.json: a refreshed catalog with a new secret field (or a new look-alike) fails here.
  const SECRET_FIELDS = [
    'accesskey', 'apikey', 'bindpass', 'cniconfig', 'cniconfigdetails', 'codefor2fa', 'configdata', 'currentpassword',
    'dockerregistrypassword', 'encryptedpassword', 'ipsecpsk', 'password', 'pingcifspassword', 'presharedkey',
    'privatekey', 'secretcode', 'secretkey', 'sessionkey', 'signature', 'token', 'truststorepass', 'userapikey',
    'userdata', 'userdatadetails', 'usersecretkey', 'vsmpassword',
  ];
  // Names that look like one of those words but carry no secret: flags, ids, names, public halves, counts.
  const LOOK_ALIKES = [
    'aclconsistencyhash', 'apikeyaccess', 'bypassvlanoverlapcheck', 'cacertificates', 'certchain', 'certid', 'certificate',
    'cniconfigname', 'cniconfigurationid', 'credit', 'creditedon', 'creditoruserid', 'creditorusername', 'exitcode',
    'extraconfig', 'gslbproviderprivateip', 'icmpcode', 'jobresultcode', 'key', 'keyboard', 'keypair', 'keypairs', 'keyword',
    'kubernetesversionid', 'kubernetesversionname', 'minimumkubernetesversionid', 'passive', 'passwordenabled',
    'privateendport', 'privateinterface', 'privateip', 'privatemacaddress', 'privatemtu', 'privatenetmask', 'privateport',
    'privatezone', 'publickey', 'routerprivateinterfacemaxmtu', 's3signer', 'sortkey', 'sshkeyenabled',
    'update_passwd_on_host', 'userdataid', 'userdataname', 'userdataparams', 'userdatapolicy', 'vnfconfiguremanagement',
    'zonetoken',
  ];
  const SECRET_WORDS = /pass|key|secret|token|psk|kube|priv|cert|cred|auth|userdata|sign|code|config|otp|hmac|salt|hash|cipher/;

  it('names exactly the catalog fields that hold a password, key, secret, token, pre-shared key, kubeconfig, private key or user data', () => {
    expect(catalogFieldNames().filter(isSecretName)).toEqual(SECRET_FIELDS);
  });

  it('every other catalog field with a secret-like word in its name is a known look-alike', () => {
    expect(catalogFieldNames().filter((name) => SECRET_WORDS.test(name) && !isSecretName(name))).toEqual(LOOK_ALIKES);
  });

  it('the VPN pre-shared keys are dropped at any depth, as in a job result', () => {
    const job = { jobresult: { vpnconnection: { id: 'c1', ipsecpsk: 'site-to-site-psk' }, remoteaccessvpn: { presharedKey: 'ra-psk' } } };
    expect(redact(job)).toEqual({ jobresult: { vpnconnection: { id: 'c1', ipsecpsk: REDACTED }, remoteaccessvpn: { presharedKey: REDACTED } } });
  });

  it("a generic name is a secret only for the command that uses it so (addSwift's key)", () => {
    expect(isSecretParam('addSwift', 'key')).toBe(true);
    expect(isSecretParam('createTags', 'key')).toBe(false);
    expect(isSecretParam('createTags', 'password')).toBe(true);
    expect(redactParams('addSwift', { url: 'http://swift', key: 'k3y', details: { password: 'p' } })).toEqual({
      url: 'http://swift',
      key: REDACTED,
      details: { password: REDACTED },
    });
    expect(redactParams('createTags', { key: 'env', value: 'prod' })).toEqual({ key: 'env', value: 'prod' });
  });
});

describe('encoded secrets', () => {
  const signature = 'Ab+/cD9=xYz+';

  it.each([
    ['raw', signature],
    ['encodeURIComponent', encodeURIComponent(signature)],
    ['lower-case hex', encodeURIComponent(signature).toLowerCase().replace(/ab|cd|xyz/g, (m) => m.toUpperCase())],
    ['encoded twice', encodeURIComponent(encodeURIComponent(signature))],
  ])('a known value is removed %s', (_form, text) => {
    const out = scrubText(`CloudStack says: unable to verify ${text} here`, [signature]);
    expect(out).toBe(`CloudStack says: unable to verify ${REDACTED} here`);
  });

  it('every encoded form of a value with spaces and non-ASCII is listed and removed', () => {
    const secret = 'pass word/ü~!';
    const forms = encodedForms(secret);
    expect(forms).toEqual(expect.arrayContaining([secret, 'pass%20word%2F%C3%BC~!', 'pass%20word%2F%C3%BC%7E%21', 'pass+word%2F%C3%BC~!']));
    for (const form of forms) expect(scrubText(`x ${form} y`, [secret])).toBe(`x ${REDACTED} y`);
  });

  it('an assignment whose = is encoded inside an echoed URL is removed up to the next encoded &', () => {
    const echoed = 'url=http%3A%2F%2Fcs%2Fclient%2Fapi%3Fcommand%3DlistZones%26signature%3Dabc%252Bdef%26apiKey%3DK';
    expect(scrubText(echoed)).toBe(`url=http%3A%2F%2Fcs%2Fclient%2Fapi%3Fcommand%3DlistZones%26signature%3D${REDACTED}%26apiKey%3D${REDACTED}`);
  });
});

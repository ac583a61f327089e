import { describe, expect, it } from 'vitest';
import {
  canonicalQuery,
  computeSignature,
  encodeForm,
  encodeValue,
  formatExpires,
  signRequest,
  type FlatParams,
} from '../../../src/cloudstack/signer.js';
import { flattenParams } from '../../../src/cloudstack/params.js';

// Published vectors (CloudStack developer guide; CloudStack's Go SDK tests). They are facts, copied here.
interface Vector {
  readonly secret: string;
  readonly params: FlatParams;
  readonly signature: string;
}

const PUBLISHED: readonly Vector[] = [
  {
    secret: 'VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ',
    params: {
      apikey: 'plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg',
      command: 'listUsers',
      response: 'json',
    },
    signature: 'TTpdDq/7j/J58XCRHomKoQXEQds=',
  },
  {
    secret: 'bar',
    params: { apiKey: 'foo', response: 'json', command: 'listVirtualMachines', listall: 'true' },
    signature: 'B0d6hBsZTcFVCiioSxzwKA9Pke8=',
  },
  {
    secret: 'bar',
    params: {
      apiKey: 'foo',
      response: 'json',
      command: 'scaleVirtualMachine',
      id: 'a',
      'details[0].cpunumber': '1000',
      'details[0].memory': '640k',
    },
    signature: 'ZNl66z3gFhnsx2Eo3vvCIM0kAgI=',
  },
  {
    secret: 'bar',
    params: { apiKey: 'foo', response: 'json', command: 'listVirtualMachines', listall: '1', unicode_param: 'éèààû' },
    signature: 'gABU/KFJKD3FLAgKDuxQoryu4sA=',
  },
  {
    secret: 'bar',
    params: { apiKey: 'foo', response: 'json', command: 'createNetwork', name: '', display_text: '' },
    signature: 'CistTEiPt/4Rv1v4qSyILvPbhmg=',
  },
];

// Vectors computed by hand from the algorithm (Java URLEncoder semantics, byte by byte, in a separate script).
const HAND_MADE: readonly (Omit<Vector, 'secret'> & { why: string; canonical: string })[] = [
  {
    why: "spaces and ~!'()* and +&=/",
    params: { apiKey: 'key', response: 'json', command: 'createNetwork', displaytext: "a b~c!d'e(f)g*h", name: 'x+y&z=w/v' },
    canonical: 'apiKey=key&command=createNetwork&displaytext=a%20b%7Ec%21d%27e%28f%29g*h&name=x%2By%26z%3Dw%2Fv&response=json',
    signature: 'K4ej0cY9o7j4UzyleS/+cVDv5Ss=',
  },
  {
    why: 'non-ASCII and an empty value',
    params: { apiKey: 'key', response: 'json', command: 'deployVirtualMachine', name: 'café 漢', userdata: '' },
    canonical: 'apiKey=key&command=deployVirtualMachine&name=caf%C3%A9%20%E6%BC%A2&response=json&userdata=',
    signature: 'quNMGI5mjXAzMgkerLOxKHJTuCc=',
  },
  {
    why: 'mixed-case names sort case-sensitively (upper case first)',
    params: { apiKey: 'key', response: 'json', command: 'listZones', Keyword: 'Zone A', id: 'b' },
    canonical: 'Keyword=Zone%20A&apiKey=key&command=listZones&id=b&response=json',
    signature: 'O7xAChHJ7dW3NUNSdHlu4tzLiHA=',
  },
  {
    why: 'map parameters keep their brackets in the name',
    params: { apiKey: 'key', response: 'json', command: 'updateVM', 'details[0].cpuNumber': '2', 'details[0].memory': '1024', id: 'u' },
    canonical: 'apiKey=key&command=updateVM&details[0].cpuNumber=2&details[0].memory=1024&id=u&response=json',
    signature: '9rUJepauH1ldPieW4WnGoQeInfM=',
  },
  {
    why: 'version 3 with expires',
    params: { apiKey: 'key', response: 'json', command: 'listVolumes', signatureVersion: '3', expires: '2026-11-24T16:35:11+0000' },
    canonical: 'apiKey=key&command=listVolumes&expires=2026-11-24T16%3A35%3A11%2B0000&response=json&signatureVersion=3',
    signature: '+u0za8hhRfwaqnLfA79+g3YZKrs=',
  },
];

describe('computeSignature', () => {
  it.each(PUBLISHED)('matches the published vector $signature', ({ params, secret, signature }) => {
    expect(computeSignature(params, secret)).toBe(signature);
  });

  it.each(HAND_MADE)('matches the hand-computed vector: $why', ({ params, canonical, signature }) => {
    expect(canonicalQuery(params)).toBe(canonical);
    expect(computeSignature(params, 'secret')).toBe(signature);
  });

  it('ignores an existing signature parameter, whatever its case', () => {
    const base = PUBLISHED[1]!;
    expect(computeSignature({ ...base.params, signature: 'x', Signature: 'y' }, base.secret)).toBe(base.signature);
  });

  it('changes when any value changes', () => {
    const base = PUBLISHED[1]!;
    expect(computeSignature({ ...base.params, listall: 'false' }, base.secret)).not.toBe(base.signature);
  });
});

describe('encodeValue', () => {
  it.each([
    ['a-z.A_Z*09', 'a-z.A_Z*09'],
    [' ', '%20'],
    ['~', '%7E'],
    ["!'()", '%21%27%28%29'],
    ['+&=/', '%2B%26%3D%2F'],
    ['é', '%C3%A9'],
    ['漢', '%E6%BC%A2'],
    ['😀', '%F0%9F%98%80'],
    ['', ''],
  ])('encodes %j as %s', (input, expected) => {
    expect(encodeValue(input)).toBe(expected);
  });
});

describe('signRequest', () => {
  const credentials = { apiKey: 'key', secretKey: 'secret' };
  const now = new Date('2026-11-24T16:30:11.456Z');

  it('adds command, response, apiKey, version 3, expires and a signature that verifies', () => {
    const signed = signRequest('listVolumes', { listall: 'true' }, credentials, { now, expiresInMs: 5 * 60_000 });
    expect(signed).toMatchObject({
      command: 'listVolumes',
      response: 'json',
      apiKey: 'key',
      listall: 'true',
      signatureVersion: '3',
      expires: '2026-11-24T16:35:11+0000',
    });
    expect(signed.signature).toBe(computeSignature(signed, 'secret'));
  });

  it('never sets expires more than 14 minutes ahead: a minute inside the strict servers’ 15', () => {
    for (const expiresInMs of [3_600_000, 15 * 60_000]) {
      const signed = signRequest('listZones', {}, credentials, { now, expiresInMs });
      expect(signed.expires).toBe('2026-11-24T16:44:11+0000');
    }
  });
});

describe('formatExpires and encodeForm', () => {
  it('formats as yyyy-MM-ddTHH:mm:ss+0000', () => {
    expect(formatExpires(new Date('2026-01-02T03:04:05.999Z'))).toBe('2026-01-02T03:04:05+0000');
  });

  it('encodes names and values for the wire', () => {
    expect(encodeForm({ 'details[0].a': 'x y', signature: 'ab+/=' })).toBe('details%5B0%5D.a=x%20y&signature=ab%2B%2F%3D');
  });
});

describe('flattenParams', () => {
  it('joins lists, indexes maps, stringifies scalars and drops absent values', () => {
    expect(
      flattenParams({
        ids: ['a', 'b'],
        details: [{ cpunumber: 2, memory: '640k' }],
        tags: [{ key: 'env', value: 'prod' }, { key: 'team', value: 'ops' }],
        listall: true,
        page: 2,
        name: '',
        missing: undefined,
        nothing: null,
      }),
    ).toEqual({
      ids: 'a,b',
      'details[0].cpunumber': '2',
      'details[0].memory': '640k',
      'tags[0].key': 'env',
      'tags[0].value': 'prod',
      'tags[1].key': 'team',
      'tags[1].value': 'ops',
      listall: 'true',
      page: '2',
      name: '',
    });
  });

  it('treats a single object as the first map entry', () => {
    expect(flattenParams({ details: { cpunumber: 4 } })).toEqual({ 'details[0].cpunumber': '4' });
  });
});

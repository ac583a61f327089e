/** Results lose a map entry's value when its key or name is a secret name, as records do (redact.ts). */
import { expect, it } from 'vitest';
import { withoutSecrets } from '../../../src/tools/without-secrets.js';

it("drops the value of a secret-labelled entry (a configuration, a resource detail), keeps its label and other entries", () => {
  const configurations = { configuration: [{ name: 'ldap.bind.password', value: 'bind-pw', category: 'Advanced' }, { name: 'router.ram.size', value: '256' }] };
  expect(withoutSecrets(configurations)).toEqual({ configuration: [{ name: 'ldap.bind.password', category: 'Advanced' }, { name: 'router.ram.size', value: '256' }] });
  const details = { resourcedetail: [{ key: 'secretkey', value: 'S3-SECRET', resourceid: 'r1' }] };
  expect(withoutSecrets(details)).toEqual({ resourcedetail: [{ key: 'secretkey', resourceid: 'r1' }] });
  const tags = { tags: [{ key: 'env', value: 'prod' }] };
  expect(withoutSecrets(tags)).toBe(tags);
});

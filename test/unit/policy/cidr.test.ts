/** "Nothing open to the internet" however the range is spelled, IPv4 and IPv6, with one rule each way. */
import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../src/policy/conditions.js';
import { parseCidr } from '../../../src/policy/cidr.js';

const broad = compileCondition({ path: 'params.cidrlist', op: 'cidr_broader_than', value: { ipv4: 16, ipv6: 48 } });
const byCount = compileCondition({ path: 'params.cidrlist', op: 'cidr_broader_than', value: { addresses: 65_536 } });
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];
const outsidePrivate = compileCondition({ path: 'params.cidrlist', op: 'cidr_outside', value: PRIVATE });
const matches = (rule: typeof broad, cidrlist: unknown) => rule.matches({ args: {}, params: { cidrlist } });

describe('cidr_broader_than', () => {
  it.each([
    [['0.0.0.0/0'], true],
    [['::/0'], true],
    [['1.0.0.0/0'], true],
    [['0.0.0.0/1', '128.0.0.0/1'], true],
    [['10.0.0.0/8', '0.0.0.0/0'], true],
    [['::ffff:0.0.0.0/96'], true], // IPv4-mapped: the whole IPv4 internet
    [['2001:db8::/32'], true],
    [['203.0.113.0/24'], false],
    [['203.0.113.7'], false], // a bare address is its own /32
    [['2001:db8:1::/64'], false],
    [['198.51.100.0/24', '203.0.113.0/24'], false],
  ])('%j by prefix length: %s', (cidrlist, expected) => {
    expect(matches(broad, cidrlist)).toBe(expected);
  });

  it.each([
    [['10.0.0.0/15'], true], // 131 072 addresses
    [['10.0.0.0/16'], false], // exactly 65 536
    [['2001:db8::/112'], false],
    [['2001:db8::/111'], true],
    [['::/0'], true], // 2^128, counted without losing precision
  ])('%j by address count: %s', (cidrlist, expected) => {
    expect(matches(byCount, cidrlist)).toBe(expected);
  });
});

describe('cidr_outside', () => {
  it.each([
    [['10.1.0.0/16'], false],
    [['192.168.10.0/24', '172.20.0.0/16'], false],
    [['fd12:3456::/48'], false],
    [['10.0.0.0/8', '203.0.113.0/24'], true], // private and public mixed: caught
    [['0.0.0.0/0'], true],
    [['10.0.0.0/7'], true], // wider than the network that would contain it
    [['::/0'], true],
    [['2001:db8::/64'], true],
  ])('%j is outside the private ranges: %s', (cidrlist, expected) => {
    expect(matches(outsidePrivate, cidrlist)).toBe(expected);
  });
});

describe('parsing', () => {
  it('reads strict forms only', () => {
    expect(parseCidr(' 10.0.0.0/8 ')).toMatchObject({ prefix: 8 });
    expect(parseCidr('::1')).toMatchObject({ prefix: 128 });
    for (const text of ['10.0.0.0/33', '10/8', '0x0a.0.0.0/8', '10.0.0.0/8/1', '10.0.0.0/-1', 'fe80::/129', '']) expect(parseCidr(text)).toBeUndefined();
  });
});

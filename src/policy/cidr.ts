/**
 * CIDR operators, so that "nothing open to the internet" is one rule however the range is spelled
 * (`0.0.0.0/0`, `1.0.0.0/0`, `0.0.0.0/1` + `128.0.0.0/1`, `::/0`, `::ffff:0.0.0.0/96`). Addresses are parsed
 * with ipaddr.js in their strict forms only (four-part decimal IPv4, RFC 4291 IPv6): a value we cannot read as
 * one of those is refused (the condition matches), because CloudStack or the guest might read it some other way.
 */
import ipaddr from 'ipaddr.js';

export interface Cidr {
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefix: number;
}

const PREFIX = /^\d{1,3}$/;

/** A CIDR, or a bare address as its one-address network; undefined when it is neither in a strict form. */
export function parseCidr(text: string): Cidr | undefined {
  const [addressText, prefixText, ...extra] = text.trim().split('/');
  if (addressText === undefined || extra.length > 0 || (prefixText !== undefined && !PREFIX.test(prefixText))) return undefined;
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  if (addressText.includes(':')) {
    if (!ipaddr.IPv6.isValid(addressText)) return undefined;
    address = ipaddr.IPv6.parse(addressText);
  } else {
    if (!ipaddr.IPv4.isValidFourPartDecimal(addressText)) return undefined;
    address = ipaddr.IPv4.parse(addressText);
  }
  const bits = address.kind() === 'ipv4' ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  // An IPv4-mapped IPv6 range (`::ffff:0.0.0.0/96`) is the IPv4 range it maps: judged as such.
  if (address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress() && prefix >= 96) {
    return { address: address.toIPv4Address(), prefix: prefix - 96 };
  }
  return { address, prefix };
}

/** Whether `inner` lies wholly inside `outer` (same family, no shorter prefix, same leading bits). */
export function cidrInside(inner: Cidr, outer: Cidr): boolean {
  if (inner.address.kind() !== outer.address.kind() || inner.prefix < outer.prefix) return false;
  return inner.address.match(outer.address as never, outer.prefix);
}

/** Addresses a CIDR covers, as a bigint (an IPv6 /0 is 2^128). */
export function cidrSize(cidr: Cidr): bigint {
  const bits = cidr.address.kind() === 'ipv4' ? 32 : 128;
  return 1n << BigInt(bits - cidr.prefix);
}

/** `cidr_broader_than`'s bounds: a prefix shorter than the family's length, or more addresses than `addresses`. */
export interface BreadthBound {
  readonly ipv4?: number;
  readonly ipv6?: number;
  readonly addresses?: number;
}

export function broaderThan(cidr: Cidr, bound: BreadthBound): boolean {
  const prefixBound = cidr.address.kind() === 'ipv4' ? bound.ipv4 : bound.ipv6;
  if (prefixBound !== undefined && cidr.prefix < prefixBound) return true;
  return bound.addresses !== undefined && cidrSize(cidr) > BigInt(bound.addresses);
}

/** Whether a value is read as a CIDR (or address) by the CIDR operators: for load-time checks of policy values. */
export function isCidrText(value: unknown): value is string {
  return typeof value === 'string' && parseCidr(value) !== undefined;
}

/** The checks on a VPC tier (a network created with `vpcid`), apart from vpc.ts so network.ts need not import it. */
import { ApiError } from '../protocol.js';
import type { Vpc } from '../world/types-families.js';

function ipNumber(ip: string): number {
  return ip.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
}

/** A VPC tier names its gateway and netmask, and its CIDR lies inside the VPC's (NetworkServiceImpl's checks). */
export function checkTier(vpc: Vpc, gateway: string | undefined, netmask: string | undefined): void {
  if (!gateway || !netmask) throw new ApiError(431, 'Network gateway and netmask are required when creating a network in a VPC');
  const [base, bits] = vpc.cidr.split('/') as [string, string];
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipNumber(base) / size) * size;
  const tierStart = ipNumber(gateway) & ipNumber(netmask);
  const tierSize = 2 ** 32 - ipNumber(netmask);
  if (tierStart < start || tierStart + tierSize > start + size) {
    throw new ApiError(431, `Network cidr for gateway ${gateway}/${netmask} is not within vpc ${vpc.name} cidr ${vpc.cidr}`);
  }
}

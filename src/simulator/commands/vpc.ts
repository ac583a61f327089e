/**
 * VPCs and VPC offerings: createVPC and deleteVPC are jobs; a VPC with tiers cannot be deleted (431, checked
 * in the job as VpcManagerImpl does). Tiers are networks created with `vpcid` (createNetwork).
 */
import { lookup, matching, ownerFields, param, recordEvent, visible, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import { ApiError, csDate, withoutNulls, type Json } from '../protocol.js';
import { tagsOf, untag, withTags } from '../tags.js';
import type { Vpc, VpcOffering } from '../world/types-families.js';
import { networkView } from './network.js';
import { asyncCommand, javaClass, syncCommand, type AsyncWork, type CommandTable } from './registry.js';

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** CloudStack wants a valid IPv4 CIDR in the private ranges (RFC 1918) for a VPC's super CIDR. */
function isPrivateCidr(cidr: string): boolean {
  const match = CIDR.exec(cidr);
  if (!match) return false;
  const [a, b, c, d, bits] = match.slice(1).map(Number) as [number, number, number, number, number];
  if ([a, b, c, d].some((octet) => octet > 255) || bits > 32) return false;
  return (a === 10 && bits >= 8) || (a === 172 && b >= 16 && b <= 31 && bits >= 12) || (a === 192 && b === 168 && bits >= 16);
}

function offeringView(offering: VpcOffering): Json {
  return {
    id: offering.id, name: offering.name, displaytext: offering.displaytext, isdefault: offering.isdefault, state: offering.state,
    service: offering.services.map((name) => ({ name })), distributedvpcrouter: false, supportsregionLevelvpc: false,
    internetprotocol: 'IPv4', networkmode: 'NATTED', created: csDate(offering.created),
  };
}

export function vpcView(ctx: CommandContext, vpc: Vpc): Json {
  const offering = ctx.world.vpcOfferings.find((o) => o.id === vpc.vpcofferingid);
  const zone = ctx.world.zones.find((z) => z.id === vpc.zoneid);
  return withoutNulls({
    id: vpc.id, name: vpc.name, displaytext: vpc.displaytext, state: vpc.state, cidr: vpc.cidr, networkdomain: vpc.networkdomain,
    zoneid: vpc.zoneid, zonename: zone?.name, vpcofferingid: vpc.vpcofferingid, vpcofferingname: offering?.name,
    service: offering?.services.map((name) => ({ name })), network: ctx.world.networks.filter((n) => n.vpcid === vpc.id).map((n) => networkView(ctx, n)),
    restartrequired: false, redundantvpcrouter: false, distributedvpcrouter: false, regionlevelvpc: false, fordisplay: true,
    dns1: zone?.dns1, created: csDate(vpc.created), ...ownerFields(ctx.world, vpc), tags: tagsOf(ctx.world, 'Vpc', vpc.id),
  });
}

function createVpc(ctx: CommandContext): AsyncWork {
  const { world, caller } = ctx;
  const zone = lookup(ctx, world.zones, 'zoneid');
  const offering = lookup(ctx, world.vpcOfferings, 'vpcofferingid');
  const cidr = param(ctx, 'cidr')!;
  if (!isPrivateCidr(cidr)) throw new ApiError(431, `Invalid CIDR specified ${cidr}: a VPC's super CIDR must be a private (RFC 1918) IPv4 range`);
  if (zone.networktype === 'Basic') throw new ApiError(431, `Can't create a VPC in the Basic zone ${zone.name}`);
  const vpc: Vpc = {
    id: ctx.nextId(), name: param(ctx, 'name')!, displaytext: param(ctx, 'displaytext')!, zoneid: zone.id, vpcofferingid: offering.id, cidr,
    networkdomain: param(ctx, 'networkdomain') ?? 'cs.internal', state: 'Enabled', created: ctx.now, accountid: caller.id, domainid: caller.domainid,
  };
  return {
    instanceType: 'Vpc',
    instanceId: vpc.id,
    accepted: { id: vpc.id },
    begin: () => () => {
      world.vpcs.push(vpc);
      recordEvent(ctx, 'VPC.CREATE', `Successfully completed creating VPC. VPC Name: ${vpc.name}`, { id: vpc.id, type: 'Vpc' });
      return { vpc: vpcView(ctx, vpc) };
    },
  };
}

function deleteVpc(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const vpc = lookup(ctx, world.vpcs, 'id');
  return {
    instanceType: 'Vpc',
    instanceId: vpc.id,
    begin: () => {
      const tiers = world.networks.filter((n) => n.vpcid === vpc.id).length;
      if (tiers > 0) throw new ApiError(431, `Can't delete VPC ${vpc.name} as its used by ${tiers} networks`);
      return () => {
        world.vpcs = world.vpcs.filter((v) => v !== vpc);
        untag(world, 'Vpc', vpc.id);
        recordEvent(ctx, 'VPC.DELETE', `Successfully completed deleting VPC. VPC Name: ${vpc.name}`, { id: vpc.id, type: 'Vpc' });
        return { success: true };
      };
    },
  };
}

export function registerVpc(table: CommandTable): void {
  asyncCommand(table, 'createVPC', javaClass('user', 'vpc', 'CreateVPCCmd'), createVpc);
  asyncCommand(table, 'deleteVPC', javaClass('user', 'vpc', 'DeleteVPCCmd'), deleteVpc);
  syncCommand(table, 'listVPCs', javaClass('user', 'vpc', 'ListVPCsCmd'), (ctx) =>
    listResponse(ctx, 'vpc', matching(ctx, withTags(ctx, 'Vpc', visible(ctx, ctx.world.vpcs)), {
      id: (v) => v.id, name: (v) => v.name, zoneid: (v) => v.zoneid, vpcofferingid: (v) => v.vpcofferingid, state: (v) => v.state, cidr: (v) => v.cidr,
    }).map((v) => vpcView(ctx, v))),
  );
  syncCommand(table, 'listVPCOfferings', javaClass('user', 'vpc', 'ListVPCOfferingsCmd'), (ctx) =>
    listResponse(ctx, 'vpcoffering', matching(ctx, ctx.world.vpcOfferings, {
      id: (o) => o.id, name: (o) => o.name, isdefault: (o) => o.isdefault, state: (o) => o.state,
    }).map(offeringView)),
  );
}

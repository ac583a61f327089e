/** Service, disk and network offerings, and templates with CloudStack's templatefilter semantics. */
import { domainTree, matching, ownerFields, param, isRootAdmin, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import { ApiError, csDate, withoutNulls, type Json } from '../protocol.js';
import { tagsOf, withTags } from '../tags.js';
import type { Template } from '../world/types-tenants.js';
import { javaClass, syncCommand, type CommandTable } from './registry.js';

const FILTERS = ['featured', 'self', 'selfexecutable', 'sharedexecutable', 'executable', 'community', 'all'];

/** What the image filters (templatefilter, isofilter) read from a template or an ISO. */
export interface Image { accountid: string; domainid: string; ispublic: boolean; isfeatured: boolean }

/**
 * CloudStack's image filters — featured: public featured; self: the caller's own; community: public
 * non-featured; executable: all usable — for templates and ISOs alike.
 */
export function byImageFilter<T extends Image>(ctx: CommandContext, filterName: string, images: readonly T[]): T[] {
  const filter = param(ctx, filterName)?.toLowerCase() ?? 'selfexecutable';
  if (!FILTERS.includes(filter)) {
    throw new ApiError(431, `Unable to execute API command ${ctx.command.toLowerCase()} due to invalid value. Invalid ${filterName} value: ${filter}`);
  }
  const { caller, world } = ctx;
  const own = (t: T) => t.accountid === caller.id;
  const domain = domainTree(world, caller.domainid);
  const accept: Record<string, (t: T) => boolean> = {
    featured: (t) => t.ispublic && t.isfeatured,
    self: own,
    selfexecutable: own,
    sharedexecutable: (t) => !own(t) && !t.ispublic && domain.has(t.domainid),
    executable: (t) => own(t) || t.ispublic,
    community: (t) => t.ispublic && !t.isfeatured,
    all: (t) => isRootAdmin(caller) || own(t) || t.ispublic,
  };
  return images.filter(accept[filter]!);
}

export function templateView(ctx: CommandContext, t: Template): Json {
  return withoutNulls({
    id: t.id, name: t.name, displaytext: t.displaytext, zoneid: t.zoneid, zonename: ctx.world.zones.find((z) => z.id === t.zoneid)?.name,
    ostypename: t.ostypename, ostypeid: ctx.world.osTypes.find((os) => os.description === t.ostypename)?.id, ispublic: t.ispublic, isfeatured: t.isfeatured, passwordenabled: t.passwordenabled, sshkeyenabled: true,
    isdynamicallyscalable: t.isdynamicallyscalable, templatetype: t.templatetype, size: t.size, physicalsize: Math.round(t.size / 3),
    format: 'QCOW2', hypervisor: 'KVM', status: 'Download Complete', isready: true, isextractable: true, bootable: true, crossZones: false,
    arch: 'x86_64', created: csDate(t.created), accountid: t.accountid, ...ownerFields(ctx.world, t), tags: tagsOf(ctx.world, 'Template', t.id),
  });
}

export function registerOfferings(table: CommandTable): void {
  syncCommand(table, 'listServiceOfferings', javaClass('user', 'offering', 'ListServiceOfferingsCmd'), (ctx) =>
    listResponse(ctx, 'serviceoffering', matching(ctx, ctx.world.serviceOfferings, { id: (o) => o.id, name: (o) => o.name, storagetype: (o) => o.storagetype })
      .filter((o) => param(ctx, 'issystem') !== 'true')
      .map((o) => withoutNulls({
        id: o.id, name: o.name, displaytext: o.displaytext, cpunumber: o.cpunumber, cpuspeed: o.cpuspeed, memory: o.memory,
        iscustomized: o.iscustomized, dynamicscalingenabled: o.dynamicscalingenabled, storagetype: o.storagetype, offerha: o.offerha,
        limitcpuuse: false, isvolatile: false, issystem: false, defaultuse: false, provisioningtype: 'thin', state: 'Active',
        hosttags: o.gpu ? 'gpu' : undefined, gpucount: o.gpu ? 1 : undefined, created: csDate(o.created),
      }))),
  );
  syncCommand(table, 'listDiskOfferings', javaClass('user', 'offering', 'ListDiskOfferingsCmd'), (ctx) =>
    listResponse(ctx, 'diskoffering', matching(ctx, ctx.world.diskOfferings, { id: (o) => o.id, name: (o) => o.name })
      .map((o) => ({ ...o, created: csDate(o.created), provisioningtype: 'thin', displayoffering: true, state: 'Active', encrypt: false }))),
  );
  syncCommand(table, 'listNetworkOfferings', javaClass('user', 'network', 'ListNetworkOfferingsCmd'), (ctx) =>
    listResponse(ctx, 'networkoffering', matching(ctx, ctx.world.networkOfferings, {
      id: (o) => o.id, name: (o) => o.name, guestiptype: (o) => o.guestiptype, state: (o) => o.state, isdefault: (o) => o.isdefault,
    }).map(({ services, ...o }) => ({ ...o, created: csDate(o.created), service: services.map((name) => ({ name })), availability: 'Optional', forvpc: false, conservemode: true, egressdefaultpolicy: true }))),
  );
  syncCommand(table, 'listTemplates', javaClass('user', 'template', 'ListTemplatesCmd'), (ctx) =>
    listResponse(ctx, 'template', matching(ctx, withTags(ctx, 'Template', byImageFilter(ctx, 'templatefilter', ctx.world.templates)), { id: (t) => t.id, name: (t) => t.name, zoneid: (t) => t.zoneid }).map((t) => templateView(ctx, t))),
  );
}

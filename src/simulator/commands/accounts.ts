/** Domains, accounts, users (never their keys), events and usage records. */
import { domainTree, flag, isRootAdmin, matching, ownerFields, param, visible, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import { ApiError, csDate, withoutNulls } from '../protocol.js';
import type { Account } from '../world/types.js';
import { javaClass, syncCommand, type CommandTable } from './registry.js';

/** `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss`, the forms CloudStack's date parameters take (server time, UTC here). */
function dateParam(ctx: CommandContext, name: string, endOfDay: boolean): Date | undefined {
  const value = param(ctx, name);
  if (value === undefined) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?$/.exec(value);
  const time = match ? Date.parse(`${match[1]}T${match[2] ?? (endOfDay ? '23:59:59' : '00:00:00')}Z`) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new ApiError(431, `Unable to execute API command ${ctx.command.toLowerCase()} due to invalid value. Unable to parse date ${value} for parameter ${name}, format yyyy-MM-dd or yyyy-MM-dd HH:mm:ss expected`);
  }
  return new Date(time);
}

/** Accounts a caller may see: the root admin every one (own only unless listall), a user their own. */
function accountsFor(ctx: CommandContext): Account[] {
  const { caller, world } = ctx;
  if (!isRootAdmin(caller)) return world.accounts.filter((a) => a.id === caller.id);
  if (flag(ctx, 'listall') || param(ctx, 'domainid') || param(ctx, 'id') || param(ctx, 'name')) {
    const domainId = param(ctx, 'domainid');
    const domains = domainId === undefined ? undefined : flag(ctx, 'isrecursive') ? domainTree(world, domainId) : new Set([domainId]);
    return world.accounts.filter((a) => domains === undefined || domains.has(a.domainid));
  }
  return world.accounts.filter((a) => a.id === caller.id);
}

export function registerAccounts(table: CommandTable): void {
  syncCommand(table, 'listDomains', javaClass('admin', 'domain', 'ListDomainsCmd'), (ctx) => {
    const allowed = domainTree(ctx.world, ctx.caller.domainid);
    const domains = ctx.world.domains.filter((d) => allowed.has(d.id) && (flag(ctx, 'listall') || isRootAdmin(ctx.caller) || d.id === ctx.caller.domainid));
    return listResponse(ctx, 'domain', matching(ctx, domains, { id: (d) => d.id, name: (d) => d.name, level: (d) => d.level }).map((d) => withoutNulls({
      id: d.id, name: d.name, path: d.path, level: d.level, parentdomainid: d.parentdomainid,
      parentdomainname: ctx.world.domains.find((p) => p.id === d.parentdomainid)?.name,
      haschild: ctx.world.domains.some((c) => c.parentdomainid === d.id), state: 'Active', created: csDate(d.created),
      vmtotal: ctx.world.vms.filter((vm) => vm.domainid === d.id).length,
    })));
  });
  syncCommand(table, 'listAccounts', javaClass('user', 'account', 'ListAccountsCmd'), (ctx) =>
    listResponse(ctx, 'account', matching(ctx, accountsFor(ctx), { id: (a) => a.id, name: (a) => a.name, accounttype: (a) => a.accounttype }).map((a) => {
      const domain = ctx.world.domains.find((d) => d.id === a.domainid);
      return {
        id: a.id, name: a.name, accounttype: a.accounttype, roletype: a.roletype, rolename: a.roletype === 'Admin' ? 'Root Admin' : 'User',
        domainid: a.domainid, domain: domain?.name, domainpath: domain?.path, state: 'enabled', isdefault: a.name === 'admin', created: csDate(a.created),
        vmtotal: ctx.world.vms.filter((vm) => vm.accountid === a.id).length, vmlimit: 'Unlimited',
        user: [{ id: a.userid, username: a.username, account: a.name, accountid: a.id, state: 'enabled' }],
      };
    })),
  );
  syncCommand(table, 'listUsers', javaClass('admin', 'user', 'ListUsersCmd'), (ctx) =>
    listResponse(ctx, 'user', matching(ctx, accountsFor(ctx), { id: (a) => a.userid, username: (a) => a.username, accounttype: (a) => a.accounttype }).map((a) => {
      const domain = ctx.world.domains.find((d) => d.id === a.domainid);
      // CloudStack's listUsers omits apikey/secretkey since 4.16 (getUserKeys is separate); so do we.
      return {
        id: a.userid, username: a.username, account: a.name, accountid: a.id, accounttype: a.accounttype, roletype: a.roletype,
        domainid: a.domainid, domain: domain?.name, state: 'enabled', firstname: a.username, lastname: 'User', email: `${a.username}@example.org`,
        usersource: 'native', is2faenabled: false, isdefault: a.name === 'admin', created: csDate(a.created),
      };
    })),
  );
  syncCommand(table, 'listEvents', javaClass('user', 'event', 'ListEventsCmd'), (ctx) => {
    const start = dateParam(ctx, 'startdate', false);
    const end = dateParam(ctx, 'enddate', true);
    const events = matching(ctx, visible(ctx, ctx.world.events), { id: (e) => e.id, level: (e) => e.level, type: (e) => e.type, resourceid: (e) => e.resourceid })
      .filter((e) => (!start || e.created >= start) && (!end || e.created <= end))
      .filter((e) => param(ctx, 'keyword') === undefined || e.description.toLowerCase().includes(param(ctx, 'keyword')!.toLowerCase()))
      .sort((a, b) => b.created.getTime() - a.created.getTime());
    return listResponse(ctx, 'event', events.map((e) => withoutNulls({
      id: e.id, type: e.type, level: e.level, description: e.description, username: e.username, state: e.state, created: csDate(e.created),
      resourceid: e.resourceid, resourcetype: e.resourcetype, archived: false, ...ownerFields(ctx.world, e),
    })));
  });
  syncCommand(table, 'listUsageRecords', javaClass('admin', 'usage', 'ListUsageRecordsCmd'), (ctx) => {
    const start = dateParam(ctx, 'startdate', false)!;
    const end = dateParam(ctx, 'enddate', true)!;
    if (start > end) throw new ApiError(431, 'Incorrect Date Range. Start date: after End date');
    const type = param(ctx, 'type');
    const records = ctx.world.usageRecords.filter((r) => r.startdate <= end && r.enddate >= start && (type === undefined || String(r.usagetype) === type))
      .filter((r) => param(ctx, 'accountid') === undefined || r.accountid === param(ctx, 'accountid'));
    return listResponse(ctx, 'usagerecord', records.map((r) => withoutNulls({
      usageid: r.usageid, usagetype: r.usagetype, description: r.description, usage: r.usage, rawusage: String(r.rawusage), zoneid: r.zoneid,
      virtualmachineid: r.virtualmachineid, offeringid: r.offeringid, templateid: r.templateid, startdate: csDate(r.startdate),
      enddate: csDate(r.enddate), accountid: r.accountid, name: ctx.world.vms.find((vm) => vm.id === r.virtualmachineid)?.name, ...ownerFields(ctx.world, r),
    })));
  }, true);
}

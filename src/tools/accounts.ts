/** Account tools: accounts, users, domains and usage records. */
import { defineTools } from './define.js';
import { listTool } from './kinds.js';
import { date, nonNegativeInt, oneOf, positiveInt, text, uuid } from './schemas.js';

const ACCOUNT_STATES = ['enabled', 'disabled', 'locked'] as const;

export const ACCOUNT_TOOLS = defineTools('accounts', [
  listTool({
    name: 'list_accounts',
    title: 'List accounts',
    description: `Lists accounts with their type, domain and state.`,
    command: 'listAccounts',
    resource: 'account',
    owner: false,
    // Each account nests its users, and a user may carry its API keys: list results drop secret fields at any depth.
    fields: {
      id: uuid('Only this account.').optional(),
      name: text('Exact account name.').optional(),
      domainid: uuid('Only accounts of this domain (list_domains).').optional(),
      accounttype: nonNegativeInt('0 user, 1 root admin, 2 domain admin.').optional(),
      state: oneOf(ACCOUNT_STATES, 'enabled, disabled or locked.').optional(),
    },
  }),
  listTool({
    name: 'list_users',
    title: 'List users',
    description: `Lists users with their account, domain and state. API keys are never shown.`,
    command: 'listUsers',
    resource: 'user',
    owner: false,
    localFilters: ['accountid'],
    fields: {
      id: uuid('Only this user.').optional(),
      username: text('Exact user name.').optional(),
      account: text('Only users of this account (with domainid).').optional(),
      accountid: uuid('Only users of this account id; applied to the returned page.').optional(),
      domainid: uuid('Only users of this domain.').optional(),
      accounttype: nonNegativeInt('0 user, 1 root admin, 2 domain admin.').optional(),
      state: oneOf(ACCOUNT_STATES, 'enabled, disabled or locked.').optional(),
    },
  }),
  listTool({
    name: 'list_domains',
    title: 'List domains',
    description: 'Lists domains (the tree that holds accounts) with their level and parent.',
    command: 'listDomains',
    resource: 'domain',
    owner: false,
    fields: {
      id: uuid('Only this domain.').optional(),
      name: text('Exact domain name.').optional(),
      level: nonNegativeInt('Only domains at this depth (ROOT is 0).').optional(),
    },
  }),
  listTool({
    name: 'list_usage_records',
    title: 'List usage records',
    description:
      'Lists metered usage (VM running hours, volume GB-hours, IPs ...) between two dates, for billing and reports. ' +
      `Needs the usage server.`,
    command: 'listUsageRecords',
    resource: 'usagerecord',
    owner: false,
    fields: {
      startdate: date('Start date, yyyy-MM-dd.'),
      enddate: date('End date, yyyy-MM-dd.'),
      type: positiveInt('Usage type: 1 running VM, 2 allocated VM, 3 IP, 6 volume, 9 snapshot ...').optional(),
      account: text('Only this account (with domainid).').optional(),
      accountid: uuid('Only this account id.').optional(),
      domainid: uuid('Only this domain.').optional(),
      usageid: uuid('Only this resource.').optional(),
    },
  }),
]);

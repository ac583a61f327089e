/** Account tools: accounts, users, domains and usage records. */
import { defineTools } from './define.js';
import { ACCOUNT_TYPE, FILTER_MEANINGS } from './field-meanings.js';
import { BY_NAME, listTool } from './kinds.js';
import { date, nonNegativeInt, oneOf, positiveInt, text, uuid } from './schemas.js';

const ACCOUNT_STATES = ['enabled', 'disabled', 'locked'] as const;

/** list_accounts and list_users take the same account type and state filters. */
const accountTypeAndState = {
  accounttype: nonNegativeInt(ACCOUNT_TYPE).optional(),
  state: oneOf(ACCOUNT_STATES).optional(),
};

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
      id: BY_NAME,
      name: BY_NAME,
      domainid: BY_NAME,
      ...accountTypeAndState,
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
      id: BY_NAME,
      username: text(FILTER_MEANINGS.name).optional(),
      account: BY_NAME,
      accountid: uuid('Filters the returned page.').optional(),
      domainid: BY_NAME,
      ...accountTypeAndState,
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
      id: BY_NAME,
      name: BY_NAME,
      level: nonNegativeInt('Depth; ROOT is 0.').optional(),
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
      startdate: date('yyyy-MM-dd.'),
      enddate: date('yyyy-MM-dd.'),
      type: positiveInt('1 running VM, 2 allocated VM, 3 IP, 6 volume, 9 snapshot ...').optional(),
      account: BY_NAME,
      accountid: uuid().optional(),
      domainid: BY_NAME,
      usageid: uuid('Only this resource.').optional(),
    },
  }),
]);

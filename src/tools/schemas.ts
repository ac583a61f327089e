/**
 * The building blocks of tool input schemas. Every field carries an error message that names the rule, because
 * validation errors are shown to the agent verbatim, and a description where its name and the tool's description do
 * not already say what it is (`zoneid` on a list tool filters by zone; a delete tool's `id` is what it deletes):
 * every described field is paid for in each conversation's context (tool-list.ts). A builder called without a
 * description leaves the field undescribed.
 */
import { z } from 'zod';
import { CLOUDSTACK_PAGE_SIZE, commandSpec } from '../cloudstack/catalog.js';
import { ARGUMENT_MEANINGS } from './field-meanings.js';

/** `schema` described for the agent, or left undescribed when its name says it all. */
export function described<T extends z.ZodType>(schema: T, description: string | undefined): T {
  return description === undefined ? schema : schema.describe(description);
}

/** CloudStack ids are UUID strings; any version (and the nil-ish ones test clouds use) is accepted. */
const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const UUID_LIST_PATTERN = /^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}(,[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})*$/;
const IPV4 = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}';
const CIDR_PATTERN = new RegExp(`^${IPV4}/(3[0-2]|[12]?\\d)$`);
const CIDR_LIST_PATTERN = new RegExp(`^${IPV4}/(3[0-2]|[12]?\\d)(,${IPV4}/(3[0-2]|[12]?\\d))*$`);
/** listEvents / listUsageRecords accept `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss`. */
const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])( ([01]\d|2[0-3]):[0-5]\d:[0-5]\d)?$/;

const MAX_PAGE_SIZE = CLOUDSTACK_PAGE_SIZE;
/** Lists are paged by default so a large cloud never floods the agent's context; the text says how to go on. */
export const DEFAULT_PAGE_SIZE = 50;
const CIDR_RULE = 'must be IPv4 CIDRs such as 10.0.0.0/24 (an array, or comma-separated)';

const IPV4_PATTERN = new RegExp(`^${IPV4}$`);
export const ipv4 = (description?: string) => described(z.string().regex(IPV4_PATTERN, 'must be an IPv4 address'), description);

/** CloudStack compares protocols case-insensitively; both spellings are accepted. */
export const PROTOCOLS = ['tcp', 'udp', 'icmp', 'all', 'TCP', 'UDP', 'ICMP', 'ALL'] as const;

export const uuid = (description?: string) => described(z.string().regex(UUID_PATTERN, 'must be a UUID'), description);

/** CloudStack `list` of ids: an array, or (as the older server took it) one comma-separated string. */
export const uuidList = (description?: string) =>
  described(
    z.union(
      [
        z.array(z.string().regex(UUID_PATTERN, 'must be a UUID')).min(1, 'must not be empty'),
        z.string().regex(UUID_LIST_PATTERN, 'must be a list of UUIDs (an array, or comma-separated)'),
      ],
      { error: 'must be a list of UUIDs (an array, or comma-separated)' },
    ),
    description,
  );

export const cidrList = (description?: string) =>
  described(
    z.union(
      [
        z.array(z.string().regex(CIDR_PATTERN, CIDR_RULE)).min(1, 'must not be empty'),
        z.string().regex(CIDR_LIST_PATTERN, CIDR_RULE),
      ],
      { error: CIDR_RULE },
    ),
    description,
  );

/** CloudStack keeps names, descriptions and keywords in 255-character columns; longer input is refused here. */
const MAX_TEXT_LENGTH = 255;

export const text = (description?: string) =>
  described(z.string().min(1, 'must not be empty').max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`), description);

export const flag = (description?: string) => described(z.boolean({ error: 'must be true or false' }), description);

export const positiveInt = (description?: string) =>
  described(z.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be a positive integer'), description);

export const nonNegativeInt = (description?: string) =>
  described(z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be 0 or more'), description);

export const port = (description?: string) =>
  described(z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be a port 0-65535').max(65535, 'must be a port 0-65535'), description);

/** ICMP type or code as CloudStack takes them: -1 means all. */
export const icmpNumber = (description?: string) =>
  described(z.number({ error: 'must be a number' }).int('must be an integer').min(-1, 'must be -1 or more').max(255, 'must be at most 255'), description);

export const date = (description?: string) =>
  described(z.string().regex(DATE_PATTERN, 'must be a date yyyy-MM-dd or yyyy-MM-dd HH:mm:ss'), description);

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T, description?: string) =>
  described(z.enum(values, { error: `must be one of ${values.join(', ')}` }), description);

/** Accepted so calls written for the older CloudStack MCP server keep working; approval is the policy's job. */
export const confirm = () =>
  flag('Ignored (compatibility); the operator policy decides.').optional();

/** The paging and scoping fields every list tool shares, limited to those the command really has. */
export function listFields(command: string) {
  const params = commandSpec(command)?.params ?? {};
  const fields = {
    keyword: text('Free-text search.').optional(),
    page: positiveInt('Page, 1-based.').optional(),
    pagesize: z
      .number({ error: 'must be a number' })
      .int('must be an integer')
      .min(1, 'must be at least 1')
      .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
      // Documented, not applied by zod: the canonical call adds it (canonical.ts), so the listed default is what is sent.
      .meta({ default: DEFAULT_PAGE_SIZE })
      .optional(),
    listall: flag('Also other accounts\' (admins).').optional(),
  };
  return Object.fromEntries(Object.entries(fields).filter(([name]) => name in params)) as Partial<typeof fields>;
}

/** Scoping filters common to account-owned resources. */
export const ownerFilters = {
  account: text('Owner account (with domainid).').optional(),
  domainid: uuid('Owner domain.').optional(),
};

/** The fields of a firewall or security group rule that depend on its protocol. */
interface ProtocolFields {
  protocol: string;
  startport?: number | undefined;
  endport?: number | undefined;
  icmptype?: number | undefined;
  icmpcode?: number | undefined;
}

/** CloudStack refuses ICMP type/code on a non-ICMP rule, and ports on an ICMP rule (431 either way). */
export function checkProtocolFields(value: ProtocolFields, context: z.core.$RefinementCtx<ProtocolFields>): void {
  const icmp = value.protocol.toLowerCase() === 'icmp';
  if (!icmp && (value.icmptype !== undefined || value.icmpcode !== undefined)) {
    context.addIssue({ code: 'custom', path: [value.icmptype !== undefined ? 'icmptype' : 'icmpcode'], message: 'goes with protocol icmp only' });
  }
  if (icmp && (value.startport !== undefined || value.endport !== undefined)) {
    context.addIssue({ code: 'custom', path: [value.startport !== undefined ? 'startport' : 'endport'], message: 'does not apply to protocol icmp (give icmptype/icmpcode)' });
  }
}

/** The ports and ICMP fields of a firewall, egress or security group rule (checkProtocolFields ties them to protocol). */
export const protocolFields = () => ({
  startport: port(ARGUMENT_MEANINGS.startport).optional(),
  endport: port(ARGUMENT_MEANINGS.endport).optional(),
  icmptype: icmpNumber(ARGUMENT_MEANINGS.icmptype).optional(),
  icmpcode: icmpNumber(ARGUMENT_MEANINGS.icmpcode).optional(),
});

/** Rejects startport > endport where both are given. */
export function portRangeIsOrdered(value: { startport?: number | undefined; endport?: number | undefined }): boolean {
  return value.startport === undefined || value.endport === undefined || value.startport <= value.endport;
}
export const PORT_RANGE_RULE = { message: 'startport must not be greater than endport', path: ['endport'] };

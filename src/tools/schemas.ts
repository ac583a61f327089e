/**
 * The building blocks of tool input schemas. Every field carries `.describe()` (the agent reads it) and an
 * error message that names the rule, because validation errors are shown to the agent verbatim.
 */
import { z } from 'zod';
import { CLOUDSTACK_PAGE_SIZE, commandSpec } from '../cloudstack/catalog.js';

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
export const ipv4 = (description: string) => z.string().regex(IPV4_PATTERN, 'must be an IPv4 address').describe(description);

/** CloudStack compares protocols case-insensitively; both spellings are accepted. */
export const PROTOCOLS = ['tcp', 'udp', 'icmp', 'all', 'TCP', 'UDP', 'ICMP', 'ALL'] as const;

export const uuid = (description: string) => z.string().regex(UUID_PATTERN, 'must be a UUID').describe(description);

/** CloudStack `list` of ids: an array, or (as the older server took it) one comma-separated string. */
export const uuidList = (description: string) =>
  z
    .union(
      [
        z.array(z.string().regex(UUID_PATTERN, 'must be a UUID')).min(1, 'must not be empty'),
        z.string().regex(UUID_LIST_PATTERN, 'must be a list of UUIDs (an array, or comma-separated)'),
      ],
      { error: 'must be a list of UUIDs (an array, or comma-separated)' },
    )
    .describe(description);

export const cidrList = (description: string) =>
  z
    .union(
      [
        z.array(z.string().regex(CIDR_PATTERN, CIDR_RULE)).min(1, 'must not be empty'),
        z.string().regex(CIDR_LIST_PATTERN, CIDR_RULE),
      ],
      { error: CIDR_RULE },
    )
    .describe(description);

/** CloudStack keeps names, descriptions and keywords in 255-character columns; longer input is refused here. */
const MAX_TEXT_LENGTH = 255;

export const text = (description: string) =>
  z.string().min(1, 'must not be empty').max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`).describe(description);

export const flag = (description: string) => z.boolean({ error: 'must be true or false' }).describe(description);

export const positiveInt = (description: string) =>
  z.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be a positive integer').describe(description);

export const nonNegativeInt = (description: string) =>
  z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be 0 or more').describe(description);

export const port = (description: string) =>
  z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be a port 0-65535').max(65535, 'must be a port 0-65535').describe(description);

/** ICMP type or code as CloudStack takes them: -1 means all. */
export const icmpNumber = (description: string) =>
  z.number({ error: 'must be a number' }).int('must be an integer').min(-1, 'must be -1 or more').max(255, 'must be at most 255').describe(description);

export const date = (description: string) =>
  z.string().regex(DATE_PATTERN, 'must be a date yyyy-MM-dd or yyyy-MM-dd HH:mm:ss').describe(description);

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T, description: string) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` }).describe(description);

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
      .describe(`Default ${DEFAULT_PAGE_SIZE}.`)
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

/** Rejects startport > endport where both are given. */
export function portRangeIsOrdered(value: { startport?: number | undefined; endport?: number | undefined }): boolean {
  return value.startport === undefined || value.endport === undefined || value.startport <= value.endport;
}
export const PORT_RANGE_RULE = { message: 'startport must not be greater than endport', path: ['endport'] };

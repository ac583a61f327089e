/**
 * search_cloudstack_api: from an operator's words or an API family, the best-matching CloudStack commands, each
 * with what call_cloudstack_api needs to call it — parameters with types and which are required, async or not,
 * reads or changes — and, when the management server's listApis answers, CloudStack's own description and
 * whether this account may call it at all.
 */
import { z } from 'zod';
import { commandFamilies, commandSpec, isReadCommand } from '../../cloudstack/catalog.js';
import { READ } from '../define.js';
import { ToolError } from '../tool-error.js';
import type { ToolContext, ToolDefinition, ToolOutcome } from '../types.js';
import { paramTypeName } from './check-params.js';
import { familyNamed, rankCommands } from './rank.js';
import { serverApis, type ServerApis } from './server-apis.js';

const MAX_LIMIT = 20;
const DEFAULT_LIMIT = 5;
/** Optional parameters named in the text per command; the structured result has them all. */
const TEXT_OPTIONAL_PARAMS = 12;

const input = z
  .strictObject({
    query: z.string().max(200, 'must be at most 200 characters').describe('Plain words ("scale kubernetes cluster") or a command name.').optional(),
    family: z.string().max(60, 'must be at most 60 characters').describe('An API family (Kubernetes, Backup, VPN, AutoScale ...); alone, lists it all.').optional(),
    limit: z.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`).meta({ default: DEFAULT_LIMIT }).optional(),
  })
  .refine((value) => value.query?.trim() || value.family, { message: 'give query, family or both', path: ['query'] });

interface ParamFact {
  name: string;
  type: string;
  required: boolean;
  description?: string;
}

function commandFacts(command: string, listing: ServerApis): Record<string, unknown> {
  const spec = commandSpec(command)!;
  const server = listing.available ? listing.apis.get(command) : undefined;
  const descriptions = new Map((server?.params ?? []).map((param) => [param.name.toLowerCase(), param.description]));
  const required = new Set(spec.required);
  const params: ParamFact[] = Object.entries(spec.params)
    .map(([name, type]) => {
      const description = descriptions.get(name.toLowerCase());
      return { name, type: paramTypeName(name, type), required: required.has(name), ...(description ? { description } : {}) };
    })
    .sort((a, b) => Number(b.required) - Number(a.required) || (a.name < b.name ? -1 : 1));
  const reads = isReadCommand(command);
  return {
    command,
    family: spec.service,
    async: spec.async,
    reads,
    ...(spec.listKey ? { list: true } : {}),
    // Absent from a listApis that answered: this account's role may not call it.
    ...(listing.available ? { available: server !== undefined } : {}),
    ...(server?.description ? { description: server.description } : {}),
    params,
  };
}

function describeMatch(position: number, facts: Record<string, unknown>): string {
  const params = facts.params as ParamFact[];
  const required = params.filter((param) => param.required).map((param) => `${param.name} (${param.type})`);
  const optional = params.filter((param) => !param.required).map((param) => `${param.name} (${param.type})`);
  const shownOptional = optional.length > TEXT_OPTIONAL_PARAMS ? [...optional.slice(0, TEXT_OPTIONAL_PARAMS), `… ${optional.length - TEXT_OPTIONAL_PARAMS} more`] : optional;
  const traits = [facts.family, facts.reads ? 'reads' : 'changes the cloud', facts.async ? 'async job' : 'sync'];
  if (facts.available === false) traits.push('NOT AVAILABLE to this account (absent from listApis)');
  const lines = [`${position}. ${facts.command} (${traits.join('; ')})${facts.description ? ` — ${facts.description}` : ''}`];
  lines.push(`   required: ${required.length > 0 ? required.join(', ') : 'none'}${shownOptional.length > 0 ? `; optional: ${shownOptional.join(', ')}` : ''}`);
  return lines.join('\n');
}

async function runSearch(context: ToolContext, args: Record<string, unknown>): Promise<ToolOutcome> {
  const query = typeof args.query === 'string' ? args.query.trim() : '';
  const familyArg = typeof args.family === 'string' ? args.family.trim() : undefined;
  const family = familyArg === undefined ? undefined : familyNamed(familyArg);
  if (familyArg !== undefined && family === undefined) {
    const near = rankCommands(familyArg, { limit: 20 }).map((entry) => commandSpec(entry.command)!.service);
    const suggestions = [...new Set(near)].slice(0, 5);
    throw new ToolError('unknown_family', `No API family is named ${JSON.stringify(familyArg)}${suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : ''} Families: ${[...commandFamilies().keys()].join(', ')}.`, { family: familyArg });
  }
  const limit = typeof args.limit === 'number' ? args.limit : DEFAULT_LIMIT;
  const ranked = rankCommands(query, { ...(family ? { family } : {}), limit, ...(context.isCommandVisible ? { offered: context.isCommandVisible } : {}) });
  const listing = await serverApis(context.api, context.signal);
  const matches = ranked.map((entry) => commandFacts(entry.command, listing));
  const source = listing.available ? 'listApis' : `catalog only (listApis unavailable: ${listing.reason})`;
  const subject = [query && `"${query}"`, family && `family ${family}`].filter(Boolean).join(' in ');
  const heading =
    matches.length === 0
      ? `No CloudStack command matches ${subject}. Try other words (a verb and a thing: "list backups", "scale vm") or a family.`
      : `${matches.length} CloudStack command${matches.length === 1 ? '' : 's'} for ${subject}, best first. Call one with call_cloudstack_api {command, params}.`;
  const note = listing.available ? '' : `\nDescriptions: none (listApis unavailable: ${listing.reason}); availability to this account unknown.`;
  const text = [heading, ...matches.map((facts, index) => describeMatch(index + 1, facts))].join('\n') + note;
  return { structured: { count: matches.length, matches, descriptions: source }, text };
}

export const SEARCH_TOOL: ToolDefinition = {
  name: 'search_cloudstack_api',
  title: 'Search CloudStack API commands',
  domain: 'infrastructure',
  description:
    'Finds the CloudStack command for a need no other tool covers (Kubernetes, backups, autoscale, VPN, routers, roles …) from ' +
    'plain words or an API family: its parameters, whether it is async and changes the cloud, CloudStack\'s description and ' +
    'whether you may call it, for call_cloudstack_api.',
  command: 'listApis',
  input,
  hints: READ,
  async: false,
  result: { kind: 'object' },
  toolOnlyArgs: ['query', 'family', 'limit'],
  localFilters: [],
  secretFields: [],
  run: runSearch,
};

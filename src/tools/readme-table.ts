/**
 * The README's tool section: the toolset and tool tables and the default fields of list results, generated from the
 * registry and views.ts so documentation cannot drift from the code (tools/gen-readme-tools.mjs writes them; a test
 * compares them), with the definition sizes measured the same way as the size test and the bench.
 */
import { listingSize } from './listing-size.js';
import { DEFAULT_EXTRA_TOOLS, DEFAULT_TOOLSETS, selectTools, TOOLSETS, toolsetOf } from './toolsets.js';
import type { ToolDefinition } from './types.js';
import { VIEWS } from './views.js';

const README_START = '<!-- tools:start -->';
const README_END = '<!-- tools:end -->';

export function renderToolTable(tools: readonly ToolDefinition[]): string {
  const lines = [
    '| Toolset | What it holds | Tools | In `default` |',
    '| --- | --- | --- | --- |',
    ...TOOLSETS.map((toolset) => {
      const count = tools.filter((tool) => toolsetOf(tool.name) === toolset.name).length;
      const inDefault = DEFAULT_TOOLSETS.includes(toolset.name) ? 'all' : defaultExtras(toolset.tools);
      return `| \`${toolset.name}\` | ${toolset.description}${toolset.readOnly ? ' (read-only)' : ''} | ${count} | ${inDefault} |`;
    }),
    '',
    sizeLine(tools),
    '',
    '| Tool | Toolset | What it does | CloudStack command | Kind |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const toolset of TOOLSETS) {
    for (const tool of tools.filter((candidate) => toolsetOf(candidate.name) === toolset.name)) {
      lines.push(`| \`${tool.name}\` | ${toolset.name} | ${firstSentence(tool.description)} | ${command(tool)} | ${kind(tool)} |`);
    }
  }
  lines.push('', ...renderViewTable(tools));
  return `${lines.join('\n')}\n`;
}

/** Per CloudStack object a list tool returns: the fields its result text shows unless `fields` asks for others. */
function renderViewTable(tools: readonly ToolDefinition[]): string[] {
  const lists = new Map<string, string[]>();
  for (const tool of tools) {
    if (tool.result.kind !== 'list') continue;
    const view = tool.result.view ?? tool.result.resource;
    lists.set(view, [...(lists.get(view) ?? []), tool.name]);
  }
  const rows = Object.entries(VIEWS)
    .filter(([view]) => lists.has(view))
    .map(([view, { noun, columns }]) => `| ${noun} (\`${view}\`) | ${lists.get(view)!.map((name) => `\`${name}\``).join(', ')} | ${columns.join(', ')} |`);
  return [
    'Lists stay small by default: a list\'s result text is a table of the fields below, one row per item (long cells ' +
      'cut), while `structuredContent` carries every field CloudStack returned. `fields` (on every list and get tool, as ' +
      'cloudmonkey\'s `filter=`) chooses instead: `fields: ["id", "name", "nic"]` returns only those, in the text (whole) ' +
      'and in `structuredContent`. A get tool returns the whole object unless `fields` narrows it. An admin\'s list without ' +
      '`listall` ends with how many more items of other accounts `listall=true` would show ("4 more virtual machines of ' +
      'other accounts are visible with listall=true."): one count query (the same list, `listall=true`, one item), sent ' +
      'only when the policy would admit that very call, unaudited and counted against no limit.',
    '',
    '| Resource | List tools | Default fields |',
    '| --- | --- | --- |',
    ...rows,
  ];
}

function defaultExtras(members: readonly string[]): string {
  const extras = members.filter((name) => DEFAULT_EXTRA_TOOLS.includes(name));
  return extras.length > 0 ? extras.map((name) => `\`${name}\``).join(', ') : '—';
}

/** KB = 1000 bytes of JSON, as `tools/list` sends it (test/unit/tools/tool-size.test.ts pins the limits). */
function sizeLine(tools: readonly ToolDefinition[]): string {
  const all = listingSize(tools);
  const chosen = listingSize(selectTools({ toolsets: 'default' }, tools));
  const kb = (bytes: number) => (bytes / 1000).toFixed(1);
  return (
    `Tool definitions cost the agent's context: all ${all.tools} tools take ${kb(all.definitionBytes)} KB of name, description and ` +
    `input schema (${(all.averageDefinitionBytes / 1000).toFixed(2)} KB per tool on average); the \`default\` selection ` +
    `(${chosen.tools} tools) lists in ${kb(chosen.listBytes)} KB with output schemas and annotations. \`npm run bench\` prints every selection.`
  );
}

/** Replaces what lies between the markers; throws when they are missing so nothing is silently skipped. */
export function replaceToolSection(readme: string, table: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README has no ${README_START} … ${README_END} section`);
  return `${readme.slice(0, start + README_START.length)}\n${table}${readme.slice(end)}`;
}

/** The text between the markers, or undefined when they are missing. */
export function readToolSection(readme: string): string | undefined {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + README_START.length, end).replace(/^\n/, '');
}

/** The generic call tool sends whichever command it is given. */
function command(tool: ToolDefinition): string {
  return tool.canonicalize ? 'any (per call)' : `\`${tool.command}\``;
}

function kind(tool: ToolDefinition): string {
  if (tool.hints.readOnlyHint) return 'read-only';
  return tool.hints.destructiveHint ? 'destructive' : 'write';
}

function firstSentence(description: string): string {
  const sentence = /^.*?[.!?](\s|$)/.exec(description)?.[0] ?? description;
  return sentence.trim().replace(/\|/g, '\\|');
}

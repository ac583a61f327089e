/**
 * The README's tool table, generated from the registry so documentation cannot drift from the code
 * (tools/gen-readme-tools.mjs writes it; a test compares it).
 */
import type { ToolDefinition } from './types.js';

const README_START = '<!-- tools:start -->';
const README_END = '<!-- tools:end -->';

const DOMAIN_TITLES: Readonly<Record<ToolDefinition['domain'], string>> = {
  vm: 'Virtual machines',
  storage: 'Storage',
  network: 'Networking',
  monitoring: 'Monitoring',
  accounts: 'Accounts',
  infrastructure: 'Infrastructure',
  security: 'Security',
};

export function renderToolTable(tools: readonly ToolDefinition[]): string {
  const lines = ['| Tool | Area | What it does | CloudStack command | Kind |', '| --- | --- | --- | --- | --- |'];
  for (const domain of Object.keys(DOMAIN_TITLES) as ToolDefinition['domain'][]) {
    for (const tool of tools.filter((candidate) => candidate.domain === domain)) {
      lines.push(`| \`${tool.name}\` | ${DOMAIN_TITLES[domain]} | ${firstSentence(tool.description)} | \`${tool.command}\` | ${kind(tool)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
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

function kind(tool: ToolDefinition): string {
  if (tool.hints.readOnlyHint) return 'read-only';
  return tool.hints.destructiveHint ? 'destructive' : 'write';
}

function firstSentence(description: string): string {
  const sentence = /^.*?[.!?](\s|$)/.exec(description)?.[0] ?? description;
  return sentence.trim().replace(/\|/g, '\\|');
}

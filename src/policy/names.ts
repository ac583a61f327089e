/**
 * Tool and command names wherever the document has them, read from the raw value so that a misspelt name is
 * reported next to schema errors in one pass: under `default: allow` a misspelt `deny` would leave the real tool
 * allowed, and a misspelt command entry would protect nothing.
 */
import { commandSpec, knownCommands } from '../cloudstack/catalog.js';
import { pointerSegment } from './compile.js';
import { didYouMean } from './suggest.js';
import type { ToolFacts } from './tool-facts.js';

/** Reads tool and command names wherever the document has them, valid or not, so every problem is reported in one pass. */
export function checkNames(value: unknown, tools: readonly ToolFacts[]): string[] {
  if (value === null || typeof value !== 'object') return [];
  const { tools: named, hide, commands } = value as { tools?: unknown; hide?: unknown; commands?: unknown };
  const known = tools.map((tool) => tool.name);
  const knownSet = new Set(known);
  const errors: string[] = [];
  const isRecord = (entry: unknown): entry is Record<string, unknown> => entry !== null && typeof entry === 'object' && !Array.isArray(entry);
  if (isRecord(named)) {
    for (const name of Object.keys(named)) {
      if (!knownSet.has(name)) errors.push(`/tools/${pointerSegment(name)}: unknown tool${didYouMean(name, known)}`);
    }
  }
  if (isRecord(commands)) {
    for (const name of Object.keys(commands)) {
      if (!commandSpec(name)) errors.push(`/commands/${pointerSegment(name)}: unknown command${didYouMean(name, knownCommands())}`);
    }
  }
  if (Array.isArray(hide)) {
    hide.forEach((name: unknown, index) => {
      if (typeof name !== 'string' || name === '*' || knownSet.has(name) || commandSpec(name)) return;
      // A tool name is snake_case, a command camelCase: suggest from the list the entry looks like.
      const suggestion = /[A-Z]/.test(name) ? didYouMean(name, knownCommands()) : didYouMean(name, known);
      errors.push(`/hide/${index}: unknown tool${/[A-Z]/.test(name) ? ' or command' : ''}${suggestion}`);
    });
  }
  return errors;
}

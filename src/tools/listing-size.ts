/**
 * What the tool definitions cost an agent's context, in bytes of JSON as `tools/list` sends them: per tool the
 * name, description and input schema (what a model reads to choose and fill a tool), and the whole listing with
 * output schemas and annotations. The size test and `npm run bench` both measure with this.
 */
import { toMcpTool } from './tool-list.js';
import type { ToolDefinition } from './types.js';

export interface ListingSize {
  readonly tools: number;
  /** Sum over the tools of name + description + input schema. */
  readonly definitionBytes: number;
  readonly averageDefinitionBytes: number;
  /** The `tools/list` result: every field of every tool, output schemas included. */
  readonly listBytes: number;
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

export function listingSize(tools: readonly ToolDefinition[]): ListingSize {
  const listed = tools.map(toMcpTool);
  const definitionBytes = listed.reduce((sum, tool) => sum + bytes(tool.name) + bytes(tool.description) + bytes(tool.inputSchema), 0);
  return {
    tools: listed.length,
    definitionBytes,
    averageDefinitionBytes: listed.length > 0 ? Math.round(definitionBytes / listed.length) : 0,
    listBytes: bytes({ tools: listed }),
  };
}

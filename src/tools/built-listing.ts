/**
 * Every tool's tools/list entry, keyed by name. Converting the zod schemas to JSON Schema (toMcpTool) was the
 * largest single cost of a stdio start in `node --cpu-prof` (~20% of it, for 95 tools), so the bundled CLI gets
 * the entries converted at build time (tools/build-cli.mjs runs toMcpTool over tsc's output of the same sources
 * and passes the JSON in as CLOUDSTACK_MCP_TOOL_LISTING). Unbundled (tsc output, vitest) there is no such
 * constant and the entries are converted here, once per process, as before.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { toMcpTool } from './tool-list.js';
import type { ToolDefinition } from './types.js';

/** Replaced by esbuild's `define` in the bundle; an undeclared global everywhere else (typeof is 'undefined'). */
declare const CLOUDSTACK_MCP_TOOL_LISTING: string | undefined;

export function mcpToolListing(tools: readonly ToolDefinition[]): ReadonlyMap<string, Tool> {
  const built = typeof CLOUDSTACK_MCP_TOOL_LISTING === 'string' ? (JSON.parse(CLOUDSTACK_MCP_TOOL_LISTING) as Tool[]) : undefined;
  // Built from the same sources in the same build; still, entries for other tools than these are not used.
  if (built !== undefined && built.length === tools.length && built.every((entry, index) => entry.name === tools[index]!.name)) {
    return new Map(built.map((entry) => [entry.name, entry]));
  }
  return new Map(tools.map((tool) => [tool.name, toMcpTool(tool)]));
}

/**
 * The tool registry's public surface. The policy engine and the CLI read `toolFacts()`; only registry.ts turns
 * the entries into MCP handlers.
 */
export { findTool, toolFacts, TOOLS } from './all.js';
export type { ToolDefinition, ToolRuntime } from './types.js';
export { registerTools } from './registry.js';
export { renderToolTable } from './readme-table.js';

/**
 * Which tools accept task-augmented calls: every tool whose CloudStack command is async in the catalog
 * (`tool.async`, the deploy and destroy workflows included), since a task follows a CloudStack job. The others
 * answer at once and list no `execution`, which the spec reads as "forbidden".
 */
import type { ToolExecution } from '@modelcontextprotocol/sdk/types.js';
import type { ToolDefinition } from '../tools/types.js';

export const isTaskCapable = (tool: ToolDefinition): boolean => tool.async;

/** The `execution` member of a tool's listing: `{ taskSupport: 'optional' }` for a task-capable tool, else none. */
export function taskExecution(tool: ToolDefinition): { execution?: ToolExecution } {
  return isTaskCapable(tool) ? { execution: { taskSupport: 'optional' } } : {};
}

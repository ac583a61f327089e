/**
 * The MCP face of each registry entry: name, title, description, JSON schemas (from zod) and annotations,
 * as `tools/list` returns them. Built once from the immutable registry.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ResultShape, ToolDefinition } from './types.js';

type JsonSchemaObject = Tool['inputSchema'];

export function inputJsonSchema(tool: ToolDefinition): JsonSchemaObject {
  return plainObjectSchema(z.toJSONSchema(tool.input, { io: 'input' }));
}

/**
 * Clients validate structuredContent against outputSchema even on `isError` results (SDK 1.x does), so the
 * schema also admits our two failure shapes: `{error}` and `{policy}`.
 */
function outputJsonSchema(shape: ResultShape): JsonSchemaObject {
  const schema = z.toJSONSchema(z.union([outputSchema(shape), FAILURE_SHAPES]), { io: 'output' });
  return plainObjectSchema({ type: 'object', ...schema });
}

const FAILURE_SHAPES = z.union([
  z.object({ error: z.looseObject({ code: z.string() }).describe('Why the call failed: a stable code and a message.') }),
  z.object({ policy: z.looseObject({ decision: z.string() }).describe('Why the policy refused the call.') }),
]);

/** Lists: `{count, items}` plus paging hints; objects: CloudStack's object, every field passed through. */
function outputSchema(shape: ResultShape): z.ZodType {
  if (shape.kind === 'list') {
    return z.object({
      count: z.number().describe('Total matches in CloudStack (before any filter applied here), not the length of this page.'),
      items: z.array(z.looseObject({})).describe(`The ${shape.resource} objects of this page.`),
      page: z.number().describe('This page, 1-based.'),
      pagesize: z.number().describe('Items per page.'),
      nextpage: z.number().describe('Call again with this page for more; absent on the last page.').optional(),
      scanned: z
        .number()
        .describe('With a filter CloudStack cannot apply (applied here to this page): how many items CloudStack returned before it.')
        .optional(),
      morewithlistall: z.number().describe('How many more objects of other accounts listall=true would show (an admin who did not give listall).').optional(),
    });
  }
  if (shape.resource === undefined) return z.looseObject({});
  return z.looseObject({ [shape.resource]: z.looseObject({}).describe(`The CloudStack ${shape.resource} object.`).optional() });
}

export function toMcpTool(tool: ToolDefinition): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: inputJsonSchema(tool),
    outputSchema: outputJsonSchema(tool.result),
    annotations: { title: tool.title, ...tool.hints },
  };
}

/** MCP wants a bare `type: object` schema; the `$schema` marker adds nothing for clients. */
function plainObjectSchema(schema: Record<string, unknown>): JsonSchemaObject {
  const { $schema: _ignored, ...rest } = schema;
  if (rest.type !== 'object') throw new Error('tool schemas must describe an object');
  return rest as JsonSchemaObject;
}

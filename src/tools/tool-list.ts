/**
 * The MCP face of each registry entry: name, title, description, JSON schemas (from zod) and annotations,
 * as `tools/list` returns them. Built once from the immutable registry.
 *
 * Every tool definition is paid for in each conversation's context, so the listed schemas keep what helps a
 * model choose a tool and fill its arguments (types, enums, required, descriptions, `format: "uuid"`) and drop
 * what only validation needs (regular expressions, length limits, JavaScript's safe-integer bounds, the
 * comma-separated alternative of list fields); zod still validates every argument on the server (lean-schema.ts).
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { leanSchema } from './lean-schema.js';
import { taskExecution } from '../tasks/task-support.js';
import type { ResultShape, ToolDefinition } from './types.js';

type JsonSchemaObject = Tool['inputSchema'];

export function inputJsonSchema(tool: ToolDefinition): JsonSchemaObject {
  return listedFields(plainObjectSchema(leanSchema(z.toJSONSchema(tool.input, { io: 'input' })) as Record<string, unknown>));
}

/**
 * The paging, owner, `listall` and `fields` fields every list tool shares: their names say what they are (CloudStack's
 * own names; a list's result says when `listall=true` would show more), and a description would be repeated on some
 * fifty tools. pagesize shows its default instead (schemas.ts).
 */
export const SELF_EXPLANATORY_FIELDS: readonly string[] = ['keyword', 'page', 'pagesize', 'listall', 'account', 'domainid', 'fields'];

/**
 * Accepted but not listed: `confirm` is ignored (the operator's policy decides, not the agent's say-so); it is
 * accepted so that calls written for the older CloudStack MCP server keep working, and listing it on every
 * disruptive tool would only invite a model to send it.
 */
export const UNLISTED_FIELDS: readonly string[] = ['confirm'];

function listedFields(schema: JsonSchemaObject): JsonSchemaObject {
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {})
      .filter(([name]) => !UNLISTED_FIELDS.includes(name))
      .map(([name, property]) => {
        if (!SELF_EXPLANATORY_FIELDS.includes(name) || typeof property !== 'object' || property === null) return [name, property];
        const { description: _repeated, ...rest } = property as Record<string, unknown>;
        return [name, rest];
      }),
  );
  const required = (schema.required ?? []).filter((name) => !UNLISTED_FIELDS.includes(name));
  const { required: _all, ...rest } = schema;
  return { ...rest, properties, ...(required.length > 0 ? { required } : {}) };
}

/**
 * Clients validate structuredContent against outputSchema even on `isError` results (SDK 1.x does), and an
 * approval's pending answer is not an error either: so nothing is `required` and no object is closed, and our
 * failure shapes (`{error}`, `{policy}`) fit every tool's schema without a union repeated in each. The schema names
 * the fields a program looks for first (the list's count, items, next page; the object's key); the rest
 * (page, pagesize, scanned, morewithlistall) are described in the result text.
 */
function outputJsonSchema(shape: ResultShape): JsonSchemaObject {
  if (shape.kind === 'list') {
    return {
      type: 'object',
      properties: {
        count: { type: 'number', description: 'Total in CloudStack, not this page\'s length.' },
        items: { type: 'array', items: { type: 'object' } },
        nextpage: { type: 'number' },
      },
    };
  }
  return { type: 'object', ...(shape.resource !== undefined ? { properties: { [shape.resource]: { type: 'object' } } } : {}) };
}

export function toMcpTool(tool: ToolDefinition): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: inputJsonSchema(tool),
    outputSchema: outputJsonSchema(tool.result),
    annotations: { title: tool.title, ...tool.hints },
    ...taskExecution(tool),
  };
}

/** MCP wants a bare `type: object` schema; the `$schema` marker adds nothing for clients. */
function plainObjectSchema(schema: Record<string, unknown>): JsonSchemaObject {
  const { $schema: _ignored, ...rest } = schema;
  if (rest.type !== 'object') throw new Error('tool schemas must describe an object');
  return rest as JsonSchemaObject;
}

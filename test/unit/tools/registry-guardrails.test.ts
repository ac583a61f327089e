import { describe, expect, test } from 'vitest';
import { commandSpec } from '../../../src/cloudstack/catalog.js';
import { GENERIC_TOOLS } from '../../../src/tools/generic/index.js';
import { TOOLS, toolFacts } from '../../../src/tools/index.js';
import { selectTools, toolsetOf, TOOLSETS } from '../../../src/tools/toolsets.js';
import type { ToolDefinition } from '../../../src/tools/types.js';
import { inputJsonSchema, SELF_EXPLANATORY_FIELDS, toMcpTool } from '../../../src/tools/tool-list.js';

/** Tool-level additions that are not CloudStack parameters of the command, each documented in its field. */
const TOOL_LEVEL_FIELDS: Record<string, readonly string[]> = {};
for (const tool of TOOLS) TOOL_LEVEL_FIELDS[tool.name] = [...tool.toolOnlyArgs, ...tool.localFilters];

const READ_ONLY_PREFIXES = ['list_', 'get_', 'find_', 'query_', 'wait_'];

/**
 * The tools that send one fixed catalogued command. The generic tools choose theirs per call and get_approval sends
 * none; their own tests cover them.
 */
const COMMAND_TOOLS = TOOLS.filter((tool) => !GENERIC_TOOLS.includes(tool) && commandSpec(tool.command) !== undefined);

describe('the registry', () => {
  // The one place the tools are counted and named: a file derived from the registry, so adding, removing or renaming
  // a tool (or moving it to another toolset) is a visible diff (`npx vitest run test/unit/tools -u` rewrites it).
  test('is the reviewed list of tools, by toolset, each once', async () => {
    const names = TOOLS.map((tool) => tool.name);
    expect(new Set(names).size, 'tool names are unique').toBe(names.length);
    const byToolset = Object.fromEntries(TOOLSETS.map((toolset) => [toolset.name, names.filter((name) => toolsetOf(name) === toolset.name)]));
    const registry = { tools: names.length, default: selectTools({ toolsets: 'default' }).length, byToolset };
    await expect(`${JSON.stringify(registry, null, 2)}\n`).toMatchFileSnapshot('__toolsnaps__/_registry.json');
  });

  test('every tool sets every annotation explicitly', () => {
    for (const tool of TOOLS) {
      const { annotations } = toMcpTool(tool);
      for (const hint of ['title', 'readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
        expect(annotations?.[hint], `${tool.name}.${hint}`).toBeDefined();
      }
    }
  });

  test('readOnlyHint is exactly the list/get/find/query tools, and read-only tools are never destructive', () => {
    for (const tool of COMMAND_TOOLS) {
      const reads = READ_ONLY_PREFIXES.some((prefix) => tool.name.startsWith(prefix));
      expect(tool.hints.readOnlyHint, tool.name).toBe(reads);
      if (reads) expect(tool.hints.destructiveHint, tool.name).toBe(false);
    }
  });

  test.each(['destroy_virtual_machine', 'detach_volume', 'stop_virtual_machine', 'resize_volume', 'scale_virtual_machine',
    'migrate_virtual_machine', 'reset_password_virtual_machine', 'change_service_offering_virtual_machine', 'reboot_virtual_machine'])(
    '%s is marked destructive', (name) => {
      expect(TOOLS.find((tool) => tool.name === name)?.hints.destructiveHint).toBe(true);
    });

  test('async follows the catalog', () => {
    for (const tool of COMMAND_TOOLS) expect(tool.async, tool.name).toBe(commandSpec(tool.command)?.async);
  });

  test('toolFacts mirrors readOnlyHint', () => {
    expect(toolFacts().map(({ name, readOnly }) => ({ name, readOnly }))).toEqual(TOOLS.map((tool) => ({ name: tool.name, readOnly: tool.hints.readOnlyHint })));
  });

  test('every description is written for an agent (a sentence, not a name)', () => {
    for (const tool of TOOLS) expect(tool.description.length, tool.name).toBeGreaterThan(40);
  });

  test('migrate tells the agent how to pick a target and which state each target needs', () => {
    const migrate = TOOLS.find((tool) => tool.name === 'migrate_virtual_machine')!;
    expect(migrate.description).toContain('find_hosts_for_migration');
    expect(migrate.description).toMatch(/Running for hostid.*Stopped for storageid/);
  });
});

interface ListedProperty {
  description?: string;
  format?: string;
  enum?: unknown[];
  maximum?: number;
  items?: { format?: string };
}

/** Names that say what they hold on any tool that has them. */
const NAMING_FIELDS = ['name', 'displaytext', 'displayname', 'description'];

/**
 * Why a listed field may go without a description (src/tools/field-meanings.ts): a field shared by every list tool,
 * an id (it comes from the list tool of its name), a choice whose values say it, a port, a filter of a list tool
 * (only items with this value), a name, or a field the tool's own description explains. Anything else needs words.
 */
function speaksForItself(tool: ToolDefinition, field: string, property: ListedProperty): boolean {
  return (
    SELF_EXPLANATORY_FIELDS.includes(field) ||
    property.format === 'uuid' ||
    property.items?.format === 'uuid' ||
    property.enum !== undefined ||
    property.maximum === 65535 ||
    tool.hints.readOnlyHint ||
    NAMING_FIELDS.includes(field) ||
    new RegExp(`\\b${field}\\b`).test(tool.description)
  );
}

describe('input schemas against the CloudStack catalog', () => {
  test.each(COMMAND_TOOLS.map((tool) => [tool.name, tool] as const))('%s', (_name, tool) => {
    const schema = inputJsonSchema(tool) as unknown as { properties: Record<string, ListedProperty>; required?: string[] };
    const spec = commandSpec(tool.command)!;
    // Listed or not, an argument the tool does not take is refused by the server.
    expect(tool.input.safeParse({ notAField: 1 }).success, tool.name).toBe(false);
    for (const [field, property] of Object.entries(schema.properties)) {
      if (!property.description) expect(speaksForItself(tool, field, property), `${tool.name}.${field} needs a description`).toBe(true);
      if (!TOOL_LEVEL_FIELDS[tool.name]!.includes(field)) {
        expect(Object.keys(spec.params), `${tool.name}.${field} is a ${tool.command} parameter`).toContain(field);
      }
    }
    // A catalog-required parameter is required by the schema, or supplied by the tool (a default).
    for (const required of spec.required) {
      const requiredInSchema = schema.required?.includes(required) ?? false;
      const defaulted = (schema.properties[required] as { default?: unknown } | undefined)?.default !== undefined;
      expect(requiredInSchema || defaulted, `${tool.name} requires ${required}`).toBe(true);
    }
  });
});

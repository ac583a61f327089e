/**
 * Hostile arguments for every tool in the registry, through a real MCP client: wrong types, missing required
 * fields, 1 MB strings, control characters, prototype-pollution keys, 1000-deep nesting, unicode, arrays where
 * objects belong, null. The policy allows everything, so every refusal here is input validation's doing.
 * Whatever the schema rejects must come back as a clear isError result and never reach CloudStack; the
 * server must survive all of it (ping and a valid call still work).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createPolicyGateFromValue } from '../../src/policy/index.js';
import { TOOLS, toolFacts } from '../../src/tools/index.js';
import type { ToolDefinition } from '../../src/tools/types.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { createLeakCollector, DISTINCT_KEYS } from '../helpers/leak-scan.js';

const MB = 1024 * 1024;
const HUGE = 'A'.repeat(MB);
const CONTROL = 'a\u0000b\u0007c\u001b[31md\r\ne\u202e';
const UNICODE = 'ü日本\u{1F4A5}\uD800'; // includes a lone surrogate

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Own properties named like prototype keys, as JSON.parse makes them (an object literal would not). */
const PROTO_KEY: Record<string, unknown> = JSON.parse('{"__proto__": {"polluted": "yes"}}');
const POLLUTERS: Array<Record<string, unknown>> = [
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}'),
  JSON.parse('{"prototype": {"polluted": "yes"}}'),
];

/** Values to try in every field: each field's schema keeps only those it rejects for the must-reject set. */
const FIELD_VALUES: ReadonlyArray<[string, unknown]> = [
  ['number', 12345.678],
  ['negative', -1],
  ['boolean', true],
  ['null', null],
  ['object', { nested: true }],
  ['array of objects', [{}]],
  ['depth 1000', nested(1000)],
  ['1 MB string', HUGE],
  ['control characters', CONTROL],
  ['unicode', UNICODE],
  ['empty string', ''],
  ['prototype object', PROTO_KEY],
];

const policy = { version: '1', default: 'allow' };

interface Case {
  readonly tool: ToolDefinition;
  readonly label: string;
  readonly args: unknown;
  /** A word the error text must contain (the offending field). */
  readonly names: string;
}

function fieldsOf(tool: ToolDefinition) {
  return Object.entries(tool.input.shape as Record<string, { safeParse(value: unknown): { success: boolean } }>);
}

/** Cases the whole schema rejects: each names the field at fault. */
function rejectedCases(): Case[] {
  const cases: Case[] = [];
  for (const tool of TOOLS) {
    const fields = fieldsOf(tool);
    const required = fields.filter(([, schema]) => !schema.safeParse(undefined).success);
    if (required.length > 0) cases.push({ tool, label: 'missing required fields', args: {}, names: required[0]![0] });
    for (const polluter of POLLUTERS) cases.push({ tool, label: `key ${Object.keys(polluter)[0]}`, args: polluter, names: Object.keys(polluter)[0]! });
    cases.push({ tool, label: 'unicode key', args: { [UNICODE]: 1 }, names: 'unknown argument' });
    for (const [name, schema] of fields) {
      for (const [label, value] of FIELD_VALUES) {
        if (schema.safeParse(value).success) continue;
        cases.push({ tool, label: `${name} = ${label}`, args: { [name]: value }, names: name });
      }
    }
  }
  return cases;
}

/**
 * Hostile strings a free-text field accepts: real calls, which must still be answered cleanly. Free-text fields
 * have no length bound yet, so a 1 MB string is sent (as a 1 MB URL, which the HTTP layer refuses); one such
 * call per tool is enough to show it is survived, and keeps the file fast.
 */
function acceptedStringCases(): Case[] {
  const cases: Case[] = [];
  for (const tool of TOOLS) {
    let hugeSent = false;
    for (const [name] of fieldsOf(tool)) {
      for (const [label, value] of FIELD_VALUES.filter(([, v]) => typeof v === 'string')) {
        if (!tool.input.safeParse({ [name]: value }).success) continue;
        if (value === HUGE && hugeSent) continue;
        hugeSent ||= value === HUGE;
        cases.push({ tool, label: `${name} = ${label}`, args: { [name]: value }, names: name });
      }
    }
  }
  return cases;
}

const textOf = (result: CallToolResult): string => result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');

describe('hostile tool arguments', () => {
  const leaks = createLeakCollector();
  let harness: Harness;

  beforeAll(async () => {
    const gate = createPolicyGateFromValue(policy, { tools: toolFacts(), logger: leaks.logger, audit: leaks.audit });
    harness = await startHarness({ policy: gate, logger: leaks.logger, simulator: { admin: DISTINCT_KEYS.admin, user: DISTINCT_KEYS.user } });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('rejects every schema-invalid argument set with a clear error, sending nothing to CloudStack', async () => {
    harness.simulator.clearRequests();
    const cases = rejectedCases();
    expect(cases.length).toBeGreaterThan(TOOLS.length * 5);
    for (const testCase of cases) {
      const result = (await harness.client.callTool({ name: testCase.tool.name, arguments: testCase.args as Record<string, unknown> })) as CallToolResult;
      leaks.note(`${testCase.tool.name} ${testCase.label}`, result);
      const text = textOf(result);
      expect(result.isError, `${testCase.tool.name} ${testCase.label}: ${text}`).toBe(true);
      expect(text, `${testCase.tool.name} ${testCase.label}`).toContain(`Invalid arguments for ${testCase.tool.name}`);
      expect(text, `${testCase.tool.name} ${testCase.label}`).toContain(testCase.names);
      // The error is for the agent to read: bounded, whatever size the input had.
      expect(text.length, `${testCase.tool.name} ${testCase.label}`).toBeLessThan(4_000);
    }
    expect(harness.simulator.requests).toHaveLength(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  /*
   * zod's strict objects skip an own `__proto__` key instead of naming it as unknown, so a tool without required
   * fields runs as if the key were absent. Safe — nothing is polluted and the key never reaches CloudStack — but
   * not the clear refusal every other unknown key gets; until validation names it, both outcomes are accepted.
   */
  it('never lets a __proto__ key pollute anything or reach CloudStack', async () => {
    harness.simulator.clearRequests();
    for (const tool of TOOLS) {
      const result = (await harness.client.callTool({ name: tool.name, arguments: PROTO_KEY })) as CallToolResult;
      leaks.note(`${tool.name} __proto__`, result);
      if (result.isError) expect(textOf(result)).toMatch(/Invalid arguments|failed/);
    }
    expect(harness.simulator.requests.filter((request) => /proto|polluted/i.test(JSON.stringify(request.params)))).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('answers malformed requests (arguments not an object, unknown tools) with protocol or tool errors', async () => {
    harness.simulator.clearRequests();
    const malformed: unknown[] = [[1, 2, 3], 'a string', 42, nested(1000) && [nested(1000)]];
    for (const tool of TOOLS) {
      for (const args of malformed) {
        const outcome = await harness.client
          .callTool({ name: tool.name, arguments: args as Record<string, unknown> })
          .then((result) => ({ result: result as CallToolResult }), (error: unknown) => ({ error }));
        leaks.note(`${tool.name} malformed`, outcome);
        if ('error' in outcome) expect(String(outcome.error)).toMatch(/invalid|expected/i);
        else expect(outcome.result.isError).toBe(true);
      }
    }
    for (const name of ['no_such_tool', '__proto__', 'constructor', HUGE.slice(0, 10_000), CONTROL]) {
      await expect(harness.client.callTool({ name, arguments: {} })).rejects.toThrow(/unknown tool/i);
    }
    expect(harness.simulator.requests).toHaveLength(0);
  });

  it('answers hostile strings that free-text fields accept without crashing', async () => {
    const cases = acceptedStringCases();
    expect(cases.length).toBeGreaterThan(0);
    for (const testCase of cases) {
      const result = (await harness.client.callTool({ name: testCase.tool.name, arguments: testCase.args as Record<string, unknown> })) as CallToolResult;
      leaks.note(`${testCase.tool.name} ${testCase.label}`, result);
      expect(Array.isArray(result.content), `${testCase.tool.name} ${testCase.label}`).toBe(true);
      if (result.isError) expect(textOf(result)).toMatch(/failed|Invalid/);
    }
  });

  it('is still alive and working afterwards, and leaked no secret', async () => {
    await expect(harness.client.ping()).resolves.toBeDefined();
    harness.simulator.clearRequests();
    const result = (await harness.client.callTool({ name: 'list_zones', arguments: {} })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(harness.simulator.requests.map((request) => request.command)).toEqual(['listZones']);
    expect(leaks.count().notes).toBeGreaterThan(100);
    expect(leaks.leaks()).toEqual([]);
  });
});

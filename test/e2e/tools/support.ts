/** Small helpers for the tool end-to-end tests: call a tool and insist on success or failure. */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { expect } from 'vitest';
import { textOf } from '../../helpers/harness.js';

export type Structured = Record<string, any>;

export async function callOk(client: Client, name: string, args: Record<string, unknown> = {}): Promise<{ data: Structured; text: string }> {
  const result = await client.callTool({ name, arguments: args });
  const text = textOf(result);
  expect(result.isError, `${name} failed: ${text}`).toBeFalsy();
  return { data: result.structuredContent as Structured, text };
}

export async function callFails(client: Client, name: string, args: Record<string, unknown> = {}): Promise<{ data: Structured; text: string }> {
  const result = await client.callTool({ name, arguments: args });
  expect(result.isError, `${name} should have failed`).toBe(true);
  return { data: result.structuredContent as Structured, text: textOf(result) };
}

export function named<T extends { name: string }>(items: readonly T[], name: string): T {
  const item = items.find((candidate) => candidate.name === name);
  if (!item) throw new Error(`no ${name} in the simulator's world`);
  return item;
}

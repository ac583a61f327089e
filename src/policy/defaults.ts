/**
 * The policy in force when the operator names no file: read-only tools allowed, every tool that changes the
 * cloud refused with a reason that tells the operator how to allow more. Safe by default, never silent.
 */
import type { CompiledPolicy } from './compile.js';
import { loadPolicyValue } from './load.js';
import { policyHash } from './load.js';
import type { ParsedPolicy } from './schema.js';
import type { ToolFacts } from './tool-facts.js';

const ENABLE_MORE =
  'no policy file is loaded, and the built-in policy allows read-only tools only. ' +
  'To allow changes, the operator starts the server with --policy FILE or CLOUDSTACK_MCP_POLICY=FILE (see policy.example.json)';

function defaultPolicyDocument(tools: readonly ToolFacts[]): ParsedPolicy {
  return {
    version: '1',
    default: 'deny',
    tools: Object.fromEntries(tools.filter((tool) => tool.readOnly).map((tool) => [tool.name, {}])),
  };
}

export function defaultPolicy(tools: readonly ToolFacts[]): CompiledPolicy {
  const document = defaultPolicyDocument(tools);
  const loaded = loadPolicyValue(document, tools, policyHash(JSON.stringify(document)), { defaultReason: ENABLE_MORE });
  // Built from the tool list itself, so it cannot name an unknown tool; a failure here is a bug, not input.
  if (!loaded.ok) throw new Error(`built-in policy is invalid: ${loaded.errors.join('; ')}`);
  return loaded.policy;
}

/** The start-up line announcing that the built-in policy is in force. */
export function defaultPolicyNotice(tools: readonly ToolFacts[]): string {
  const readOnly = tools.filter((tool) => tool.readOnly).length;
  return (
    `policy: no policy file given; the built-in policy allows the ${readOnly} read-only tools and refuses the ` +
    `${tools.length - readOnly} that change the cloud. Pass --policy FILE or set CLOUDSTACK_MCP_POLICY to allow more ` +
    '(see policy.example.json; check a file with `cloudstack-mcp policy check FILE`).'
  );
}

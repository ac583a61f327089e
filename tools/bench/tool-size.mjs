/**
 * What the tool definitions cost an agent's context (issue 12): bytes of JSON as tools/list sends them, for every
 * toolset selection that matters. Not a timing: the same on every machine; test/unit/tools/tool-size.test.ts pins
 * the limits. Imports dist/ (npm run bench builds first).
 */
import { TOOLS } from '../../dist/tools/all.js';
import { listingSize } from '../../dist/tools/listing-size.js';
import { selectTools, TOOLSETS } from '../../dist/tools/toolsets.js';

const row = (selection, tools) => {
  const size = listingSize(tools);
  return {
    selection,
    tools: size.tools,
    'name+description+input KB': kb(size.definitionBytes),
    'per tool KB (avg)': kb(size.averageDefinitionBytes),
    'tools/list KB (with output schemas)': kb(size.listBytes),
  };
};
const kb = (bytes) => Math.round(bytes / 10) / 100;

export async function runToolSize() {
  return [
    row('all', TOOLS),
    row('default', selectTools({ toolsets: 'default' })),
    row('all, --read-only', selectTools({ toolsets: 'all', readOnly: true })),
    ...TOOLSETS.map((toolset) => row(`toolset ${toolset.name}`, selectTools({ toolsets: toolset.name }))),
  ];
}

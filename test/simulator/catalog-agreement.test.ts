import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandSpec } from '../../src/cloudstack/catalog.js';
import { buildCommandTable } from '../../src/simulator/commands/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { call } from './helpers.js';

/** The simulator's own commands agree with the catalog: async flag, list key and the fields of list items. */
describe('simulated commands against the catalog', () => {
  const table = buildCommandTable();
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobMs: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('models only catalogued commands, each async exactly when the catalog says so', () => {
    const disagreeing = [...table].filter(([name, entry]) => {
      const spec = commandSpec(name);
      return !spec || spec.async !== (entry.kind === 'async');
    }).map(([name]) => name);
    expect(disagreeing).toEqual([]);
  });

  const lists = [...table.keys()].filter((name) => name.startsWith('list') && commandSpec(name)!.required.length === 0);

  it.each(lists)('%s answers under the catalog list key with documented fields only', async (name) => {
    const spec = commandSpec(name)!;
    const { status, inner } = await call(sim, name, 'listall' in spec.params ? { listall: 'true' } : {});
    expect(status).toBe(200);
    const keys = Object.keys(inner).filter((key) => key !== 'count');
    expect(keys).toEqual(inner.count === undefined ? [] : [spec.listKey]);
    const undocumented = new Set<string>();
    for (const item of (inner[spec.listKey!] ?? []) as Record<string, unknown>[]) {
      for (const field of Object.keys(item)) if (!(field in spec.responseFields)) undocumented.add(field);
    }
    expect([...undocumented]).toEqual([]);
  });
});

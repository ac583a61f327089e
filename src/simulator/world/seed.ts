/** The seeded world: deterministic ids from the seed, dates relative to the simulator's clock. */
import type { Credentials } from '../../cloudstack/signer.js';
import { seedFamilies } from './seed-families.js';
import { seedInfrastructure } from './seed-infra.js';
import { seedTenants } from './seed-tenants.js';
import type { World } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export function seedWorld(nextId: () => string, now: Date, keys: { admin: Credentials; user: Credentials }): World {
  // Whole seconds: CloudStack's dates have no milliseconds.
  const base = Math.floor(now.getTime() / 1000) * 1000;
  const context = { nextId, keys, daysAgo: (days: number) => new Date(base - days * DAY_MS) };
  const infra = seedInfrastructure(context);
  const original = { ...infra, ...seedTenants(context, infra), jobs: [] };
  return { ...original, ...seedFamilies(context, original) };
}

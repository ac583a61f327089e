/**
 * For running the approval tests alone while the rest of the tree is mid-change: the same settings as the
 * project's config, without the global build step (these tests import the sources, never dist/).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/approvals/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    environment: 'node',
    // End-to-end tests start real HTTP servers and child processes; keep the 2-core CI machine unsaturated.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    // CI also writes a JSON report, from which .ci/run prints a plain "N passed, N failed" closing line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
    hookTimeout: 30_000,
  },
});

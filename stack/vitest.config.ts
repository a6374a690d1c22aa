import { defineConfig } from 'vitest/config';

// Real servers start in these tests: allow for a slow first MariaDB install.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

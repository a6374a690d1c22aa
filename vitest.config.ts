import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// `npm test` runs every project with its own config (timeouts, pools) in one vitest run.
export default defineConfig({
  test: {
    projects: ['stack', 'simulator', 'bridge', 'provisioning'].filter((project) => existsSync(`${project}/vitest.config.ts`)),
  },
});

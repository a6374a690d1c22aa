import { defineConfig } from 'vitest/config';

/**
 * Tests of the provisioning files: `npx vitest run --config provisioning/vitest.config.ts` from the
 * repository root (or `npx vitest run` in this folder). Integration files start real servers
 * (Mosquitto, InfluxDB, Prometheus, MariaDB, the bridge) in temp dirs on free ports.
 */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});

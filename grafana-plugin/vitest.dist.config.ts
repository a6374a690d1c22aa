import { defineConfig } from 'vitest/config';

// Checks of the built plugin: dist/ contents and the bundle in headless Chromium. Run after `npm run build`.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    server: { deps: { inline: [/@grafana\//] } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});

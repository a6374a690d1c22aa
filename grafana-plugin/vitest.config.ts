import { defineConfig } from 'vitest/config';

// Unit tests: components and utils rendered in jsdom with real DataFrames.
export default defineConfig({
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./.config/vitest-setup.ts'],
    // @grafana/* ship ESM that Node cannot load as-is (d3-color .mjs, extension-less imports): let Vite transform them.
    server: { deps: { inline: [/@grafana\//] } },
    css: false,
    // One module graph per worker: @grafana/ui takes seconds to import, and no test leaves global state behind.
    isolate: false,
    testTimeout: 30_000,
  },
});

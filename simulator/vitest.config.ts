import { defineConfig } from 'vitest/config';

// Unit tests sit next to the source; the Publisher and CLI tests start a real Mosquitto through @sensorplus/stack.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

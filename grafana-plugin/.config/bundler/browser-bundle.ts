import type { BuildOptions } from 'esbuild';

/** esbuild options for a page's script with React and @grafana/* bundled in (the browser harness, the live view). */
export const BROWSER_BUNDLE: BuildOptions = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  jsx: 'transform',
  minify: true,
  sourcemap: false,
  logLevel: 'error',
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
};

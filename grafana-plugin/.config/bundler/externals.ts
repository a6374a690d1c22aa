/*
 * Modules Grafana provides to plugins at run time (from the @grafana/create-plugin template).
 * They must never be bundled: the plugin shares Grafana's React and Grafana packages.
 */
import type { Configuration, ExternalItemFunctionData } from 'webpack';

/** Shared modules Grafana's loader provides by exact name. */
const SHARED_MODULES = [
  'lodash',
  'jquery',
  'moment',
  'slate',
  'emotion',
  '@emotion/react',
  '@emotion/css',
  'prismjs',
  'slate-plain-serializer',
  '@grafana/slate-react',
  'react',
  'react-dom',
  'react-redux',
  'redux',
  'rxjs',
  'i18next',
  'react-router',
  'd3',
  'angular',
];

/** Grafana's own packages, provided for any import path below them. */
const GRAFANA_PACKAGES = ['@grafana/ui', '@grafana/runtime', '@grafana/data'];

export const externals: Configuration['externals'] = [
  // Required for dynamic publicPath resolution
  { 'amd-module': 'module' },
  ...SHARED_MODULES,
  ...GRAFANA_PACKAGES.map((name) => new RegExp(`^${name}`, 'i')),
  // Legacy SDK imports with the "grafana/" prefix
  ({ request }: ExternalItemFunctionData, callback: (error?: Error, result?: string) => void) => {
    const prefix = 'grafana/';
    if (request && request.startsWith(prefix)) {
      return callback(undefined, request.slice(prefix.length));
    }
    callback();
  },
];

/** The module names a built bundle may ask its AMD loader for. */
export const RUNTIME_MODULES = ['module', ...SHARED_MODULES, ...GRAFANA_PACKAGES];

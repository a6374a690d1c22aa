/*
 * The @grafana/create-plugin webpack build, trimmed to what a panel needs: an AMD bundle
 * (dist/module.js) with Grafana's packages and React as externals, plus plugin.json, the logo,
 * README and CHANGELOG copied next to it with %VERSION% and %TODAY% filled in.
 */
import CopyWebpackPlugin from 'copy-webpack-plugin';
import fs from 'node:fs';
import path from 'node:path';
import webpack, { type Configuration } from 'webpack';
import VirtualModulesPlugin from 'webpack-virtual-modules';

import { externals } from '../bundler/externals.js';
import { DIST_DIR, SOURCE_DIR } from './constants.js';

type Env = Record<string, true | string>;

const root = process.cwd();
const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
const pluginJson = JSON.parse(fs.readFileSync(path.join(root, SOURCE_DIR, 'plugin.json'), 'utf8')) as { id: string };

// Loads lazy chunks and images from wherever Grafana serves the plugin (sub-path installs included).
const virtualPublicPath = new VirtualModulesPlugin({
  'node_modules/grafana-public-path.js': `
import amdMetaModule from 'amd-module';

__webpack_public_path__ =
  amdMetaModule && amdMetaModule.uri
    ? amdMetaModule.uri.slice(0, amdMetaModule.uri.lastIndexOf('/') + 1)
    : 'public/plugins/${pluginJson.id}/';
`,
});

const fillTemplate = (content: Buffer) =>
  content
    .toString()
    .replace(/%VERSION%/g, packageJson.version)
    .replace(/%TODAY%/g, new Date().toISOString().slice(0, 10))
    .replace(/%PLUGIN_ID%/g, pluginJson.id);

const config = (env: Env): Configuration => ({
  context: path.join(root, SOURCE_DIR),
  devtool: env.production ? 'source-map' : 'eval-source-map',
  entry: { module: './module.ts' },
  externals,
  mode: env.production ? 'production' : 'development',
  module: {
    rules: [
      {
        test: /src\/(?:.*\/)?module\.tsx?$/,
        use: [{ loader: 'imports-loader', options: { imports: 'side-effects grafana-public-path' } }],
      },
      {
        exclude: /node_modules/,
        test: /\.[tj]sx?$/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: {
              // Grafana 13 runs in browsers with ES2020; at es2015 every object spread became a helper
              // call that copies property descriptors, the largest cost of a streamed update here.
              target: 'es2020',
              loose: false,
              parser: { syntax: 'typescript', tsx: true, decorators: false, dynamicImport: true },
              transform: { react: { runtime: 'classic' } },
            },
          },
        },
      },
      {
        test: /\.(png|jpe?g|gif|svg)$/,
        type: 'asset/resource',
        generator: { filename: env.production ? '[hash][ext]' : '[file]' },
      },
    ],
  },
  output: {
    clean: true,
    filename: '[name].js',
    chunkFilename: env.production ? '[name].js?_cache=[contenthash]' : '[name].js',
    library: { type: 'amd' },
    path: path.resolve(root, DIST_DIR),
    publicPath: `public/plugins/${pluginJson.id}/`,
    uniqueName: pluginJson.id,
  },
  performance: { hints: false },
  plugins: [
    virtualPublicPath,
    new webpack.BannerPlugin({ banner: `/* ${pluginJson.id}@${packageJson.version} */`, raw: true, entryOnly: true }),
    new CopyWebpackPlugin({
      patterns: [
        { from: '../README.md', to: '.', transform: fillTemplate },
        { from: '../CHANGELOG.md', to: '.' },
        { from: '../LICENSE', to: '.' },
        { from: 'plugin.json', to: '.', transform: fillTemplate },
        { from: 'img/**/*', to: '.' },
        { from: '../docs/screenshot.png', to: 'img/screenshot.png', noErrorOnMissing: true },
      ],
    }),
  ],
  resolve: {
    extensions: ['.js', '.jsx', '.ts', '.tsx'],
    // Sources use NodeNext-style `./x.js` imports of `./x.ts(x)` files.
    extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
    modules: [path.resolve(root, SOURCE_DIR), 'node_modules'],
  },
});

export default config;

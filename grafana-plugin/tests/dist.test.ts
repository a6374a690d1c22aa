/**
 * The built dist/ is what Grafana loads: plugin.json must satisfy Grafana's plugin.json schema,
 * the bundle must leave React and the Grafana packages to Grafana, and the files Grafana and the
 * plugin catalogue read must be there.
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { RUNTIME_MODULES } from '../.config/bundler/externals.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist');
const SCHEMA = path.join(ROOT, 'tests/schemas/grafana-plugin.schema.json');

const read = (file: string) => fs.readFileSync(path.join(DIST, file), 'utf8');
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
// The schema's patterns escape '-' outside classes, which is invalid with the 'u' flag ajv uses by default.
const newAjv = () => addFormats(new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }));

/** Strings that only a bundled copy of React or ReactDOM would contain. */
const REACT_MARKERS = [
  '__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED',
  'react-jsx-runtime.production',
  'react.production.min',
  'react-dom.production.min',
  'Minified React error #',
  '@license React',
  'ReactCurrentOwner',
];

describe('dist/', () => {
  it('holds what Grafana loads: module.js, plugin.json, logo, README, CHANGELOG, LICENSE', () => {
    for (const file of ['module.js', 'plugin.json', 'img/logo.svg', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
      expect(fs.existsSync(path.join(DIST, file)), file).toBe(true);
    }
  });

  it('has a plugin.json that validates against Grafana plugin.json schema', () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object;
    const validate = newAjv().compile(schema);
    const pluginJson = JSON.parse(read('plugin.json')) as { id: string; type: string; info: { version: string; updated: string; logos: { small: string } } };
    expect(validate(pluginJson), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(pluginJson.id).toBe('sensorplus-building-panel');
    expect(pluginJson.type).toBe('panel');
    expect(pluginJson.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pluginJson.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(fs.existsSync(path.join(DIST, pluginJson.info.logos.small))).toBe(true);
  });

  it('would have its schema check catch a bad plugin.json', () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object;
    const validate = newAjv().compile(schema);
    expect(validate({ ...JSON.parse(read('plugin.json')), id: 'Building Panel' })).toBe(false);
  });

  it('is an AMD module that asks Grafana for React and the Grafana packages', () => {
    const bundle = read('module.js');
    const define = /define\((\[[^\]]*\])/.exec(bundle);
    expect(define, 'module.js does not start with an AMD define([...])').not.toBeNull();
    const deps = JSON.parse(define![1]!) as string[];
    expect(deps).toEqual(expect.arrayContaining(['react', '@grafana/data', '@grafana/ui', '@grafana/runtime']));
    for (const dep of deps) {
      expect(RUNTIME_MODULES).toContain(dep);
    }
  });

  it('does not contain React', () => {
    const bundle = read('module.js');
    for (const marker of REACT_MARKERS) {
      expect(bundle.includes(marker), `module.js contains "${marker}"`).toBe(false);
    }
    expect(fs.existsSync(path.join(DIST, 'module.js.LICENSE.txt'))).toBe(false);
  });

  it('fills the version and date into plugin.json and README', () => {
    expect(read('plugin.json')).not.toMatch(/%VERSION%|%TODAY%/);
    expect(read('README.md')).not.toMatch(/%VERSION%|%TODAY%/);
  });
});

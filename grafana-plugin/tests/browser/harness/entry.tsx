/**
 * The browser harness: provides React and the Grafana packages as the AMD externals the built
 * dist/module.js asks for (as Grafana's SystemJS loader does), loads that bundle, and mounts its
 * panel with real DataFrames processed the way Grafana processes them.
 */
import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import { createTheme, ThemeContext, type DataFrame, type FieldConfigSource, type GrafanaTheme2, type PanelPlugin, type PanelProps } from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import { locationService } from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import React from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';

import { largeBuilding, NOW, referenceBuilding, referenceBuildingSql, withAppendedRow } from '../../fixtures/building.js';
import { lastHour, makePanelProps, processFrames } from '../../support/grafana.js';

type Scenario = 'reference' | 'reference-sql' | 'large';

export interface MountRequest {
  scenario: Scenario;
  theme?: 'dark' | 'light';
  width?: number;
  height?: number;
  options?: Record<string, unknown>;
  fieldConfig?: FieldConfigSource;
}

export interface Timing {
  /** render + commit + style and layout, in ms */
  renderMs: number;
  /** until the next frame was painted, in ms */
  frameMs: number;
  devices: number;
  rooms: number;
}

const requested: string[] = [];
let pluginExports: { plugin?: PanelPlugin } | undefined;

function installAmdLoader(moduleUri: string) {
  const modules: Record<string, unknown> = {
    react: React,
    'react-dom': ReactDOM,
    '@grafana/data': grafanaData,
    '@grafana/ui': grafanaUi,
    '@grafana/runtime': grafanaRuntime,
    '@emotion/css': emotionCss,
    module: { uri: moduleUri },
  };
  const define = (deps: string[], factory: (...args: unknown[]) => unknown) => {
    requested.push(...deps);
    const resolved = deps.map((name) => {
      if (!(name in modules)) {
        throw new Error(`The bundle asks for "${name}", which this harness (and Grafana) would not provide`);
      }
      return modules[name];
    });
    pluginExports = factory(...resolved) as { plugin?: PanelPlugin };
  };
  Object.assign(define, { amd: {} });
  Object.assign(window, { define });
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`Could not load ${src}`));
    document.head.appendChild(script);
  });
}

const framesFor = (scenario: Scenario) =>
  scenario === 'large' ? largeBuilding(100, 20) : scenario === 'reference-sql' ? referenceBuildingSql() : referenceBuilding();

let root: Root | undefined;
/** What was last rendered: an update appends rows to its frames and keeps the rest, as Grafana does between two data updates. */
let shown: { frames: DataFrame[]; props: PanelProps; theme: GrafanaTheme2 } | undefined;
let updates = 0;
const container = () => document.getElementById('panel')!;

function propsFor(request: MountRequest, frames = framesFor(request.scenario)): PanelProps {
  const theme = createTheme({ colors: { mode: request.theme ?? 'dark' } });
  document.body.style.background = theme.colors.background.canvas;
  const props = makePanelProps({
    frames,
    theme,
    timeRange: lastHour(NOW),
    width: request.width ?? 1184,
    height: request.height ?? 700,
    options: request.options,
    fieldConfig: request.fieldConfig,
  });
  shown = { frames, props, theme };
  return props;
}

function element(props: PanelProps) {
  const Panel = pluginExports?.plugin?.panel;
  if (!Panel || !shown) {
    throw new Error('dist/module.js did not export a panel plugin');
  }
  return (
    <ThemeContext.Provider value={shown.theme}>
      <Panel {...props} />
    </ThemeContext.Provider>
  );
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** Mounts (or re-renders) synchronously and times it; the props are built before the clock starts. */
async function timedRender(node: React.ReactElement): Promise<Timing> {
  root ??= createRoot(container());
  // Only the profiling script (tests/browser/profile.ts) sets this: it profiles the timed part alone.
  const profiling = harness.profiling;
  if (profiling) {
    console.profile('render');
    performance.mark('render-start');
  }
  const start = performance.now();
  flushSync(() => root!.render(node));
  void container().getBoundingClientRect().height; // force style and layout
  const renderMs = performance.now() - start;
  if (profiling) {
    performance.mark('render-end');
    console.profileEnd('render');
  }
  await nextFrame();
  const frameMs = performance.now() - start;
  return {
    renderMs,
    frameMs,
    devices: container().querySelectorAll('[data-device-key]').length,
    rooms: container().querySelectorAll('[data-room]').length,
  };
}

const harness = {
  ready: false,
  profiling: false,
  requested,
  async load(moduleUrl: string) {
    installAmdLoader(moduleUrl);
    await loadScript(moduleUrl);
    harness.ready = true;
    return { requested: [...requested], hasPanel: Boolean(pluginExports?.plugin?.panel) };
  },
  async mount(request: MountRequest): Promise<Timing> {
    harness.unmount();
    return timedRender(element(propsFor(request)));
  },
  /** A data refresh: new frames (one minute later) into the mounted panel. */
  async refresh(request: MountRequest): Promise<Timing> {
    const frames = request.scenario === 'large' ? largeBuilding(100, 20, NOW + 60_000) : framesFor(request.scenario);
    return timedRender(element(propsFor(request, frames)));
  },
  /**
   * A streamed update into the mounted panel: `count` devices spread over the building each get
   * one more row (as Grafana Live appends them), every other frame stays as it was; the panel
   * gets the whole data again, processed as Grafana processes it.
   */
  async update(count: number): Promise<Timing> {
    if (!shown) {
      throw new Error('mount first');
    }
    updates++;
    const every = Math.max(1, Math.floor(shown.frames.length / count));
    const frames = shown.frames.map((frame, index) =>
      index % every === 0 && index / every < count ? withAppendedRow(frame, NOW + updates * 1000, 20 + (updates % 7)) : frame
    );
    const { props, theme } = shown;
    const series = processFrames(frames, props.fieldConfig, theme, props.replaceVariables);
    const next = { ...props, data: { ...props.data, series } };
    shown = { frames, props: next, theme };
    return timedRender(element(next));
  },
  unmount() {
    root?.unmount();
    root = undefined;
  },
  location() {
    const location = locationService.getLocation();
    return { pathname: location.pathname, search: location.search };
  },
  resetLocation() {
    locationService.push('/d/building');
  },
  color(name: string, mode: 'dark' | 'light') {
    return createTheme({ colors: { mode } }).visualization.getColorByName(name);
  },
  migrate(options: unknown) {
    return pluginExports?.plugin?.onPanelMigration?.({ id: 1, type: 'x', options, fieldConfig: { defaults: {}, overrides: [] } } as never);
  },
};

Object.assign(window, { harness, __grafana_public_path__: '/public/' });

import { createTheme, ThemeContext, type GrafanaTheme2 } from '@grafana/data';
import { render } from '@testing-library/react';
import React from 'react';

import { BuildingPanel } from '../../src/components/BuildingPanel/index.js';
import { NOW, referenceBuilding } from '../fixtures/building.js';
import { lastHour, makePanelProps, type PanelPropsInput } from './grafana.js';

export const darkTheme = createTheme({ colors: { mode: 'dark' } });
export const lightTheme = createTheme({ colors: { mode: 'light' } });

export function withTheme(theme: GrafanaTheme2, node: React.ReactElement) {
  return <ThemeContext.Provider value={theme}>{node}</ThemeContext.Provider>;
}

/** Renders the panel as Grafana would, with processed frames; defaults to the reference building in the dark theme. */
export function renderPanel(input: Partial<PanelPropsInput> = {}) {
  const theme = input.theme ?? darkTheme;
  const props = makePanelProps({ frames: referenceBuilding(), timeRange: lastHour(NOW), ...input, theme });
  const result = render(withTheme(theme, <BuildingPanel {...props} />));
  return { ...result, props, theme };
}

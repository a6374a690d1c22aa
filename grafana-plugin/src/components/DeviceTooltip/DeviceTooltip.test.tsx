import { render, screen } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';

import { NOW } from '../../../tests/fixtures/building.js';
import { referenceDevice } from '../../../tests/support/model.js';
import { darkTheme, withTheme } from '../../../tests/support/render.js';
import { TEST_IDS } from '../../testIds.js';
import { DeviceTooltip } from './DeviceTooltip.js';

describe('DeviceTooltip', () => {
  it('gives the last-seen time, absolute and relative, and the status', () => {
    render(withTheme(darkTheme, <DeviceTooltip device={referenceDevice('room4/hum-4/humidity')} now={NOW} timeZone="utc" />));
    const tooltip = screen.getByTestId(TEST_IDS.tooltip);
    expect(tooltip).toHaveTextContent('hum-4');
    expect(tooltip).toHaveTextContent('Room room4');
    expect(tooltip).toHaveTextContent('Last seen 2026-01-15 11:50:00 (10 min ago)');
    expect(tooltip).toHaveTextContent('Status Offline');
  });

  it('lists every reading of a multi-reading device', () => {
    render(withTheme(darkTheme, <DeviceTooltip device={referenceDevice('/solar-plant/solar')} now={NOW} timeZone="utc" />));
    const tooltip = screen.getByTestId(TEST_IDS.tooltip);
    expect(tooltip).toHaveTextContent('power_w 3.25 kW');
    expect(tooltip).toHaveTextContent('voltage 231 V');
    expect(tooltip).toHaveTextContent('current 14.1 A');
    expect(tooltip).toHaveTextContent('Room —');
  });
});

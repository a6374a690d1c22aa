import { render, screen } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';

import { NOW } from '../../../tests/fixtures/building.js';
import { referenceDevice } from '../../../tests/support/model.js';
import { darkTheme, withTheme } from '../../../tests/support/render.js';
import { TEST_IDS } from '../../testIds.js';
import { DeviceTooltip } from './DeviceTooltip.js';

const entries = (element: HTMLElement) =>
  Object.fromEntries([...element.querySelectorAll('dt')].map((term) => [term.textContent, term.nextElementSibling?.textContent]));

describe('DeviceTooltip', () => {
  it('gives the last-seen time, absolute and relative, and the status', () => {
    render(withTheme(darkTheme, <DeviceTooltip device={referenceDevice('room4/hum-4/humidity')} now={NOW} timeZone="utc" />));
    const tooltip = screen.getByTestId(TEST_IDS.tooltip);
    expect(tooltip).toHaveTextContent('hum-4');
    expect(entries(tooltip)).toEqual({
      Kind: 'Humidity',
      Room: 'room4',
      Value: '48%',
      'Last seen': '2026-01-15 11:50:00 (10 min ago)',
      Status: 'Offline',
    });
  });

  it('lists every reading of a multi-reading device', () => {
    render(withTheme(darkTheme, <DeviceTooltip device={referenceDevice('/solar-plant/solar')} now={NOW} timeZone="utc" />));
    const tooltip = screen.getByTestId(TEST_IDS.tooltip);
    expect(entries(tooltip)).toMatchObject({ Room: '—', power_w: '3.25 kW', voltage: '231 V', current: '14.1 A', Status: 'Online' });
  });
});

import { render, screen, within } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';

import { referenceDevice } from '../../../tests/support/model.js';
import { darkTheme, withTheme } from '../../../tests/support/render.js';
import { TEST_IDS } from '../../testIds.js';
import type { DeviceModel } from '../../types.js';
import { DeviceTile, deviceLabel } from './DeviceTile.js';
import { DEVICE_COLOR } from './DeviceTile.styles.js';

const renderTile = (device: DeviceModel, clickable = false) =>
  render(withTheme(darkTheme, <DeviceTile device={device} clickable={clickable} iconPrefix="test" />));

describe('DeviceTile', () => {
  it('shows the kind icon, the name, the value in its colour and a sparkline', () => {
    const device = referenceDevice('room3/co2-3/co2');
    const { container } = renderTile(device);
    const tile = screen.getByTestId(TEST_IDS.device);
    expect(tile.style.getPropertyValue(DEVICE_COLOR)).toBe(device.color);
    expect(tile).toHaveTextContent('co2-3');
    expect(within(tile).getByTestId(TEST_IDS.deviceValue)).toHaveTextContent('1520 ppm');
    expect(container.querySelector('[data-icon="vial"] use')).toHaveAttribute('href', '#test-vial');
    expect(within(tile).getByTestId(TEST_IDS.deviceTrend)).toBeInTheDocument();
    expect(tile).toHaveAttribute('data-status', 'ok');
    expect(within(tile).queryByTestId(TEST_IDS.deviceStatus)).toBeNull();
  });

  it('is a focusable button when a click leads somewhere, a labelled group otherwise', () => {
    const device = referenceDevice('room1/temp-1/temperature');
    const { unmount } = renderTile(device, true);
    expect(screen.getByRole('button', { name: 'temp-1, Temperature, 20.8 °C' })).toHaveAttribute('tabindex', '0');
    unmount();
    renderTile(device, false);
    expect(screen.getByRole('group', { name: 'temp-1, Temperature, 20.8 °C' })).toBeInTheDocument();
  });

  it('marks an offline device and says since when', () => {
    renderTile(referenceDevice('room4/hum-4/humidity'));
    const tile = screen.getByTestId(TEST_IDS.device);
    expect(within(tile).getByTestId(TEST_IDS.deviceStatus)).toHaveTextContent('Offline');
    expect(tile).toHaveAccessibleName('hum-4, Humidity, 48%, Offline, last seen 10 min ago');
  });

  it('lists the other readings of a device (solar voltage and current)', () => {
    renderTile(referenceDevice('/solar-plant/solar'));
    expect(screen.getByTestId(TEST_IDS.device)).toHaveTextContent('231 V · 14.1 A');
  });

  it('leaves the sparkline out when disabled', () => {
    renderTile(referenceDevice('room1/temp-1/temperature', { showSparkline: false }));
    expect(screen.queryByTestId(TEST_IDS.deviceTrend)).toBeNull();
  });
});

describe('deviceLabel', () => {
  it('mentions silence only when there is some', () => {
    const stale = referenceDevice('room5/light-5/light');
    expect(deviceLabel(stale, '425 lux')).toBe('light-5, Light, 425 lux, Stale, last seen 2 min ago');
  });
});

import { createDataFrame, FieldType } from '@grafana/data';
import { render } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';

import { NOW, times } from '../../../tests/fixtures/building.js';
import { buildingModel } from '../../../tests/support/model.js';
import { darkTheme, withTheme } from '../../../tests/support/render.js';
import { LightTiles } from './LightTiles.js';

describe('LightTiles', () => {
  it('writes names and labels as text, whatever characters they hold', () => {
    const name = `<b onclick="x">'a' & "b"</b>`;
    const frame = createDataFrame({
      name: 'temperature',
      fields: [
        { name: 'Time', type: FieldType.time, values: times(NOW, 2) },
        { name: 'Value', type: FieldType.number, values: [20, 21], labels: { room: 'r&d', device: name } },
      ],
    });
    const devices = buildingModel([frame]).rooms[0]!.devices;
    const { container } = render(withTheme(darkTheme, <LightTiles devices={devices} deviceUrlSet={false} className="x" style={{}} />));
    const tile = container.querySelector('[data-device-key]')!;
    expect(container.querySelectorAll('b')).toHaveLength(0);
    expect(tile.textContent).toBe(name);
    expect(tile.getAttribute('data-device')).toBe(name);
    expect(tile.getAttribute('data-device-key')).toBe(`r&d/${name}/temperature`);
    expect(tile.getAttribute('aria-label')).toBe(`${name}, Temperature, 21 °C`);
    expect(tile.getAttribute('role')).toBe('group');
  });
});

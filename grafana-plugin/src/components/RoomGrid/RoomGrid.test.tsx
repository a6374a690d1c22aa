import { render, screen } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';

import { buildingModel } from '../../../tests/support/model.js';
import { darkTheme, withTheme } from '../../../tests/support/render.js';
import { TEST_IDS } from '../../testIds.js';
import { RoomGrid } from './RoomGrid.js';

describe('RoomGrid', () => {
  it('packs every room in as many columns as fit, in the given order', () => {
    const { rooms } = buildingModel();
    render(
      withTheme(
        darkTheme,
        <RoomGrid rooms={rooms} roomMinWidth={260} roomClickable={false} deviceUrlSet={false} tileMinWidth={100} iconPrefix="t" />
      )
    );
    const grid = screen.getByTestId(TEST_IDS.grid);
    expect(grid.style.gridTemplateColumns).toBe('repeat(auto-fill, minmax(260px, 1fr))');
    expect(screen.getAllByTestId(TEST_IDS.room).map((room) => room.dataset.room)).toEqual(rooms.map((room) => room.title));
  });
});

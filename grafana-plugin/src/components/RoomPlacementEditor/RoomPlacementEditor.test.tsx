import { fireEvent, render, screen } from '@testing-library/react';
import React from 'react';
import { describe, expect, it, vi } from 'vitest';

import { referenceBuilding } from '../../../tests/fixtures/building.js';
import { darkTheme, withTheme } from '../../../tests/support/render.js';
import { DEFAULT_OPTIONS } from '../../constants.js';
import type { RoomPlacement } from '../../types.js';
import { RoomPlacementEditor } from './RoomPlacementEditor.js';

const item = { id: 'floorPlanRooms', name: 'Rooms on the plan' };

function renderEditor(value: RoomPlacement[], onChange = vi.fn()) {
  render(
    withTheme(
      darkTheme,
      <RoomPlacementEditor value={value} onChange={onChange} item={item} context={{ data: referenceBuilding(), options: DEFAULT_OPTIONS }} />
    )
  );
  return onChange;
}

describe('RoomPlacementEditor', () => {
  it('offers to place every room of the data when none is placed', () => {
    const onChange = renderEditor([]);
    expect(screen.getByText('No room is pinned: the panel packs rooms in a grid.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Place all rooms' }));
    const placements = onChange.mock.calls[0]![0] as RoomPlacement[];
    expect(placements.map((placement) => placement.room)).toEqual(['room1', 'room2', 'room3', 'room4', 'room5', 'Site']);
  });

  it('edits, validates on blur, adds and removes placements', () => {
    const placements = [{ room: 'room1', x: 0, y: 0, width: 50, height: 50 }];
    const onChange = renderEditor(placements);
    fireEvent.change(screen.getByLabelText('Left % of room1'), { target: { value: '70' } });
    expect(onChange).toHaveBeenLastCalledWith([{ room: 'room1', x: 70, y: 0, width: 50, height: 50 }]);

    fireEvent.blur(screen.getByLabelText('Width % of room1'));
    expect(onChange).toHaveBeenLastCalledWith([{ room: 'room1', x: 0, y: 0, width: 50, height: 50 }]);

    fireEvent.click(screen.getByRole('button', { name: 'Add room' }));
    expect(onChange).toHaveBeenLastCalledWith([...placements, { room: 'room2', x: 0, y: 0, width: 25, height: 25 }]);

    fireEvent.click(screen.getByRole('button', { name: 'Remove room1' }));
    expect(onChange).toHaveBeenLastCalledWith([]);
  });

  it('suggests the rooms found in the data', () => {
    renderEditor([{ room: 'room1', x: 0, y: 0, width: 50, height: 50 }]);
    const options = [...document.querySelectorAll('datalist option')].map((option) => option.getAttribute('value'));
    expect(options).toEqual(['room1', 'room2', 'room3', 'room4', 'room5', 'Site']);
  });
});

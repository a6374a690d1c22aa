import { render, screen, within } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';

import { buildingModel } from '../../../tests/support/model.js';
import { darkTheme, withTheme } from '../../../tests/support/render.js';
import { TEST_IDS } from '../../testIds.js';
import type { RoomModel } from '../../types.js';
import { RoomCard } from './RoomCard.js';

const rooms = buildingModel().rooms;
const renderCard = (room: RoomModel, roomClickable = false, deviceUrlSet = false) =>
  render(
    withTheme(
      darkTheme,
      <RoomCard room={room} roomClickable={roomClickable} deviceUrlSet={deviceUrlSet} tileMinWidth={100} iconPrefix="t" />
    )
  );

describe('RoomCard', () => {
  it('names the room, summarises it and holds its devices', () => {
    renderCard(rooms[2]!);
    const card = screen.getByRole('group', { name: 'room3: co2-3 1520 ppm' });
    expect(within(card).getByTestId(TEST_IDS.roomTitle)).toHaveTextContent('room3');
    expect(within(card).getByTestId(TEST_IDS.roomSummary)).toHaveTextContent('co2-3 1520 ppm');
    expect(within(card).getAllByTestId(TEST_IDS.device)).toHaveLength(4);
  });

  it('takes the colour of its worst device', () => {
    renderCard(rooms[2]!);
    expect(screen.getByTestId(TEST_IDS.room).style.borderTopColor).toBe('rgb(242, 73, 92)');
  });

  it('makes the title a button only when a room dashboard is set and the room has a name', () => {
    const { unmount } = renderCard(rooms[0]!, true);
    expect(screen.getByRole('button', { name: 'Open the dashboard of room1' })).toHaveAttribute('data-room-key', 'room1');
    unmount();
    renderCard(rooms[5]!, true);
    expect(screen.queryByRole('button', { name: /Open the dashboard/ })).toBeNull();
    expect(screen.getByTestId(TEST_IDS.roomTitle)).toHaveTextContent('Site');
  });

  it('makes tiles buttons when the device dashboard is set', () => {
    renderCard(rooms[0]!, false, true);
    expect(screen.getAllByRole('button')).toHaveLength(4);
  });
});

import { render, screen, within } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';

import { NOW } from '../../../tests/fixtures/building.js';
import { buildingModel } from '../../../tests/support/model.js';
import { darkTheme, withTheme } from '../../../tests/support/render.js';
import { TEST_IDS } from '../../testIds.js';
import { FloorPlan, placeRooms } from './FloorPlan.js';

const { rooms } = buildingModel();
const cardProps = { roomMinWidth: 240, roomClickable: false, deviceUrlSet: false, tileMinWidth: 100, now: NOW, iconPrefix: 't' };

describe('placeRooms', () => {
  it('matches placements to rooms by title, first placement wins, unknown rooms ignored', () => {
    const { placed, unplaced } = placeRooms(rooms, [
      { room: 'room2', x: 0, y: 0, width: 10, height: 10 },
      { room: 'room2', x: 50, y: 50, width: 10, height: 10 },
      { room: 'attic', x: 0, y: 0, width: 10, height: 10 },
      { room: 'Site', x: 80, y: 0, width: 20, height: 20 },
    ]);
    expect(placed.map(({ room, placement }) => `${room.title}@${placement.x}`)).toEqual(['room2@0', 'Site@80']);
    expect(unplaced.map((room) => room.title)).toEqual(['room1', 'room3', 'room4', 'room5']);
  });
});

describe('FloorPlan', () => {
  it('draws the plan at the given height with the background image and the rooms where pinned', () => {
    render(
      withTheme(
        darkTheme,
        <FloorPlan
          rooms={rooms}
          plan={{ imageUrl: 'https://example.com/plan.png', rooms: rooms.map((room, i) => ({ room: room.title, x: i * 15, y: 10, width: 15, height: 40 })) }}
          height={500}
          {...cardProps}
        />
      )
    );
    const plan = screen.getByTestId(TEST_IDS.floorPlan);
    expect(plan.style.height).toBe('500px');
    expect(plan.style.backgroundImage).toBe('url("https://example.com/plan.png")');
    const slots = within(plan).getAllByTestId(TEST_IDS.room).map((room) => room.parentElement!.style);
    expect(slots[1]).toMatchObject({ left: '15%', top: '10%', width: '15%', height: '40%' });
    expect(screen.queryByTestId(TEST_IDS.unplaced)).toBeNull();
  });

  it('shows every room below an empty plan', () => {
    render(withTheme(darkTheme, <FloorPlan rooms={rooms} plan={{ imageUrl: '', rooms: [] }} height={300} {...cardProps} />));
    expect(screen.getByTestId(TEST_IDS.floorPlan).style.backgroundImage).toBe('');
    expect(within(screen.getByTestId(TEST_IDS.unplaced)).getAllByTestId(TEST_IDS.room)).toHaveLength(6);
    expect(screen.getByText('Not on the floor plan')).toBeInTheDocument();
  });
});

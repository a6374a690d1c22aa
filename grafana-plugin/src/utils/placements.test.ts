import { describe, expect, it } from 'vitest';

import { referenceBuilding } from '../../tests/fixtures/building.js';
import { DEFAULT_OPTIONS } from '../constants.js';
import { autoPlace, normalisePlacement, roomTitlesInData } from './placements.js';

describe('normalisePlacement', () => {
  it('keeps a valid placement', () => {
    expect(normalisePlacement({ room: 'room1', x: 10, y: 20, width: 30, height: 40 })).toEqual({ room: 'room1', x: 10, y: 20, width: 30, height: 40 });
  });

  it('parses numbers stored as text and keeps the room inside the plan', () => {
    expect(normalisePlacement({ room: ' hall ', x: '90', y: -5, width: 50, height: 0 })).toEqual({ room: 'hall', x: 90, y: 0, width: 10, height: 1 });
  });

  it('drops placements without a room or with non-numbers', () => {
    expect(normalisePlacement({ room: '', x: 0, y: 0, width: 10, height: 10 })).toBeUndefined();
    expect(normalisePlacement({ room: 'r', x: 'left', y: 0, width: 10, height: 10 })).toBeUndefined();
  });
});

describe('room titles and auto placement', () => {
  it('lists the rooms of the data, with the no-room card', () => {
    expect(roomTitlesInData(referenceBuilding(), DEFAULT_OPTIONS)).toEqual(['room1', 'room2', 'room3', 'room4', 'room5', 'Site']);
  });

  it('lays rooms out in a near-square grid inside the plan', () => {
    const placements = autoPlace(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(placements).toHaveLength(6);
    expect(placements[0]).toEqual({ room: 'a', x: 0, y: 0, width: 33.3, height: 50 });
    expect(placements[5]).toEqual({ room: 'f', x: 66.6, y: 50, width: 33.3, height: 50 });
    for (const placement of placements) {
      expect(placement.x + placement.width).toBeLessThanOrEqual(100);
      expect(placement.y + placement.height).toBeLessThanOrEqual(100);
    }
  });
});

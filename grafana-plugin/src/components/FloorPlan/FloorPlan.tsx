import React from 'react';

import { useThemeStyles } from '../../hooks/useThemeStyles.js';
import { TEST_IDS } from '../../testIds.js';
import type { FloorPlanOptions, RoomModel, RoomPlacement } from '../../types.js';
import { RoomCard } from '../RoomCard/index.js';
import { RoomGrid, type RoomGridProps } from '../RoomGrid/index.js';
import { getStyles } from './FloorPlan.styles.js';

export interface FloorPlanProps extends Omit<RoomGridProps, 'testId'> {
  plan: FloorPlanOptions;
  /** Height of the plan in pixels; positions are percent of it and of the panel's width. */
  height: number;
}

/** Rooms pinned where the user placed them over an optional background image; the rest in a grid below. */
export function FloorPlan({ plan, height, rooms, roomMinWidth, ...cardProps }: FloorPlanProps) {
  const styles = useThemeStyles(getStyles);
  const { placed, unplaced } = placeRooms(rooms, plan.rooms);
  return (
    <>
      <div
        className={styles.plan}
        style={{ height, backgroundImage: plan.imageUrl ? `url(${JSON.stringify(plan.imageUrl)})` : undefined }}
        data-testid={TEST_IDS.floorPlan}
      >
        {placed.map(({ room, placement }) => (
          <div
            key={room.key}
            className={styles.slot}
            style={{ left: `${placement.x}%`, top: `${placement.y}%`, width: `${placement.width}%`, height: `${placement.height}%` }}
          >
            <RoomCard room={room} {...cardProps} />
          </div>
        ))}
      </div>
      {unplaced.length > 0 && (
        <div className={styles.unplaced}>
          <h6 className={styles.unplacedTitle}>Not on the floor plan</h6>
          <RoomGrid rooms={unplaced} roomMinWidth={roomMinWidth} testId={TEST_IDS.unplaced} {...cardProps} />
        </div>
      )}
    </>
  );
}

/** Matches placements to rooms by title; a room placed twice takes its first placement. */
export function placeRooms(rooms: RoomModel[], placements: RoomPlacement[]) {
  const byTitle = new Map(rooms.map((room) => [room.title, room]));
  const placed: Array<{ room: RoomModel; placement: RoomPlacement }> = [];
  const used = new Set<string>();
  for (const placement of placements) {
    const room = byTitle.get(placement.room);
    if (room && !used.has(room.key)) {
      used.add(room.key);
      placed.push({ room, placement });
    }
  }
  return { placed, unplaced: rooms.filter((room) => !used.has(room.key)) };
}

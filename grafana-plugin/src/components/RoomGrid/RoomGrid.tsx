import React from 'react';

import { useScreenTracker } from '../../hooks/useOnScreen.js';
import { useThemeStyles } from '../../hooks/useThemeStyles.js';
import { TEST_IDS } from '../../testIds.js';
import type { RoomModel } from '../../types.js';
import { RoomCard, type RoomCardProps } from '../RoomCard/index.js';
import { getStyles } from './RoomGrid.styles.js';

export interface RoomGridProps extends Omit<RoomCardProps, 'room' | 'tracker' | 'roomMinWidth'> {
  rooms: RoomModel[];
  roomMinWidth: number;
  testId?: string;
}

/** Rooms packed in as many columns as the panel's width allows; tiles drawn in full only near the screen. */
export function RoomGrid({ rooms, roomMinWidth, testId = TEST_IDS.grid, ...cardProps }: RoomGridProps) {
  const styles = useThemeStyles(getStyles);
  const tracker = useScreenTracker();
  return (
    <div className={styles.grid} style={{ gridTemplateColumns: `repeat(auto-fill, minmax(${roomMinWidth}px, 1fr))` }} data-testid={testId}>
      {rooms.map((room) => (
        <RoomCard key={room.key} room={room} tracker={tracker} roomMinWidth={roomMinWidth} {...cardProps} />
      ))}
    </div>
  );
}

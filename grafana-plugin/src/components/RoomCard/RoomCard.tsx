import React, { memo, useMemo, useRef } from 'react';

import { useOnScreen, type ScreenTracker } from '../../hooks/useOnScreen.js';
import { useThemeStyles } from '../../hooks/useThemeStyles.js';
import { TEST_IDS } from '../../testIds.js';
import type { RoomModel } from '../../types.js';
import { DeviceTile, LightTiles } from '../DeviceTile/index.js';
import { estimatedRoomHeight, getStyles } from './RoomCard.styles.js';

export interface RoomCardProps {
  room: RoomModel;
  /** Room title opens the room dashboard. */
  roomClickable: boolean;
  /** Device tiles lead somewhere when clicked (links or dashboard). */
  deviceUrlSet: boolean;
  tileMinWidth: number;
  iconPrefix: string;
  /** Follows which rooms are near the screen (their tiles drawn in full); without one, every tile is. */
  tracker?: ScreenTracker;
  /** The narrowest the room may be, in a grid: sizes the room before it is first drawn. */
  roomMinWidth?: number;
}

/**
 * A room: its title and one-line summary, framed in the colour of its worst device, above its
 * device tiles. Re-renders only when its room model changes, i.e. when one of its devices did,
 * or when it comes near the screen or leaves it (its tiles are drawn in full only near it).
 */
export const RoomCard = memo(function RoomCard({ room, roomClickable, deviceUrlSet, tileMinWidth, iconPrefix, tracker, roomMinWidth }: RoomCardProps) {
  const styles = useThemeStyles(getStyles);
  const ref = useRef<HTMLDivElement>(null);
  const onScreen = useOnScreen(ref, tracker);
  const clickableTitle = roomClickable && room.room !== undefined;
  const columns = useMemo(() => ({ gridTemplateColumns: `repeat(auto-fill, minmax(${tileMinWidth}px, 1fr))` }), [tileMinWidth]);
  return (
    <div
      ref={ref}
      role="group"
      aria-label={`${room.title}: ${room.summary}`}
      className={styles.card}
      style={{
        borderTopColor: room.color,
        containIntrinsicSize: roomMinWidth ? `auto ${estimatedRoomHeight(room.devices.length, roomMinWidth, tileMinWidth)}px` : undefined,
      }}
      data-testid={TEST_IDS.room}
      data-room={room.title}
    >
      <div className={styles.header}>
        {clickableTitle ? (
          <button
            type="button"
            className={styles.titleButton}
            data-room-key={room.key}
            data-testid={TEST_IDS.roomTitle}
            aria-label={`Open the dashboard of ${room.title}`}
          >
            {room.title}
          </button>
        ) : (
          <span className={styles.title} data-testid={TEST_IDS.roomTitle}>
            {room.title}
          </span>
        )}
        <span className={styles.summary} title={room.summary} data-testid={TEST_IDS.roomSummary}>
          {room.summary}
        </span>
      </div>
      {onScreen ? (
        <div className={styles.devices} style={columns}>
          {room.devices.map((device) => (
            <DeviceTile key={device.key} device={device} clickable={device.hasLinks || deviceUrlSet} iconPrefix={iconPrefix} />
          ))}
        </div>
      ) : (
        <LightTiles devices={room.devices} deviceUrlSet={deviceUrlSet} className={styles.devices} style={columns} />
      )}
    </div>
  );
});

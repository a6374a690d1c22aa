import type { PanelProps } from '@grafana/data';
import { ContextMenu, Icon, MenuItem, Portal, useStyles2, VizTooltipContainer } from '@grafana/ui';
import React, { useCallback, useId, type KeyboardEvent, type MouseEvent } from 'react';

import { useActivation, type LinkMenu } from '../../hooks/useActivation.js';
import { useBuilding } from '../../hooks/useBuilding.js';
import { useHoveredDevice, type HoveredDevice } from '../../hooks/useHoveredDevice.js';
import { TEST_IDS } from '../../testIds.js';
import type { BuildingOptions } from '../../types.js';
import { DeviceTooltip } from '../DeviceTooltip/index.js';
import { FloorPlan } from '../FloorPlan/index.js';
import { KindIconSprite } from '../KindIcon/index.js';
import { RoomGrid } from '../RoomGrid/index.js';
import { getStyles } from './BuildingPanel.styles.js';

export type BuildingPanelProps = PanelProps<BuildingOptions>;

/** The building at a glance: rooms from the data's labels, each with its devices. */
export function BuildingPanel({ data, options, fieldConfig, width, height, timeRange, timeZone, replaceVariables }: BuildingPanelProps) {
  const styles = useStyles2(getStyles);
  const iconPrefix = `sensorplus-kind${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const building = useBuilding(data.series, options, fieldConfig, timeRange, timeZone);
  const { activate, menu, closeMenu } = useActivation({ building, options, replaceVariables, timeRange });
  const { hovered, onMouseOver, onFocus, clear } = useHoveredDevice(building);

  const onClick = useCallback(
    (event: MouseEvent<HTMLDivElement>) => {
      activate(event.target as Element, { x: event.clientX, y: event.clientY }, event);
    },
    [activate]
  );

  // Tiles are divs, so Enter and Space are handled here; room titles are buttons and click natively.
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      const target = event.target as HTMLElement;
      if (event.key === 'Escape') {
        clear();
        return;
      }
      if ((event.key !== 'Enter' && event.key !== ' ') || !target.dataset.deviceKey) {
        return;
      }
      const box = target.getBoundingClientRect();
      if (activate(target, { x: box.left + box.width / 2, y: box.bottom }, event)) {
        event.preventDefault();
      }
    },
    [activate, clear]
  );

  if (building.rooms.length === 0) {
    return <EmptyState width={width} height={height} />;
  }

  const cardProps = {
    rooms: building.rooms,
    roomMinWidth: options.roomMinWidth,
    roomClickable: Boolean(options.roomUrl),
    deviceUrlSet: Boolean(options.deviceUrl),
    tileMinWidth: options.tileMinWidth,
    iconPrefix,
  };
  return (
    // Clicks, keys, hover and focus bubble up from the tiles, which carry the roles and labels.
    <div
      className={styles.panel}
      style={{ width, height }}
      data-testid={TEST_IDS.panel}
      onClick={onClick}
      onKeyDown={onKeyDown}
      onMouseOver={onMouseOver}
      onMouseLeave={clear}
      onFocus={onFocus}
      onBlur={clear}
      onScroll={clear}
    >
      <KindIconSprite prefix={iconPrefix} />
      {options.layout === 'floorplan' ? <FloorPlan plan={options.floorPlan} height={height - 2} {...cardProps} /> : <RoomGrid {...cardProps} />}
      {hovered && !menu && <TileTooltip hovered={hovered} now={building.now} timeZone={timeZone} />}
      {menu && <LinksMenu menu={menu} onClose={closeMenu} />}
    </div>
  );
}

function TileTooltip({ hovered, now, timeZone }: { hovered: HoveredDevice; now: number; timeZone: string }) {
  return (
    <Portal>
      <VizTooltipContainer position={{ x: hovered.x, y: hovered.y }} offset={{ x: 0, y: 6 }} role="tooltip">
        <DeviceTooltip device={hovered.device} now={now} timeZone={timeZone} />
      </VizTooltipContainer>
    </Portal>
  );
}

function EmptyState({ width, height }: { width: number; height: number }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.empty} style={{ width, height }} data-testid={TEST_IDS.empty}>
      <Icon name="building" size="xl" aria-hidden />
      <div>No devices in the data.</div>
      <div>Query series labelled with a room and a device, or a table with room, device, kind, value and time columns.</div>
    </div>
  );
}

function LinksMenu({ menu, onClose }: { menu: LinkMenu; onClose: () => void }) {
  return (
    <ContextMenu
      x={menu.x}
      y={menu.y}
      onClose={onClose}
      focusOnOpen
      renderMenuItems={() =>
        menu.links.map((link, index) => (
          <MenuItem
            key={`${index}-${link.href}`}
            label={link.title || link.href}
            url={link.href}
            target={link.target}
            onClick={link.onClick ? (event) => link.onClick?.(event) : undefined}
          />
        ))
      }
    />
  );
}

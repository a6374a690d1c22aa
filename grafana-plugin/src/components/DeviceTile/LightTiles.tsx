import { formattedValueToString } from '@grafana/data';
import React, { memo, useLayoutEffect, useRef, type CSSProperties } from 'react';

import { useThemeStyles } from '../../hooks/useThemeStyles.js';
import { TEST_IDS } from '../../testIds.js';
import type { DeviceModel } from '../../types.js';
import { deviceLabel } from './DeviceTile.js';
import { getStyles } from './DeviceTile.styles.js';

export interface LightTilesProps {
  devices: readonly DeviceModel[];
  /** Tiles lead somewhere when clicked (the device dashboard), besides devices with data links. */
  deviceUrlSet: boolean;
  className: string;
  style: CSSProperties;
}

/**
 * The tiles of a room off screen, as light placeholders: each the tile element DeviceTile draws,
 * with its role, label, test id, data and class, and the device's name as its only content. Written
 * as one HTML string when the room goes off screen (the parser makes 2,000 of them several times
 * faster than React element by element), then patched in place, tile by tile, for the devices whose
 * model changed. Clicks, keys and the tooltip reach them through the panel's delegation as they
 * reach full tiles.
 */
export const LightTiles = memo(function LightTiles({ devices, deviceUrlSet, className, style }: LightTilesProps) {
  const { tile } = useThemeStyles(getStyles);
  const ref = useRef<HTMLDivElement>(null);
  const drawn = useRef<{ devices: readonly DeviceModel[]; deviceUrlSet: boolean; tile: string }>(undefined);
  useLayoutEffect(() => {
    const container = ref.current;
    if (!container) {
      return;
    }
    const before = drawn.current;
    if (before && before.deviceUrlSet === deviceUrlSet && before.tile === tile && sameKeys(before.devices, devices)) {
      devices.forEach((device, index) => {
        if (device !== before.devices[index]) {
          patchTile(container.children[index]!, lightTileAttributes(device, deviceUrlSet, tile));
        }
      });
    } else {
      container.innerHTML = devices.map((device) => lightTileHtml(device, deviceUrlSet, tile)).join('');
    }
    drawn.current = { devices, deviceUrlSet, tile };
  }, [devices, deviceUrlSet, tile]);
  return <div ref={ref} className={className} style={style} />;
});

/** The attributes of a tile element as DeviceTile renders them (a unit test keeps the two the same). */
export function lightTileAttributes(device: DeviceModel, deviceUrlSet: boolean, tileClass: string): Array<[string, string]> {
  return [
    ['role', device.hasLinks || deviceUrlSet ? 'button' : 'group'],
    ['tabindex', '0'],
    ['aria-label', deviceLabel(device, formattedValueToString(device.display))],
    ['data-testid', TEST_IDS.device],
    ['data-device-key', device.key],
    ['data-device', device.id],
    ['data-kind', device.kind],
    ['data-status', device.status],
    ['class', tileClass],
  ];
}

function lightTileHtml(device: DeviceModel, deviceUrlSet: boolean, tileClass: string): string {
  let html = '<div';
  for (const [name, value] of lightTileAttributes(device, deviceUrlSet, tileClass)) {
    html += ` ${name}="${escapeHtml(value)}"`;
  }
  return `${html}>${escapeHtml(device.id)}</div>`;
}

/** Sets what changed; the name (the text) belongs to the key, which did not. */
function patchTile(element: Element, attributes: Array<[string, string]>): void {
  for (const [name, value] of attributes) {
    if (element.getAttribute(name) !== value) {
      element.setAttribute(name, value);
    }
  }
}

function sameKeys(a: readonly DeviceModel[], b: readonly DeviceModel[]): boolean {
  return a.length === b.length && a.every((device, index) => device.key === b[index]!.key);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const SPECIAL = /[&<>"']/;

function escapeHtml(text: string): string {
  // Most names, keys and labels have nothing to escape: test before replacing (18,000 values per mount).
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (char) => ENTITIES[char]!) : text;
}

import { useCallback, useState, type FocusEvent, type MouseEvent } from 'react';

import type { DeviceModel } from '../types.js';
import type { BuildingModel } from '../utils/building.js';

export interface HoveredDevice {
  device: DeviceModel;
  /** Viewport coordinates of the tile's bottom-left corner. */
  x: number;
  y: number;
}

export interface HoverHandlers {
  hovered: HoveredDevice | null;
  onMouseOver: (event: MouseEvent<HTMLElement>) => void;
  onFocus: (event: FocusEvent<HTMLElement>) => void;
  clear: () => void;
}

/**
 * Which tile the pointer or keyboard focus is on, found by delegation from the panel root,
 * so that one tooltip serves every tile.
 */
export function useHoveredDevice(building: BuildingModel): HoverHandlers {
  const [hovered, setHovered] = useState<HoveredDevice | null>(null);

  const show = useCallback(
    (target: EventTarget) => {
      const tile = target instanceof Element ? target.closest<HTMLElement>('[data-device-key]') : null;
      const device = tile?.dataset.deviceKey ? building.devices.get(tile.dataset.deviceKey) : undefined;
      if (!tile || !device) {
        setHovered(null);
        return;
      }
      const box = tile.getBoundingClientRect();
      // Keep the same object while on the same tile, so moving inside it does not re-render.
      setHovered((current) => (current?.device === device ? current : { device, x: box.left, y: box.bottom }));
    },
    [building]
  );

  const onMouseOver = useCallback((event: MouseEvent<HTMLElement>) => show(event.target), [show]);
  const onFocus = useCallback((event: FocusEvent<HTMLElement>) => show(event.target), [show]);
  const clear = useCallback(() => setHovered(null), []);
  return { hovered, onMouseOver, onFocus, clear };
}

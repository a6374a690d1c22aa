import type { InterpolateFunction, LinkModel, TimeRange } from '@grafana/data';
import { useCallback, useState } from 'react';

import type { BuildingOptions, DeviceModel, RoomModel } from '../types.js';
import type { BuildingModel } from '../utils/building.js';
import { dashboardUrl, followLink, openUrl } from '../utils/navigation.js';

export interface LinkMenu {
  x: number;
  y: number;
  links: LinkModel[];
}

export interface Activation {
  /** Handles a click or Enter/Space on a tile or a room title; true when it was one. */
  activate: (target: Element, point: { x: number; y: number }, event?: unknown) => boolean;
  menu: LinkMenu | null;
  closeMenu: () => void;
}

interface ActivationInput {
  building: BuildingModel;
  options: BuildingOptions;
  replaceVariables: InterpolateFunction;
  timeRange: TimeRange;
}

/**
 * One handler for every tile and room title (event delegation keeps 2,000 tiles cheap):
 * data links first, a menu when there are several, else the device or room dashboard.
 */
export function useActivation({ building, options, replaceVariables, timeRange }: ActivationInput): Activation {
  const [menu, setMenu] = useState<LinkMenu | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);

  const openDevice = useCallback(
    (device: DeviceModel, point: { x: number; y: number }, event?: unknown) => {
      const links = device.hasLinks ? device.getLinks() : [];
      if (links.length > 1) {
        setMenu({ ...point, links });
      } else if (links[0]) {
        followLink(links[0], event);
      } else if (options.deviceUrl) {
        const time = options.keepTime ? timeRange : undefined;
        openUrl(dashboardUrl(replaceVariables(options.deviceUrl), { device: device.id, room: device.room }, time));
      }
    },
    [options.deviceUrl, options.keepTime, replaceVariables, timeRange]
  );

  const openRoom = useCallback(
    (room: RoomModel) => {
      if (options.roomUrl && room.room !== undefined) {
        const time = options.keepTime ? timeRange : undefined;
        openUrl(dashboardUrl(replaceVariables(options.roomUrl), { room: room.room }, time));
      }
    },
    [options.roomUrl, options.keepTime, replaceVariables, timeRange]
  );

  const activate = useCallback(
    (target: Element, point: { x: number; y: number }, event?: unknown) => {
      const deviceElement = target.closest<HTMLElement>('[data-device-key]');
      const device = deviceElement?.dataset.deviceKey ? building.devices.get(deviceElement.dataset.deviceKey) : undefined;
      if (device) {
        openDevice(device, point, event);
        return true;
      }
      const roomElement = target.closest<HTMLElement>('[data-room-key]');
      const room = building.rooms.find((candidate) => candidate.key === roomElement?.dataset.roomKey);
      if (room) {
        openRoom(room);
        return true;
      }
      return false;
    },
    [building, openDevice, openRoom]
  );

  return { activate, menu, closeMenu };
}

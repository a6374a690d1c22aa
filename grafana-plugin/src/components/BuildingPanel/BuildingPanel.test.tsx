import { createDataFrame, FieldType, type FieldConfigSource } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { largeBuilding, NOW, referenceBuildingSql } from '../../../tests/fixtures/building.js';
import { darkTheme, lightTheme, renderPanel } from '../../../tests/support/render.js';
import { TEST_IDS } from '../../testIds.js';
import { DEVICE_COLOR } from '../DeviceTile/DeviceTile.styles.js';

const rooms = () => screen.getAllByTestId(TEST_IDS.room);
const tile = (device: string) => screen.getAllByTestId(TEST_IDS.device).find((element) => element.dataset.device === device)!;
const tileColor = (device: string) => tile(device).style.getPropertyValue(DEVICE_COLOR);
const rgb = (hex: string) => {
  const value = parseInt(hex.slice(1), 16);
  return `rgb(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255})`;
};

beforeEach(() => locationService.push('/d/building'));

describe('BuildingPanel with the reference building', () => {
  it('shows five rooms and the solar plant, with 21 devices', () => {
    renderPanel();
    expect(rooms().map((room) => room.dataset.room)).toEqual(['room1', 'room2', 'room3', 'room4', 'room5', 'Site']);
    expect(screen.getAllByTestId(TEST_IDS.device)).toHaveLength(21);
    expect(within(rooms()[0]!).getAllByTestId(TEST_IDS.device).map((element) => element.dataset.device)).toEqual([
      'temp-1',
      'hum-1',
      'co2-1',
      'light-1',
    ]);
  });

  it('shows values with units and threshold colours from the theme', () => {
    const { theme } = renderPanel();
    const co2 = within(tile('co2-3')).getByTestId(TEST_IDS.deviceValue);
    expect(co2).toHaveTextContent('1520 ppm');
    // The value, the border and the sparkline read the tile's colour variable (the browser test checks the computed colours).
    expect(tileColor('co2-3')).toBe(theme.visualization.getColorByName('red'));
    expect(tileColor('temp-2')).toBe(theme.visualization.getColorByName('orange'));
  });

  it('colours each room by its worst device and says why', () => {
    const { theme } = renderPanel();
    const room3 = rooms()[2]!;
    expect(room3.style.borderTopColor).toBe(rgb(theme.visualization.getColorByName('red')));
    expect(within(room3).getByTestId(TEST_IDS.roomSummary)).toHaveTextContent('co2-3 1520 ppm');
    expect(rooms()[0]!.style.borderTopColor).toBe(rgb(theme.visualization.getColorByName('green')));
  });

  it('marks the silent device offline and the late one stale', () => {
    renderPanel();
    expect(tile('hum-4').dataset.status).toBe('offline');
    expect(within(tile('hum-4')).getByTestId(TEST_IDS.deviceStatus)).toHaveTextContent('Offline');
    expect(tile('hum-4')).toHaveAccessibleName('hum-4, Humidity, 48%, Offline, last seen 10 min ago');
    expect(tile('light-5').dataset.status).toBe('stale');
    expect(within(rooms()[3]!).getByTestId(TEST_IDS.roomSummary)).toHaveTextContent('1 offline');
  });

  it('uses the same layout in the light theme, with light colours', () => {
    renderPanel({ theme: lightTheme });
    expect(screen.getAllByTestId(TEST_IDS.device)).toHaveLength(21);
    expect(tileColor('co2-3')).toBe(lightTheme.visualization.getColorByName('red'));
    expect(lightTheme.visualization.getColorByName('red')).not.toBe(darkTheme.visualization.getColorByName('red'));
  });

  it('renders the long SQL table the same way', () => {
    renderPanel({ frames: referenceBuildingSql() });
    expect(rooms()).toHaveLength(6);
    expect(screen.getAllByTestId(TEST_IDS.device)).toHaveLength(21);
    expect(tile('hum-4').dataset.status).toBe('offline');
  });
});

describe('BuildingPanel tooltip', () => {
  it('shows one tooltip for the tile under the pointer or in focus, and hides it on leave', () => {
    renderPanel();
    fireEvent.mouseOver(within(tile('hum-4')).getByTestId(TEST_IDS.deviceValue));
    const tooltip = screen.getByRole('tooltip');
    expect(within(tooltip).getByTestId(TEST_IDS.tooltip)).toHaveTextContent('hum-4');
    expect(tooltip).toHaveTextContent('10 min ago');
    fireEvent.focus(tile('co2-3'));
    expect(screen.getAllByRole('tooltip')).toHaveLength(1);
    expect(screen.getByRole('tooltip')).toHaveTextContent('co2-3');
    fireEvent.mouseLeave(screen.getByTestId(TEST_IDS.panel));
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('closes the tooltip with Escape', () => {
    renderPanel();
    fireEvent.focus(tile('temp-1'));
    expect(screen.getByRole('tooltip')).toBeInTheDocument();
    fireEvent.keyDown(tile('temp-1'), { key: 'Escape' });
    expect(screen.queryByRole('tooltip')).toBeNull();
  });
});

describe('BuildingPanel navigation and keyboard', () => {
  it('opens the device dashboard with var-device and var-room on click', () => {
    renderPanel({ options: { deviceUrl: '/d/sensorplus-device/device' } });
    fireEvent.click(within(tile('co2-3')).getByTestId(TEST_IDS.deviceValue));
    expect(locationService.getLocation().pathname).toBe('/d/sensorplus-device/device');
    expect(locationService.getSearchObject()).toMatchObject({ 'var-device': 'co2-3', 'var-room': 'room3', from: 'now-1h', to: 'now' });
  });

  it('opens the device dashboard from the keyboard', () => {
    renderPanel({ options: { deviceUrl: '/d/sensorplus-device/device', keepTime: false } });
    const temp = tile('temp-1');
    expect(temp).toHaveAttribute('role', 'button');
    expect(temp).toHaveAttribute('tabindex', '0');
    fireEvent.keyDown(temp, { key: 'a' });
    expect(locationService.getLocation().pathname).toBe('/d/building');
    fireEvent.keyDown(temp, { key: 'Enter' });
    expect(locationService.getLocation().search).toBe('?var-device=temp-1&var-room=room1');
  });

  it('opens the room dashboard from the room title', () => {
    renderPanel({ options: { roomUrl: '/d/sensorplus-room/room' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open the dashboard of room2' }));
    expect(locationService.getLocation().pathname).toBe('/d/sensorplus-room/room');
    expect(locationService.getSearchObject()['var-room']).toBe('room2');
    expect(screen.queryByRole('button', { name: 'Open the dashboard of Site' })).toBeNull();
  });

  it('follows a data link before the dashboard option', () => {
    const fieldConfig: FieldConfigSource = {
      defaults: { links: [{ title: 'Details', url: '/d/details?var-device=${__field.labels.device}' }] },
      overrides: [],
    };
    renderPanel({ fieldConfig, options: { deviceUrl: '/d/ignored' } });
    fireEvent.click(tile('hum-2'));
    expect(locationService.getLocation().pathname).toBe('/d/details');
    expect(locationService.getSearchObject()['var-device']).toBe('hum-2');
  });

  it('offers a menu when a device has several data links', () => {
    const fieldConfig: FieldConfigSource = {
      defaults: {
        links: [
          { title: 'History', url: '/d/history?var-device=${__field.labels.device}' },
          { title: 'Maintenance', url: '/d/maintenance' },
        ],
      },
      overrides: [],
    };
    renderPanel({ fieldConfig });
    fireEvent.click(tile('temp-3'));
    expect(screen.getByRole('menuitem', { name: 'History' })).toHaveAttribute('href', '/d/history?var-device=temp-3');
    expect(screen.getByRole('menuitem', { name: 'Maintenance' })).toBeInTheDocument();
    expect(locationService.getLocation().pathname).toBe('/d/building');
  });

  it('does nothing and offers no button without links or dashboards', () => {
    renderPanel();
    expect(tile('temp-1')).toHaveAttribute('role', 'group');
    fireEvent.click(tile('temp-1'));
    expect(locationService.getLocation().pathname).toBe('/d/building');
  });
});

describe('BuildingPanel edge cases', () => {
  it('explains what it needs when there is no data', () => {
    renderPanel({ frames: [] });
    expect(screen.getByTestId(TEST_IDS.empty)).toHaveTextContent('No devices in the data.');
  });

  it('collects a device without a room on the no-room card', () => {
    const orphan = createDataFrame({
      name: 'temperature.value { device: temp-x }',
      fields: [
        { name: 'Time', type: FieldType.time, values: [NOW] },
        { name: 'Value', type: FieldType.number, values: [22], labels: { device: 'temp-x' } },
      ],
    });
    renderPanel({ frames: [orphan], options: { noRoomTitle: 'Unassigned' } });
    expect(rooms().map((room) => room.dataset.room)).toEqual(['Unassigned']);
    expect(tile('temp-x')).toHaveAccessibleName('temp-x, Temperature, 22 °C');
  });

  it('shows NaN-only and mixed kinds without breaking', () => {
    const frames = [
      createDataFrame({
        name: 'co2.value',
        fields: [
          { name: 'Time', type: FieldType.time, values: [NOW] },
          { name: 'Value', type: FieldType.number, values: [NaN], labels: { room: 'lab', device: 'co2-nan' } },
        ],
      }),
      createDataFrame({
        name: 'switch.on',
        fields: [
          { name: 'Time', type: FieldType.time, values: [NOW] },
          { name: 'Value', type: FieldType.boolean, values: [false], labels: { room: 'lab', device: 'relay-1' } },
        ],
      }),
    ];
    renderPanel({ frames });
    expect(within(tile('co2-nan')).getByTestId(TEST_IDS.deviceValue)).toHaveTextContent('No data');
    expect(within(tile('co2-nan')).getByTestId(TEST_IDS.deviceStatus)).toHaveTextContent('No data');
    expect(within(tile('relay-1')).getByTestId(TEST_IDS.deviceValue)).toHaveTextContent('Off');
    expect(within(rooms()[0]!).getByTestId(TEST_IDS.roomSummary)).toHaveTextContent('1 no data');
  });

  it('renders 2,000 devices in 100 rooms', () => {
    renderPanel({ frames: largeBuilding(100, 20), options: { showSparkline: false } });
    expect(rooms()).toHaveLength(100);
    expect(screen.getAllByTestId(TEST_IDS.device)).toHaveLength(2000);
    expect(screen.getAllByTestId(TEST_IDS.device).filter((element) => element.dataset.status === 'offline').length).toBeGreaterThan(10);
  });
});

describe('BuildingPanel floor plan', () => {
  it('pins placed rooms and lists the others below the plan', () => {
    renderPanel({
      options: {
        layout: 'floorplan',
        floorPlan: {
          imageUrl: '/public/plan.svg',
          rooms: [
            { room: 'room1', x: 0, y: 0, width: 50, height: 50 },
            { room: 'room2', x: 50, y: 0, width: 50, height: 50 },
          ],
        },
      },
    });
    const plan = screen.getByTestId(TEST_IDS.floorPlan);
    expect(plan.style.backgroundImage).toBe('url("/public/plan.svg")');
    expect(within(plan).getAllByTestId(TEST_IDS.room).map((room) => room.dataset.room)).toEqual(['room1', 'room2']);
    expect(within(plan).getAllByTestId(TEST_IDS.room)[1]!.parentElement!.style.left).toBe('50%');
    const unplaced = screen.getByTestId(TEST_IDS.unplaced);
    expect(within(unplaced).getAllByTestId(TEST_IDS.room).map((room) => room.dataset.room)).toEqual(['room3', 'room4', 'room5', 'Site']);
  });
});

import { describe, expect, it } from 'vitest';

import exampleDashboard from '../provisioning/dashboards/building.json' with { type: 'json' };
import { DEFAULT_OPTIONS } from './constants.js';
import { migrateOptions } from './migrations.js';

const panel = (options: unknown, pluginVersion = '0.1.0') =>
  ({ id: 1, type: 'sensorplus-building-panel', options, fieldConfig: { defaults: {}, overrides: [] }, pluginVersion }) as never;

describe('migrateOptions', () => {
  it('gives a new panel every default', () => {
    expect(migrateOptions(panel(undefined, ''))).toEqual(DEFAULT_OPTIONS);
    expect(migrateOptions(panel({}))).toEqual(DEFAULT_OPTIONS);
  });

  it('keeps valid options as they are', () => {
    const options = {
      ...DEFAULT_OPTIONS,
      roomKey: 'zone',
      layout: 'floorplan',
      floorPlan: { imageUrl: '/public/img/plan.svg', rooms: [{ room: 'room1', x: 5, y: 5, width: 40, height: 30 }] },
      staleAfter: 30,
      deviceUrl: '/d/device',
    };
    expect(migrateOptions(panel(options))).toEqual(options);
  });

  it('repairs hand-edited JSON: numbers and booleans as text, unknown values, stray keys', () => {
    const migrated = migrateOptions(
      panel({ staleAfter: '45', offlineAfter: 'soon', showSparkline: 'false', layout: 'spiral', sortRooms: 'severity', legacy: 1, roomKey: '  ' })
    );
    expect(migrated.staleAfter).toBe(45);
    expect(migrated.offlineAfter).toBe(DEFAULT_OPTIONS.offlineAfter);
    expect(migrated.showSparkline).toBe(false);
    expect(migrated.layout).toBe('grid');
    expect(migrated.sortRooms).toBe('severity');
    expect(migrated.roomKey).toBe('room');
    expect(migrated).not.toHaveProperty('legacy');
  });

  it('keeps only placements that make sense, clamped to the plan', () => {
    const migrated = migrateOptions(
      panel({
        floorPlan: {
          rooms: [{ room: 'room1', x: 80, y: 10, width: 50, height: 20 }, { room: '', x: 0, y: 0, width: 1, height: 1 }, null, 'room2'],
        },
      })
    );
    expect(migrated.floorPlan).toEqual({ imageUrl: '', rooms: [{ room: 'room1', x: 80, y: 10, width: 20, height: 20 }] });
  });

  it('does not let widths fall below what the layout can draw', () => {
    expect(migrateOptions(panel({ roomMinWidth: 10, tileMinWidth: -1 }))).toMatchObject({ roomMinWidth: 120, tileMinWidth: 64 });
  });
});

describe('the example dashboard', () => {
  it('saves options in the current shape', () => {
    const panelJson = exampleDashboard.panels.find((p) => p.type === 'sensorplus-building-panel')!;
    expect(migrateOptions(panel(panelJson.options))).toEqual(panelJson.options);
  });
});

import { PanelOptionsEditorBuilder } from '@grafana/data';
import { beforeAll, describe, expect, it } from 'vitest';

import { registerGrafanaEditors } from '../tests/support/grafana.js';
import { BuildingPanel } from './components/BuildingPanel/index.js';
import { RoomPlacementEditor } from './components/RoomPlacementEditor/index.js';
import { BASE_ONLY_THRESHOLDS, DEFAULT_OPTIONS } from './constants.js';
import { plugin } from './module.js';
import type { BuildingOptions } from './types.js';

beforeAll(registerGrafanaEditors);

function optionItems() {
  const builder = new PanelOptionsEditorBuilder<BuildingOptions>();
  plugin.getPanelOptionsSupplier()(builder, { data: [] });
  return builder.getItems();
}

describe('the panel plugin', () => {
  it('renders the building panel', () => {
    expect(plugin.panel).toBe(BuildingPanel);
  });

  it('declares every option once, with the defaults from constants', () => {
    expect(plugin.defaults).toEqual(DEFAULT_OPTIONS);
    const paths = optionItems().map((item) => item.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('groups options by category and shows floor-plan options only for the floor plan', () => {
    const items = optionItems();
    expect([...new Set(items.map((item) => item.category?.[0]))]).toEqual(['Data', 'Layout', 'Floor plan', 'Devices', 'Links']);
    const floorPlanItems = items.filter((item) => item.category?.[0] === 'Floor plan');
    expect(floorPlanItems.map((item) => item.path)).toEqual(['floorPlan.imageUrl', 'floorPlan.rooms']);
    expect(floorPlanItems[1]!.editor).toBe(RoomPlacementEditor);
    for (const item of floorPlanItems) {
      expect(item.showIf?.({ ...DEFAULT_OPTIONS, layout: 'grid' }, [])).toBe(false);
      expect(item.showIf?.({ ...DEFAULT_OPTIONS, layout: 'floorplan' }, [])).toBe(true);
    }
  });

  it('starts thresholds with a base colour only, so kind presets apply until the user sets some', () => {
    expect(plugin.fieldConfigDefaults.defaults.thresholds).toEqual(BASE_ONLY_THRESHOLDS);
  });

  it('migrates saved options', async () => {
    const migrated = await plugin.onPanelMigration?.({
      id: 1,
      type: 'sensorplus-building-panel',
      options: { staleAfter: '90' } as never,
      fieldConfig: { defaults: {}, overrides: [] },
    });
    expect(migrated).toMatchObject({ staleAfter: 90, layout: 'grid' });
  });
});

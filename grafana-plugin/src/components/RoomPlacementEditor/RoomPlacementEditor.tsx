import type { StandardEditorProps } from '@grafana/data';
import { Button, IconButton, Input, Stack, useStyles2 } from '@grafana/ui';
import React, { useMemo } from 'react';

import { DEFAULT_OPTIONS } from '../../constants.js';
import { TEST_IDS } from '../../testIds.js';
import type { BuildingOptions, RoomPlacement } from '../../types.js';
import { autoPlace, normalisePlacement, roomTitlesInData } from '../../utils/placements.js';
import { getStyles } from './RoomPlacementEditor.styles.js';

type Props = StandardEditorProps<RoomPlacement[], unknown, BuildingOptions>;

const NUMBERS: Array<{ key: 'x' | 'y' | 'width' | 'height'; label: string }> = [
  { key: 'x', label: 'Left %' },
  { key: 'y', label: 'Top %' },
  { key: 'width', label: 'Width %' },
  { key: 'height', label: 'Height %' },
];

/** Edits where rooms sit on the floor plan, in percent of the plan; can seed a plan from the rooms in the data. */
export function RoomPlacementEditor({ value, onChange, context }: Props) {
  const styles = useStyles2(getStyles);
  const placements = value ?? [];
  const options = { ...DEFAULT_OPTIONS, ...context.options };
  const titles = useMemo(() => roomTitlesInData(context.data ?? [], options), [context.data, options]);
  const missing = titles.filter((title) => !placements.some((placement) => placement.room === title));

  const update = (index: number, patch: Partial<RoomPlacement>) => {
    const next = placements.map((placement, i) => (i === index ? { ...placement, ...patch } : placement));
    onChange(next);
  };
  const commit = (index: number) => {
    const fixed = normalisePlacement(placements[index] ?? {});
    if (fixed) {
      update(index, fixed);
    }
  };

  return (
    <div data-testid={TEST_IDS.placementEditor}>
      {placements.length > 0 && (
        <div className={styles.table} role="table" aria-label="Room placements">
          <span className={styles.heading}>Room</span>
          {NUMBERS.map(({ key, label }) => (
            <span key={key} className={styles.heading}>
              {label}
            </span>
          ))}
          <span />
          {placements.map((placement, index) => (
            <React.Fragment key={index}>
              <Input
                value={placement.room}
                aria-label={`Room of placement ${index + 1}`}
                list={`${TEST_IDS.placementEditor}-rooms`}
                onChange={(event) => update(index, { room: event.currentTarget.value })}
              />
              {NUMBERS.map(({ key, label }) => (
                <Input
                  key={key}
                  type="number"
                  min={0}
                  max={100}
                  value={placement[key]}
                  aria-label={`${label} of ${placement.room || `placement ${index + 1}`}`}
                  onChange={(event) => update(index, { [key]: Number(event.currentTarget.value) })}
                  onBlur={() => commit(index)}
                />
              ))}
              <IconButton
                name="trash-alt"
                aria-label={`Remove ${placement.room || `placement ${index + 1}`}`}
                onClick={() => onChange(placements.filter((_, i) => i !== index))}
              />
            </React.Fragment>
          ))}
        </div>
      )}
      <datalist id={`${TEST_IDS.placementEditor}-rooms`}>
        {titles.map((title) => (
          <option key={title} value={title} />
        ))}
      </datalist>
      {placements.length === 0 && <div className={styles.hint}>No room is pinned: the panel packs rooms in a grid.</div>}
      <Stack gap={1} wrap="wrap">
        <Button
          size="sm"
          variant="secondary"
          icon="plus"
          onClick={() => onChange([...placements, { room: missing[0] ?? '', x: 0, y: 0, width: 25, height: 25 }])}
        >
          Add room
        </Button>
        {placements.length === 0 && titles.length > 0 && (
          <Button size="sm" variant="secondary" icon="gf-grid" onClick={() => onChange(autoPlace(titles))}>
            Place all rooms
          </Button>
        )}
      </Stack>
    </div>
  );
}

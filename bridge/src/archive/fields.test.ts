import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../profiles/index.js';
import { archivedKinds } from './fields.js';

describe('archived fields, from the device profiles', () => {
  const kinds = archivedKinds(loadProfiles());
  const kind = (name: string) => kinds.find((k) => k.kind === name)!;

  it('keeps the building as before: every field, power integrated, the counter kind counted', () => {
    expect(kind('solar')).toEqual({
      kind: 'solar',
      deviceTag: 'device',
      seriesTags: [],
      fields: [
        { field: 'power_w', integrate: true, counter: false },
        { field: 'voltage', integrate: false, counter: false },
        { field: 'current', integrate: false, counter: false },
      ],
    });
    expect(kind('counter').fields).toEqual([{ field: 'value', integrate: false, counter: true }]);
    expect(kind('switch').fields).toEqual([{ field: 'on', integrate: false, counter: false }]);
  });

  it('archives the families too: the machine by its own tag, its counters, no strings', () => {
    expect(kind('production_machine')).toMatchObject({ deviceTag: 'machine', seriesTags: [] });
    const fields = kind('production_machine').fields;
    expect(fields.map((f) => f.field)).not.toContain('status');
    expect(fields.filter((f) => f.counter).map((f) => f.field)).toEqual(['cumulative_production', 'cumulative_defects']);
    expect(kind('solar_tracker').fields.filter((f) => f.integrate).map((f) => f.field)).toEqual(['power_w', 'power_actual_w']);
  });

  it('splits a multiplug into one series per port', () => {
    expect(kind('multiplug')).toMatchObject({ deviceTag: 'device', seriesTags: ['port'] });
    expect(kind('multiplug').fields.find((f) => f.field === 'power')).toEqual({ field: 'power', integrate: true, counter: false });
  });
});

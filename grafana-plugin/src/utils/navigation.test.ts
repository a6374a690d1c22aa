import { dateTime, type TimeRange } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { dashboardUrl, followLink, openUrl } from './navigation.js';

const range: TimeRange = { from: dateTime(1000), to: dateTime(2000), raw: { from: 'now-6h', to: 'now' } };

describe('dashboardUrl', () => {
  it('adds the variables and the raw time range', () => {
    expect(dashboardUrl('/d/dev/device', { device: 'temp-1', room: 'room1' }, range)).toBe(
      '/d/dev/device?var-device=temp-1&var-room=room1&from=now-6h&to=now'
    );
  });

  it('keeps existing query parameters and skips missing variables', () => {
    expect(dashboardUrl('/d/dev/device?orgId=1', { device: 'solar-plant', room: undefined })).toBe(
      '/d/dev/device?orgId=1&var-device=solar-plant'
    );
  });

  it('encodes odd identifiers', () => {
    expect(dashboardUrl('/d/x', { device: 'a,b=c d' })).toBe('/d/x?var-device=a,b%3Dc%20d');
  });

  it('writes absolute times as epoch milliseconds', () => {
    const absolute: TimeRange = { ...range, raw: { from: dateTime(1000), to: dateTime(2000) } };
    expect(dashboardUrl('/d/x', {}, absolute)).toBe('/d/x?from=1000&to=2000');
  });
});

describe('openUrl and followLink', () => {
  afterEach(() => vi.restoreAllMocks());

  it('navigates in-app paths with the location service', () => {
    openUrl('/d/dev/device?var-device=temp-1');
    expect(locationService.getLocation().pathname).toBe('/d/dev/device');
    expect(locationService.getSearchObject()['var-device']).toBe('temp-1');
  });

  it('opens links that ask for a new tab in one', () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    followLink({ href: 'https://example.com/x', title: 'x', target: '_blank', origin: {} });
    expect(open).toHaveBeenCalledWith('https://example.com/x', '_blank', 'noopener');
  });

  it('lets a link with its own click handler handle the click', () => {
    const onClick = vi.fn();
    followLink({ href: '/ignored', title: 'x', target: undefined, origin: {}, onClick });
    expect(onClick).toHaveBeenCalledOnce();
  });
});

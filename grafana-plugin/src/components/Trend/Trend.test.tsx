import { render } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';

import { darkTheme, withTheme } from '../../../tests/support/render.js';
import { TEST_IDS } from '../../testIds.js';
import { Trend } from './Trend.js';

describe('Trend', () => {
  it('draws the area and the line as an SVG stretched to the tile, hidden from screen readers', () => {
    const { getByTestId } = render(withTheme(darkTheme, <Trend paths={{ line: 'M0,1L100,2', area: 'M0,24L0,1L100,2L100,24Z' }} />));
    const trend = getByTestId(TEST_IDS.deviceTrend);
    expect(trend.tagName.toLowerCase()).toBe('svg');
    expect(trend).toHaveAttribute('aria-hidden', 'true');
    expect(trend).toHaveAttribute('viewBox', '0 0 100 24');
    expect(trend).toHaveAttribute('preserveAspectRatio', 'none');
    expect([...trend.querySelectorAll('path')].map((path) => path.getAttribute('d'))).toEqual(['M0,24L0,1L100,2L100,24Z', 'M0,1L100,2']);
  });
});

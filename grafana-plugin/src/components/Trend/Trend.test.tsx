import { render } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';

import { darkTheme, withTheme } from '../../../tests/support/render.js';
import { TEST_IDS } from '../../testIds.js';
import { Trend } from './Trend.js';

describe('Trend', () => {
  it('draws the area and the line in the given colour as the background image, stretched to the tile', () => {
    const { getByTestId } = render(withTheme(darkTheme, <Trend paths={{ line: 'M0,1L100,2', area: 'M0,24L0,1L100,2L100,24Z' }} color="#F2495C" />));
    const trend = getByTestId(TEST_IDS.deviceTrend);
    expect(trend).toHaveAttribute('aria-hidden', 'true');
    const svg = decodeURIComponent(/url\("data:image\/svg\+xml,(.*)"\)/.exec(trend.style.backgroundImage)![1]!);
    expect(svg).toContain("viewBox='0 0 100 24' preserveAspectRatio='none'");
    expect(svg).toContain("<path d='M0,24L0,1L100,2L100,24Z' fill='#F2495C' fill-opacity='0.15'/>");
    expect(svg).toContain("<path d='M0,1L100,2' fill='none' stroke='#F2495C'");
  });
});

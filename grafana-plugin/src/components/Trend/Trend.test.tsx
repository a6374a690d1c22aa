import { render } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';

import { darkTheme, withTheme } from '../../../tests/support/render.js';
import { Trend } from './Trend.js';

describe('Trend', () => {
  it('draws the area and the line in the given colour, stretched to the tile', () => {
    const { container } = render(withTheme(darkTheme, <Trend paths={{ line: 'M0,1L100,2', area: 'M0,24L0,1L100,2L100,24Z' }} color="#F2495C" />));
    const svg = container.querySelector('svg')!;
    expect(svg).toHaveAttribute('viewBox', '0 0 100 24');
    expect(svg).toHaveAttribute('preserveAspectRatio', 'none');
    expect(svg).toHaveAttribute('aria-hidden', 'true');
    const [area, line] = [...svg.querySelectorAll('path')];
    expect(area).toHaveAttribute('fill', '#F2495C');
    expect(line).toHaveAttribute('d', 'M0,1L100,2');
    expect(line).toHaveAttribute('stroke', '#F2495C');
  });
});

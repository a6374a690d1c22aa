import { render } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';

import { darkTheme, withTheme } from '../../../tests/support/render.js';
import { KindIcon, SPRITE_ICONS } from './KindIcon.js';
import { KindIconSprite } from './KindIconSprite.js';

describe('KindIcon', () => {
  it('renders every kind icon once, hidden, under the panel prefix', () => {
    const { container } = render(withTheme(darkTheme, <KindIconSprite prefix="p1" />));
    const sprite = container.firstElementChild!;
    expect(sprite).toHaveAttribute('aria-hidden', 'true');
    // jsdom cannot fetch the SVGs, so each Icon shows its placeholder; the browser test sees the real ones.
    expect(sprite.children).toHaveLength(SPRITE_ICONS.length);
    expect(SPRITE_ICONS).toEqual(['fire', 'cloud', 'vial', 'adjust-circle', 'bolt', 'power', 'circle']);
  });

  it('draws a tile icon by reference to the sprite', () => {
    const { container } = render(withTheme(darkTheme, <KindIcon prefix="p1" icon="fire" />));
    expect(container.querySelector('use')).toHaveAttribute('href', '#p1-fire');
    expect(container.querySelector('svg')).toHaveAttribute('data-icon', 'fire');
  });
});

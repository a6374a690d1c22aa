import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { styleMixins } from '@grafana/ui';

/**
 * A room's height before it was ever drawn, from its device count: what a skipped room
 * (content-visibility: auto) takes in the layout until drawn, after which the browser remembers
 * the real one. Rooms are found on screen in that first layout, so a good guess draws the visible
 * ones in full at once and no others. Figures measured in Chromium with Grafana's theme: header
 * 53 px, a tile with its sparkline 83 px, 6 px gaps, 12 px padding, 5 px of border; tiles per row
 * from the narrowest the room may be.
 */
export function estimatedRoomHeight(devices: number, roomMinWidth: number, tileMinWidth: number): number {
  const perRow = Math.max(1, Math.floor((roomMinWidth - 18 + 6) / (tileMinWidth + 6)));
  const rows = Math.ceil(devices / perRow);
  return 53 + 12 + 5 + rows * (83 + 6) - (rows > 0 ? 6 : 0);
}

export const getStyles = (theme: GrafanaTheme2) => {
  const title = {
    alignSelf: 'flex-start',
    maxWidth: '100%',
    margin: 0,
    padding: 0,
    border: 'none',
    background: 'none',
    color: theme.colors.text.primary,
    fontSize: theme.typography.h5.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    lineHeight: theme.typography.h5.lineHeight,
    textAlign: 'left',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  } as const;
  return {
    card: css({
      display: 'flex',
      flexDirection: 'column',
      minWidth: 0,
      height: '100%',
      background: theme.colors.background.secondary,
      border: `1px solid ${theme.colors.border.weak}`,
      borderTopWidth: 4,
      borderRadius: theme.shape.radius.default,
      overflow: 'hidden',
      // Off-screen rooms skip layout and paint until scrolled to (2,000 tiles stay cheap); a room in a
      // grid gets its own estimated height (see estimatedRoomHeight).
      contentVisibility: 'auto',
      containIntrinsicSize: 'auto 240px',
    }),
    header: css({
      display: 'flex',
      flexDirection: 'column',
      gap: theme.spacing(0.25),
      padding: theme.spacing(0.75, 1, 0.5),
      minWidth: 0,
    }),
    title: css(title),
    // The title when it opens the room dashboard: the same text as a button (one class, no merging per room).
    titleButton: css({
      ...title,
      cursor: 'pointer',
      borderRadius: theme.shape.radius.default,
      '&:hover': { textDecoration: 'underline' },
      '&:focus-visible': styleMixins.getFocusStyles(theme),
    }),
    summary: css({
      color: theme.colors.text.secondary,
      fontSize: theme.typography.bodySmall.fontSize,
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
    }),
    devices: css({
      display: 'grid',
      gap: theme.spacing(0.75),
      padding: theme.spacing(0.5, 1, 1),
      overflow: 'auto',
      flex: 1,
      alignContent: 'start',
    }),
  };
};

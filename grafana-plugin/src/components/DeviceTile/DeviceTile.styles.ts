import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { styleMixins } from '@grafana/ui';

/** The CSS variable a tile sets to its device's colour; its border, value and sparkline read it. */
export const DEVICE_COLOR = '--sensorplus-device-color';

/**
 * Built once per theme. Variants (clickable, stale, offline) follow the tile's own role and
 * data-status attributes, so a tile needs no per-instance class merging (Emotion's cx serialises
 * and hashes the styles it merges, on every render of every tile).
 */
export const getStyles = (theme: GrafanaTheme2) => {
  const value = {
    color: `var(${DEVICE_COLOR})`,
    fontSize: theme.typography.h4.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    lineHeight: theme.typography.h4.lineHeight,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  } as const;
  const badge = {
    alignSelf: 'flex-start',
    padding: theme.spacing(0, 0.5),
    borderRadius: theme.shape.radius.default,
    fontSize: theme.typography.bodySmall.fontSize,
    background: theme.colors.background.secondary,
    color: theme.colors.text.secondary,
  } as const;
  return {
    tile: css({
      position: 'relative',
      display: 'flex',
      flexDirection: 'column',
      gap: theme.spacing(0.25),
      minWidth: 0,
      padding: theme.spacing(0.75, 1),
      background: theme.colors.background.primary,
      border: `1px solid ${theme.colors.border.weak}`,
      borderLeftWidth: 3,
      borderLeftColor: `var(${DEVICE_COLOR})`,
      borderRadius: theme.shape.radius.default,
      '&:focus-visible': styleMixins.getFocusStyles(theme),
      // A click leads somewhere (the tile is then a button).
      '&[role="button"]': {
        cursor: 'pointer',
        '&:hover': { background: theme.colors.action.hover },
      },
      '&[data-status="stale"]': {
        borderStyle: 'dashed',
      },
      '&[data-status="offline"]': {
        opacity: 0.6,
        borderStyle: 'dashed',
      },
    }),
    head: css({
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
      minWidth: 0,
      color: theme.colors.text.secondary,
      fontSize: theme.typography.bodySmall.fontSize,
    }),
    name: css({
      flex: 1,
      minWidth: 0,
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
    }),
    value: css(value),
    noValue: css({ ...value, fontSize: theme.typography.body.fontSize }),
    extras: css({
      color: theme.colors.text.secondary,
      fontSize: theme.typography.bodySmall.fontSize,
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
    }),
    badge: css(badge),
    badgeOffline: css({ ...badge, background: theme.colors.error.transparent, color: theme.colors.error.text }),
    badgeStale: css({ ...badge, background: theme.colors.warning.transparent, color: theme.colors.warning.text }),
  };
};

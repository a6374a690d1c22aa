import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

export const getStyles = (theme: GrafanaTheme2) => ({
  plan: css({
    position: 'relative',
    flexShrink: 0,
    backgroundColor: theme.colors.background.canvas,
    backgroundRepeat: 'no-repeat',
    backgroundSize: '100% 100%',
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  slot: css({
    position: 'absolute',
    padding: theme.spacing(0.5),
    boxSizing: 'border-box',
  }),
  unplaced: css({
    marginTop: theme.spacing(1),
  }),
  unplacedTitle: css({
    margin: theme.spacing(0, 0, 1),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
  }),
});

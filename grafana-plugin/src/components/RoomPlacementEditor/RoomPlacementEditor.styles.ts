import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

export const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(80px, 2fr) repeat(4, minmax(48px, 1fr)) auto',
    gap: theme.spacing(0.5),
    alignItems: 'center',
    marginBottom: theme.spacing(1),
  }),
  heading: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  hint: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    marginBottom: theme.spacing(1),
  }),
});

import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

export const getStyles = (theme: GrafanaTheme2) => ({
  root: css({
    display: 'grid',
    gridTemplateColumns: 'auto auto',
    columnGap: theme.spacing(1.5),
    rowGap: theme.spacing(0.25),
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  title: css({
    gridColumn: '1 / -1',
    fontWeight: theme.typography.fontWeightMedium,
    marginBottom: theme.spacing(0.5),
  }),
  term: css({
    color: theme.colors.text.secondary,
  }),
  hint: css({
    gridColumn: '1 / -1',
    marginTop: theme.spacing(0.5),
    color: theme.colors.text.secondary,
  }),
});

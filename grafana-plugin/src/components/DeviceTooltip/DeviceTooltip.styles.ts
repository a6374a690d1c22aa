import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

export const getStyles = (theme: GrafanaTheme2) => ({
  title: css({
    fontWeight: theme.typography.fontWeightMedium,
    marginBottom: theme.spacing(0.5),
  }),
  list: css({
    display: 'grid',
    gridTemplateColumns: 'auto auto',
    columnGap: theme.spacing(1.5),
    rowGap: theme.spacing(0.25),
    margin: 0,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  term: css({
    color: theme.colors.text.secondary,
  }),
  value: css({
    margin: 0,
  }),
});

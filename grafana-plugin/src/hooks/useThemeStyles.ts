import { ThemeContext, type GrafanaTheme2 } from '@grafana/data';
import { useContext } from 'react';

type StyleFactory<T> = (theme: GrafanaTheme2) => T;

const cache = new WeakMap<StyleFactory<unknown>, WeakMap<GrafanaTheme2, unknown>>();

/**
 * A component's class names for the current theme, computed once per theme and style factory.
 * @grafana/ui's useStyles2 does the same plus an effect per instance, which 2,000 tiles pay for
 * on every mount; this reads the same ThemeContext (@grafana/data's, so Grafana's theme in the
 * panel) and needs no Grafana runtime, so the bridge's live view renders these components too.
 */
export function useThemeStyles<T>(getStyles: StyleFactory<T>): T {
  const theme = useContext(ThemeContext);
  let byTheme = cache.get(getStyles);
  if (!byTheme) {
    byTheme = new WeakMap();
    cache.set(getStyles, byTheme);
  }
  let styles = byTheme.get(theme) as T | undefined;
  if (styles === undefined) {
    styles = getStyles(theme);
    byTheme.set(theme, styles);
  }
  return styles;
}

/** The current Grafana theme, from @grafana/data's context (see useThemeStyles). */
export function useGrafanaTheme(): GrafanaTheme2 {
  return useContext(ThemeContext);
}

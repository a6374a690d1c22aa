import { locationUtil, urlUtil, type LinkModel, type TimeRange } from '@grafana/data';
import { locationService } from '@grafana/runtime';

/** `base` with the dashboard variables (var-room, var-device) and optionally the time range appended. */
export function dashboardUrl(base: string, variables: Record<string, string | undefined>, timeRange?: TimeRange): string {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (value !== undefined) {
      query[`var-${name}`] = value;
    }
  }
  if (timeRange) {
    query.from = rawTime(timeRange.raw.from);
    query.to = rawTime(timeRange.raw.to);
  }
  return urlUtil.appendQueryToUrl(base, urlUtil.toUrlParams(query));
}

function rawTime(value: TimeRange['raw']['from']): string {
  return typeof value === 'string' ? value : String(value.valueOf());
}

/** Opens a URL the way Grafana does: in-app paths through the location service, others in the browser. */
export function openUrl(url: string, target?: string): void {
  if (target === '_blank') {
    window.open(url, '_blank', 'noopener');
    return;
  }
  if (isExternal(url)) {
    window.location.assign(url);
    return;
  }
  locationService.push(locationUtil.stripBaseFromUrl(url));
}

export function followLink(link: LinkModel, event?: unknown): void {
  if (link.onClick) {
    link.onClick(event);
    return;
  }
  openUrl(link.href, link.target);
}

function isExternal(url: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    return false;
  }
  try {
    return new URL(url).origin !== window.location.origin;
  } catch {
    return true;
  }
}

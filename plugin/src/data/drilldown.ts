/**
 * Fills `${location}` and `${indicator}` in the drill-down template, URL-encoded so a location id
 * with spaces, quotes or `&` cannot break the link. Dashboard variables are replaced afterwards
 * by Grafana (encoded values contain no `$`, so they are left alone).
 */
export function fillDrilldown(template: string, target: { location: string; indicator?: string }): string {
  return template
    .replace(/\$\{location\}/g, encodeURIComponent(target.location))
    .replace(/\$\{indicator\}/g, encodeURIComponent(target.indicator ?? ''));
}

/** Splits interpolated multi-value variables ("a,b" or "{a,b}") into location ids. */
export function expandLocations(entries: string[], interpolate: (value: string) => string): string[] {
  return entries
    .flatMap((entry) =>
      interpolate(entry)
        .replace(/^\{(.*)\}$/, '$1')
        .split(',')
    )
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && entry !== '$__all' && entry !== 'All');
}

/**
 * Where a pack's numbers come from: the databases (never a password), the settings
 * digest and the suppression rule, so two packs can be told apart or reconciled.
 */
import { createHash } from 'node:crypto';
import type { IndicatorSettings } from '../indicators/settings.ts';

/**
 * A database URL for print: scheme, user, host, port and database only. The password
 * and the query string (where `password=` or `sslpassword=` may also sit) are dropped.
 */
export function describeDatabase(url: string | undefined): string {
  if (url === undefined || url === '') return '(not configured)';
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`;
  } catch (error) {
    if (error instanceof TypeError) return '(unparseable database URL)';
    throw error;
  }
}

/** JSON with object keys sorted at every level, so equal settings give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 (hex) of the validated indicator settings: thresholds, tolerances, cohort, phase rules. */
export function settingsDigest(settings: IndicatorSettings): string {
  return createHash('sha256').update(canonicalJson(settings)).digest('hex');
}

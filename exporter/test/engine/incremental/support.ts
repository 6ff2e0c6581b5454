/**
 * Helpers for the incremental engine's tests: run every pass the way the history
 * lane does (each in its own READ ONLY transaction), and compute the same numbers
 * with the reference SQL (the indicator definitions) at the same `now`.
 */
import type { Db } from '../../../src/db/index.ts';
import { rollingWindows, runIndicator, weeklyWindows, type WindowCount } from '../../../src/engine/domain-units.ts';
import { SKIPPED_ROWS_SQL } from '../../../src/engine/domain-skipped.ts';
import { ACK_SECONDS_SQL } from '../../../src/engine/live-gauges.ts';
import { indicatorParams } from '../../../src/engine/domain-units.ts';
import type { IncrementalEngine } from '../../../src/engine/incremental/engine.ts';
import type { PassName } from '../../../src/engine/incremental/pass-spec.ts';
import { ackSeconds, indicatorCounts, skippedRows } from '../../../src/engine/incremental/results.ts';
import type { PassView } from '../../../src/engine/incremental/state.ts';
import { locationsFromOutcome, locationsUnit } from '../../../src/engine/domain.ts';
import type { LocationInfo } from '../../../src/engine/types.ts';
import { INDICATORS } from '../../../src/indicators/index.ts';
import type { IndicatorSettings } from '../../../src/indicators/settings.ts';

const TIMEOUT = { statementTimeoutMs: 120_000 };

export async function readLocations(db: Db, now: Date, settings: IndicatorSettings): Promise<LocationInfo[]> {
  const value = await db.readOnly((tx) => locationsUnit.run(tx, { now, settings, locations: [] }), TIMEOUT);
  return locationsFromOutcome({ ok: true, value });
}

/** One refresh of every pass of the engine at `now`; throws when a pass fails (its previous state is then kept). */
export async function refreshEngine(
  db: Db,
  engine: IncrementalEngine,
  now: Date,
  settings: IndicatorSettings,
  locations?: LocationInfo[],
): Promise<Map<PassName, PassView>> {
  const context = { now, settings, locations: locations ?? (await readLocations(db, now, settings)) };
  const views = new Map<PassName, PassView>();
  for (const unit of engine.units) {
    const view = await db.readOnly((tx) => unit.run(tx, context), TIMEOUT);
    views.set(view.pass, view);
  }
  return views;
}

export interface Numbers {
  /** indicator -> "location window" -> [numerator, denominator] */
  indicators: Record<string, Record<string, [number, number]>>;
  ack: Record<string, [number, number | null, number | null]>;
  skipped: Record<string, number>;
}

const byKey = (counts: readonly WindowCount[]): Record<string, [number, number]> =>
  Object.fromEntries(counts.map((count) => [`${count.locationId} ${count.window}`, [count.numerator, count.denominator]]));

/** The engine's numbers from one refresh's views. */
export function engineNumbers(views: ReadonlyMap<PassName, PassView>): Numbers {
  const indicators: Numbers['indicators'] = {};
  for (const indicator of INDICATORS) {
    const view = views.get(indicator.partial.pass);
    if (!view) throw new Error(`no view of ${indicator.partial.pass}`);
    const counts = indicatorCounts(indicator.partial, view);
    indicators[indicator.name] = byKey([...counts.rolling, ...counts.weekly]);
  }
  const alerts = views.get('alerts');
  const ack = Object.fromEntries(
    (alerts ? ackSeconds(alerts) : []).map((row): [string, [number, number | null, number | null]] => [
      `${row.locationId} ${row.window}`,
      [row.acknowledged, row.p50, row.p90],
    ]),
  );
  const skipped = Object.fromEntries(skippedRows(views).map((row) => [`${row.table} ${row.reason}`, row.count]));
  return { indicators, ack, skipped };
}

const nullableNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** The same numbers from the reference SQL, in one READ ONLY transaction at `now`. */
export async function referenceNumbers(db: Db, now: Date, settings: IndicatorSettings, locations: readonly LocationInfo[]): Promise<Numbers> {
  return db.readOnly(async (tx) => {
    const windows = [...rollingWindows(locations, now), ...weeklyWindows(locations, now)];
    const indicators: Numbers['indicators'] = {};
    for (const indicator of INDICATORS) indicators[indicator.name] = byKey(await runIndicator(tx, indicator, windows, now, settings));
    const ack: Numbers['ack'] = {};
    const rolling = rollingWindows(locations, now);
    if (rolling.length > 0) {
      const { rows } = await tx.query(ACK_SECONDS_SQL, indicatorParams(rolling, now, settings).slice(0, 4));
      for (const row of rows)
        ack[`${String(row.location_id)} ${String(row.window)}`] = [Number(row.acknowledged), nullableNumber(row.p50), nullableNumber(row.p90)];
    }
    const skipped: Numbers['skipped'] = {};
    if (locations.length > 0) {
      const since = new Date(now.getTime() - 28 * 86_400_000);
      const { rows } = await tx.query(SKIPPED_ROWS_SQL, [
        locations.map((location) => location.locationId),
        since.toISOString(),
        now.toISOString(),
        Object.keys(settings.alertAckTargetSeconds),
      ]);
      for (const row of rows) skipped[`${String(row.table)} ${String(row.reason)}`] = Number(row.rows);
    }
    return { indicators, ack, skipped };
  }, TIMEOUT);
}

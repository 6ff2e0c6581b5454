/**
 * Terse fixture rows for indicator tests: each insert fills the columns a test does
 * not care about with plain defaults, so a test shows only what matters to the
 * arithmetic in its comments.
 */
import type { Db, Queryable } from '../../src/db/index.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { DEFAULT_INDICATOR_SETTINGS, type IndicatorSettings } from '../../src/indicators/settings.ts';
import type { DatabaseTarget } from './databases.ts';
import type { LocationInfo } from '../../src/engine/types.ts';
import type { IndicatorDefinition } from '../../src/indicators/types.ts';
import { rollingWindows, runIndicator, type WindowSpec } from '../../src/engine/domain-units.ts';
import { assembleFamilies, buildQueryUnits, locationsFromOutcome, locationsUnit, LOCATIONS_UNIT_NAME } from '../../src/engine/domain.ts';
import type { MetricFamily, QueryUnit, UnitContext, UnitOutcome } from '../../src/engine/types.ts';

type Value = string | number | Date | null;
type Rows = ReadonlyArray<Record<string, Value>>;

const DEFAULTS: Record<string, (n: number) => Record<string, Value>> = {
  locations: (n) => ({ location_id: `loc-${n}`, name: `Location ${n}`, service_type: 'residential', go_live_date: '2026-01-05', timezone: 'Europe/London' }),
  staff: (n) => ({ staff_id: `staff-${n}`, location_id: 'home', role: 'care_worker' }),
  shifts: (n) => ({ shift_id: `shift-${n}`, location_id: 'home', kind: 'shift' }),
  sessions: (n) => ({ session_id: `session-${n}`, location_id: 'home' }),
  tasks: (n) => ({ task_id: `task-${n}`, location_id: 'home', service_user_id: 'su-1', category: 'personal_care', status: 'pending' }),
  care_notes: (n) => ({ note_id: `note-${n}`, location_id: 'home', service_user_id: 'su-1', staff_id: 'staff-1', section: 'daily', body: 'Slept well.' }),
  alerts: (n) => ({ alert_id: `alert-${n}`, location_id: 'home', source: 'call_bell', severity: 'high' }),
};

let sequence = 0;

/** Inserts rows into ecm.<table>, defaults first, the row's own values over them. */
export async function insert(db: Queryable, table: keyof typeof DEFAULTS, rows: Rows): Promise<void> {
  const defaults = DEFAULTS[table];
  if (!defaults) throw new Error(`no fixture defaults for ${table}`);
  for (const row of rows) {
    sequence += 1;
    const full = { ...defaults(sequence), ...row };
    const columns = Object.keys(full);
    const values = columns.map((column) => {
      const value = full[column];
      return value instanceof Date ? value.toISOString() : value;
    });
    const placeholders = columns.map((_, index) => `$${index + 1}`).join(', ');
    await db.query(`INSERT INTO ecm.${table} (${columns.join(', ')}) VALUES (${placeholders})`, values);
  }
}

/** An instant from an ISO string; `at('2026-03-10T09:00Z')`. */
export const at = (iso: string): Date => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`bad fixture instant ${iso}`);
  return date;
};

/** instant + minutes. */
export const plusMinutes = (instant: Date, minutes: number): Date => new Date(instant.getTime() + minutes * 60_000);

/** A fresh migrated database of the target with one location 'home' (go-live 2026-01-05, Europe/London). */
export async function freshDatabase(target: DatabaseTarget, location: Record<string, Value> = {}): Promise<Db> {
  const db = await target.create();
  await migrateReferenceSchema(db);
  await insert(db, 'locations', [{ location_id: 'home', ...location }]);
  return db;
}

/**
 * Drops the NOT NULL and CHECK constraints of the reference tables, as an adapter
 * view over vendor data would not have them, so tests can insert invalid rows.
 */
export async function relaxConstraints(db: Db): Promise<void> {
  const { rows } = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'ecm' AND is_nullable = 'NO' AND column_name NOT IN ('location_id', 'shift_id', 'session_id', 'task_id', 'note_id', 'alert_id', 'staff_id')
        OR (table_schema = 'ecm' AND table_name = 'shifts' AND column_name = 'staff_id')`,
  );
  for (const { table_name: table, column_name: column } of rows) {
    await db.exec(`ALTER TABLE ecm.${table} ALTER COLUMN ${column} DROP NOT NULL`);
  }
  const checks = await db.query<{ table_name: string; constraint_name: string }>(
    `SELECT tc.table_name, tc.constraint_name FROM information_schema.table_constraints tc
     WHERE tc.table_schema = 'ecm' AND tc.constraint_type = 'CHECK' AND tc.constraint_name NOT LIKE '%not_null%'`,
  );
  for (const { table_name: table, constraint_name: name } of checks.rows) {
    await db.exec(`ALTER TABLE ecm.${table} DROP CONSTRAINT IF EXISTS "${name}"`);
  }
}

/** Default settings with overrides (top-level keys). */
export function settingsWith(overrides: Partial<IndicatorSettings> = {}): IndicatorSettings {
  return { ...DEFAULT_INDICATOR_SETTINGS, ...overrides };
}

/** The location every fixture row defaults to. */
export const HOME: LocationInfo = { locationId: 'home', name: 'Location', serviceType: 'residential', goLiveDate: '2026-01-05', timezone: 'Europe/London' };

/**
 * Runs one indicator inside a READ ONLY transaction, as the refresh does, and returns
 * { window: [numerator, denominator] } for one location (rolling 7d/28d by default).
 */
export async function countsFor(
  db: Db,
  indicator: IndicatorDefinition,
  now: Date,
  options: { location?: LocationInfo; windows?: WindowSpec[]; settings?: IndicatorSettings } = {},
): Promise<Record<string, [number, number]>> {
  const location = options.location ?? HOME;
  const windows = options.windows ?? rollingWindows([location], now);
  const counts = await db.readOnly((tx) => runIndicator(tx, indicator, windows, now, options.settings ?? DEFAULT_INDICATOR_SETTINGS), {
    statementTimeoutMs: 30_000,
  });
  return Object.fromEntries(
    counts.filter((count) => count.locationId === location.locationId).map((count) => [count.window, [count.numerator, count.denominator]]),
  );
}

export interface DomainRun {
  context: UnitContext<IndicatorSettings>;
  outcomes: Map<string, UnitOutcome<unknown>>;
  families: Map<string, MetricFamily>;
}

async function outcomeOf(db: Db, unit: QueryUnit<IndicatorSettings, unknown>, context: UnitContext<IndicatorSettings>): Promise<UnitOutcome<unknown>> {
  try {
    return { ok: true, value: await db.readOnly((tx) => unit.run(tx, context), { statementTimeoutMs: 120_000 }) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/**
 * One refresh of the domain the way the runtime does it (locations first, then every
 * unit in its own READ ONLY transaction, then assembly), without the runtime.
 */
export async function runDomain(db: Db, now: Date, settings: IndicatorSettings = DEFAULT_INDICATOR_SETTINGS, units = buildQueryUnits()): Promise<DomainRun> {
  const locations = await outcomeOf(db, locationsUnit, { now, settings, locations: [] });
  const context = { now, settings, locations: locationsFromOutcome(locations) };
  const outcomes = new Map<string, UnitOutcome<unknown>>([[LOCATIONS_UNIT_NAME, locations]]);
  for (const unit of units) outcomes.set(unit.name, await outcomeOf(db, unit, context));
  return { context, outcomes, families: familyMap(assembleFamilies(outcomes, context)) };
}

export function familyMap(families: MetricFamily[]): Map<string, MetricFamily> {
  return new Map(families.map((family) => [family.definition.name, family]));
}

/** The value of the one sample of `name` whose labels include all of `labels`; undefined when none. */
export function sampleValue(families: Map<string, MetricFamily>, name: string, labels: Record<string, string>): number | undefined {
  const matches = (families.get(name)?.samples ?? []).filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  if (matches.length > 1) throw new Error(`${matches.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matches[0]?.value;
}

/**
 * The model of the exactness property test: random ECM rows and random changes
 * between refreshes, as fast-check arbitraries, and how each change is written to
 * the database. Every change knows whether it carries a timestamp after the
 * previous refresh (visible to change discovery) or not (found by re-verification).
 */
import fc from 'fast-check';
import type { Queryable } from '../../../src/db/index.ts';

export const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Tuesday 20 October 2026, 09:17 UTC: the Europe/London clocks go back on Sunday 25 October, 01:00 UTC. */
export const T0 = Date.parse('2026-10-20T09:17:00Z');
export const DST_CHANGE = Date.parse('2026-10-25T01:00:00Z');
export const LOCATIONS = [
  { location_id: 'home', go_live_date: '2026-09-07', timezone: 'Europe/London' },
  // UTC+5:30: weeks start on the half hour, so its buckets are 30 minutes.
  { location_id: 'east', go_live_date: '2026-09-14', timezone: 'Asia/Kolkata' },
] as const;
const LOCATION_IDS = LOCATIONS.map((location) => location.location_id);
const STAFF = ['staff-1', 'staff-2', 'staff-3'];
const SERVICE_USERS = ['su-1', 'su-2', 'su-3', null];

/** An instant with microseconds, as PostgreSQL keeps them. */
export interface Instant {
  ms: number;
  micros: number;
}

export const iso = (instant: Instant): string => `${new Date(instant.ms).toISOString().slice(0, 23)}${String(instant.micros).padStart(3, '0')}Z`;
const at = (ms: number, micros = 0): Instant => ({ ms, micros });

/** An offset in ms from a reference instant: often exactly on an hour or half hour, sometimes with microseconds. */
const offsetArb = (minMinutes: number, maxMinutes: number): fc.Arbitrary<Instant> =>
  fc.oneof(
    fc.record({ ms: fc.integer({ min: minMinutes * MINUTE, max: maxMinutes * MINUTE }), micros: fc.integer({ min: 0, max: 999 }) }),
    fc.integer({ min: Math.ceil(minMinutes / 30), max: Math.floor(maxMinutes / 30) }).map((halfHours) => at(halfHours * 30 * MINUTE)),
  );

const WORDINGS = [
  'Supported with personal care in the morning, ate well and drank plenty of fluids',
  'Settled in the lounge after lunch and joined the music session with friends',
  'Slept well overnight, no concerns raised by the night staff',
  'Refused breakfast.',
  // exactly 8 words, and 7 words with a dash standing alone (not a word once punctuation goes)
  'Élodie helped Chloé dress and walk to lunch',
  'Walked to the garden - with her frame',
  '',
];

/** A wording with case, punctuation and spacing changed: the same words once normalised. */
const bodyArb: fc.Arbitrary<string | null> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({ wording: fc.nat(WORDINGS.length - 1), style: fc.nat(7) }).map(({ wording, style }) => restyle(WORDINGS[wording] ?? '', style)),
  },
  { weight: 1, arbitrary: fc.constant(null) },
);

function restyle(text: string, style: number): string {
  switch (style) {
    case 0:
      return text;
    case 1:
      return text.toUpperCase();
    case 2:
      return text.replaceAll(' ', '  \t').replaceAll(',', ' —');
    case 3:
      return `‘${text.replaceAll('the', 'The…')}’!`;
    case 4:
      return text.replaceAll(' ', '\n');
    case 5:
      return `  ${text} \r\n`;
    case 6:
      // a no-break space is not a word separator: two words become one
      return text.replace(' ', '\u00a0');
    default:
      return `${text} - -`;
  }
}

export type Row = Record<string, string | number | null>;
export interface NewRow {
  table: 'tasks' | 'care_notes' | 'alerts' | 'shifts' | 'sessions';
  row: Row;
  /** Instants the row carries, ms (NULLs left out): a new row is visible when one is after the previous refresh. */
  times: number[];
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

/** A row of any table, its instants relative to `base`. */
export const rowArb: fc.Arbitrary<(base: number, id: string) => NewRow> = fc.oneof(
  fc
    .record({
      location: fc.nat(9),
      due: offsetArb(-3 * 24 * 60, 24 * 60),
      category: fc.constantFrom('medication', 'personal_care', 'other'),
      outcome: fc.constantFrom('pending', 'completed', 'completed', 'late', 'cancelled', null),
      delay: offsetArb(-10, 200),
      by: fc.nat(9),
      // One task in 20 without a due time: counted as skipped, whatever the time (read every refresh).
      nullDue: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
    })
    .map((r) => (base: number, id: string): NewRow => {
      const due = at(base + r.due.ms, r.due.micros);
      const done = r.outcome === 'completed' || r.outcome === 'late' ? at(due.ms + r.delay.ms, r.delay.micros) : undefined;
      const row: Row = {
        task_id: id,
        location_id: pick(LOCATION_IDS, r.location),
        category: r.category,
        due_at: r.nullDue ? null : iso(due),
        status: r.outcome === 'late' ? 'completed' : r.outcome,
        completed_at: done ? iso(done) : null,
        completed_by: done ? pick(STAFF, r.by) : null,
      };
      return { table: 'tasks', row, times: r.nullDue ? [Number.POSITIVE_INFINITY] : [due.ms, ...(done ? [done.ms] : [])] };
    }),
  fc
    .record({
      location: fc.nat(9),
      occurred: offsetArb(-30 * 24 * 60, 0),
      delay: fc.option(offsetArb(-30, 300)),
      body: bodyArb,
      su: fc.nat(9),
      staff: fc.nat(9),
    })
    .map((r) => (base: number, id: string): NewRow => {
      const occurred = at(base + r.occurred.ms, r.occurred.micros);
      const recorded = r.delay ? at(occurred.ms + r.delay.ms, r.delay.micros) : undefined;
      const row: Row = {
        note_id: id,
        location_id: pick(LOCATION_IDS, r.location),
        service_user_id: pick(SERVICE_USERS, r.su),
        staff_id: pick(STAFF, r.staff),
        occurred_at: iso(occurred),
        recorded_at: recorded ? iso(recorded) : null,
        body: r.body,
      };
      return { table: 'care_notes', row, times: [occurred.ms, ...(recorded ? [recorded.ms] : [])] };
    }),
  fc
    .record({
      location: fc.nat(9),
      raised: offsetArb(-5 * 24 * 60, 0),
      severity: fc.constantFrom('critical', 'high', 'medium', 'low', 'unknown', null),
      ack: fc.option(offsetArb(-2, 120)),
      by: fc.nat(9),
    })
    .map((r) => (base: number, id: string): NewRow => {
      const raised = at(base + r.raised.ms, r.raised.micros);
      const ack = r.ack ? at(raised.ms + r.ack.ms, r.ack.micros) : undefined;
      const row: Row = {
        alert_id: id,
        location_id: pick(LOCATION_IDS, r.location),
        severity: r.severity,
        raised_at: iso(raised),
        acknowledged_at: ack ? iso(ack) : null,
        acknowledged_by: ack ? pick(STAFF, r.by) : null,
      };
      return { table: 'alerts', row, times: [raised.ms, ...(ack ? [ack.ms] : [])] };
    }),
  fc
    .record({ location: fc.nat(9), starts: offsetArb(-4 * 24 * 60, 12 * 60), length: fc.option(offsetArb(-60, 14 * 60)), staff: fc.option(fc.nat(9)) })
    .map((r) => (base: number, id: string): NewRow => {
      const starts = at(base + r.starts.ms, r.starts.micros);
      const ends = r.length ? at(starts.ms + r.length.ms, r.length.micros) : undefined;
      const row: Row = {
        shift_id: id,
        location_id: pick(LOCATION_IDS, r.location),
        staff_id: r.staff === null ? null : pick(STAFF, r.staff),
        kind: 'shift',
        starts_at: iso(starts),
        ends_at: ends ? iso(ends) : null,
      };
      return { table: 'shifts', row, times: [starts.ms, ...(ends ? [ends.ms] : [])] };
    }),
  fc
    .record({ location: fc.nat(9), started: offsetArb(-4 * 24 * 60, 0), length: fc.option(offsetArb(-30, 600)), staff: fc.nat(9) })
    .map((r) => (base: number, id: string): NewRow => {
      const started = at(base + r.started.ms, r.started.micros);
      const ended = r.length ? at(started.ms + r.length.ms, r.length.micros) : undefined;
      const row: Row = {
        session_id: id,
        location_id: pick(LOCATION_IDS, r.location),
        staff_id: pick(STAFF, r.staff),
        started_at: iso(started),
        ended_at: ended ? iso(ended) : null,
      };
      return { table: 'sessions', row, times: [started.ms, ...(ended ? [ended.ms] : [])] };
    }),
);

export async function insertRow(db: Queryable, { table, row }: NewRow): Promise<void> {
  const columns = Object.keys(row);
  await db.query(
    `INSERT INTO ecm.${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
    columns.map((column) => row[column] ?? null),
  );
}

/** A change between two refreshes; `apply` writes it and says whether it was visible (a timestamp after `previous`). */
export type Change = (db: Queryable, time: { now: number; previous: number; ids: () => string }) => Promise<boolean>;

const KEYS = { tasks: 'task_id', care_notes: 'note_id', alerts: 'alert_id', shifts: 'shift_id', sessions: 'session_id' } as const;
type Table = keyof typeof KEYS;

/** The n-th row of a table (by id), or undefined when the table is empty. */
async function nth(db: Queryable, table: Table, n: number, where = 'true'): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(`SELECT ${KEYS[table]} AS id FROM ecm.${table} WHERE ${where} ORDER BY 1`);
  return rows.length === 0 ? undefined : rows[n % rows.length]?.id;
}

const recentOrOld = fc.record({ recent: fc.boolean(), fraction: fc.double({ min: 0, max: 1, noNaN: true }), daysBack: fc.integer({ min: 1, max: 20 }) });
/** An instant after the previous refresh (up to now), or days before it. */
const instantOf = (choice: { recent: boolean; fraction: number; daysBack: number }, time: { now: number; previous: number }): number =>
  choice.recent ? time.previous + 1 + Math.floor(choice.fraction * Math.max(0, time.now - time.previous - 1)) : time.previous - choice.daysBack * 86_400_000;

export const changeArb: fc.Arbitrary<Change> = fc.oneof(
  // new rows: their own instants say whether they are visible (a backdated row with a recent timestamp is)
  rowArb.map((make): Change => async (db, time) => {
    const row = make(time.now, time.ids());
    await insertRow(db, row);
    return row.times.some((ms) => ms > time.previous);
  }),
  // an outcome recorded, an alert acknowledged: recently (visible) or backdated (not)
  fc.record({ n: fc.nat(), when: recentOrOld }).map(({ n, when }): Change => async (db, time) => {
    const id = await nth(db, 'tasks', n, 'completed_at IS NULL');
    if (!id) return true;
    const ms = instantOf(when, time);
    await db.query(`UPDATE ecm.tasks SET completed_at = $2, status = 'completed', completed_by = 'staff-1' WHERE task_id = $1`, [
      id,
      new Date(ms).toISOString(),
    ]);
    return ms > time.previous;
  }),
  fc.record({ n: fc.nat(), when: recentOrOld }).map(({ n, when }): Change => async (db, time) => {
    const id = await nth(db, 'alerts', n, 'acknowledged_at IS NULL');
    if (!id) return true;
    const ms = instantOf(when, time);
    await db.query(`UPDATE ecm.alerts SET acknowledged_at = $2 WHERE alert_id = $1`, [id, new Date(ms).toISOString()]);
    return ms > time.previous;
  }),
  // changes no timestamp shows
  fc.record({ n: fc.nat() }).map(({ n }): Change => async (db) => {
    const id = await nth(db, 'tasks', n);
    if (id) await db.query(`UPDATE ecm.tasks SET status = 'cancelled' WHERE task_id = $1`, [id]);
    return id === undefined;
  }),
  fc.record({ table: fc.constantFrom<Table>('tasks', 'care_notes', 'alerts', 'shifts', 'sessions'), n: fc.nat() }).map(({ table, n }): Change => async (db) => {
    const id = await nth(db, table, n);
    if (id) await db.query(`DELETE FROM ecm.${table} WHERE ${KEYS[table]} = $1`, [id]);
    return id === undefined;
  }),
  fc
    .record({
      edit: fc.constantFrom<[Table, string]>(
        ['tasks', 'due_at'],
        ['care_notes', 'occurred_at'],
        ['care_notes', 'recorded_at'],
        ['alerts', 'raised_at'],
        ['shifts', 'ends_at'],
        ['sessions', 'started_at'],
      ),
      n: fc.nat(),
      minutes: fc.integer({ min: -3000, max: 3000 }),
    })
    .map(({ edit: [table, column], n, minutes }): Change => async (db) => {
      const id = await nth(db, table, n);
      if (id) await db.query(`UPDATE ecm.${table} SET ${column} = ${column} + $2 * interval '1 minute' WHERE ${KEYS[table]} = $1`, [id, minutes]);
      return id === undefined;
    }),
);

/** How the clock moves before a refresh: a little, to a bucket boundary, across the clock change or a week boundary, or days. */
export const advanceArb: fc.Arbitrary<(now: number) => number> = fc.oneof(
  fc.integer({ min: 1, max: 180_000 }).map((ms) => (now: number) => now + ms),
  fc.integer({ min: 1, max: 90 }).map((minutes) => (now: number) => now + minutes * MINUTE),
  fc.constantFrom(30 * MINUTE, HOUR).map((size) => (now: number) => (Math.floor(now / size) + 1) * size),
  fc.constant((now: number) => (now < DST_CHANGE ? DST_CHANGE : now + HOUR)),
  fc
    .constantFrom(Date.parse('2026-10-26T00:00:00Z'), Date.parse('2026-10-25T18:30:00Z'), Date.parse('2026-11-02T00:00:00Z'))
    .map((monday) => (now: number) => (now < monday ? monday : now + 1)),
  fc.integer({ min: 1, max: 30 }).map((hours) => (now: number) => now + hours * HOUR),
  fc.integer({ min: 1, max: 3 }).map((days) => (now: number) => now + days * 86_400_000),
);

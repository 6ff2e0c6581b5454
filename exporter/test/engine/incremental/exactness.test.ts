/**
 * Exactness, proven on random histories: after every refresh, the engine's
 * numerators and denominators (rolling windows and weekly history), acknowledgement
 * quantiles and skipped rows equal what the indicator SQL returns at the same `now`
 * — for every change carrying a timestamp after the previous refresh; after changes
 * that carry none (cancelled, deleted, times edited, backdated), once the
 * re-verification has run. Clock moves of every size, across bucket and week
 * boundaries and the Europe/London clock change; a location on 30-minute buckets.
 * On PGlite always, on PostgreSQL with TEST_DATABASE_URL. fast-check prints the
 * seed and the failing case; rerun with `seed` and `path` in fc.assert to replay.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/index.ts';
import { createIncrementalEngine } from '../../../src/engine/incremental/engine.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../../../src/indicators/settings.ts';
import { migrateReferenceSchema } from '../../../src/migrate.ts';
import { createPgliteDb } from '../../../src/db/index.ts';
import { createScratchPostgres } from '../../support/databases.ts';
import { relaxConstraints } from '../../support/fixtures.ts';
import { advanceArb, changeArb, insertRow, LOCATIONS, rowArb, T0 } from './exactness-model.ts';
import { engineNumbers, readLocations, referenceNumbers, refreshEngine, type Numbers } from './support.ts';

const settings = DEFAULT_INDICATOR_SETTINGS;

const scenarioArb = fc.record({
  initial: fc.array(rowArb, { minLength: 20, maxLength: 60 }),
  steps: fc.array(fc.record({ advance: advanceArb, changes: fc.array(changeArb, { maxLength: 4 }) }), { minLength: 4, maxLength: 10 }),
});

/** The first few differences, readable. */
function differences(got: Numbers, want: Numbers): string[] {
  const found: string[] = [];
  const compare = (path: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) found.push(`${path}: engine ${JSON.stringify(a)}, SQL ${JSON.stringify(b)}`);
  };
  for (const [indicator, windows] of Object.entries(want.indicators)) {
    const mine = got.indicators[indicator] ?? {};
    for (const key of new Set([...Object.keys(windows), ...Object.keys(mine)])) compare(`${indicator} ${key}`, mine[key], windows[key]);
  }
  for (const key of new Set([...Object.keys(want.ack), ...Object.keys(got.ack)])) compare(`ack ${key}`, got.ack[key], want.ack[key]);
  for (const key of new Set([...Object.keys(want.skipped), ...Object.keys(got.skipped)])) compare(`skipped ${key}`, got.skipped[key], want.skipped[key]);
  return found.slice(0, 12);
}

async function reset(db: Db): Promise<void> {
  await db.exec('TRUNCATE ecm.tasks, ecm.care_notes, ecm.alerts, ecm.shifts, ecm.sessions, ecm.staff, ecm.locations CASCADE');
  for (const location of LOCATIONS) {
    await db.query(`INSERT INTO ecm.locations (location_id, name, service_type, go_live_date, timezone) VALUES ($1, $1, 'residential', $2, $3)`, [
      location.location_id,
      location.go_live_date,
      location.timezone,
    ]);
  }
}

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

async function runScenario(db: Db, scenario: Scenario): Promise<void> {
  await reset(db);
  let sequence = 0;
  const ids = () => `r${(sequence += 1)}`;
  for (const make of scenario.initial) await insertRow(db, make(T0, ids()));
  const engine = createIncrementalEngine({ reverifyMinutes: 15 });
  let now = T0;
  let previous = T0;
  const check = async (label: string) => {
    const locations = await readLocations(db, new Date(now), settings);
    const views = await refreshEngine(db, engine, new Date(now), settings, locations);
    const found = differences(engineNumbers(views), await referenceNumbers(db, new Date(now), settings, locations));
    if (found.length > 0) throw new Error(`${label} at ${new Date(now).toISOString()}:\n${found.join('\n')}`);
  };
  await check('first refresh');
  for (const [index, step] of scenario.steps.entries()) {
    previous = now;
    now = step.advance(now);
    let invisible = false;
    for (const change of step.changes) {
      const visible = await change(db, { now, previous, ids });
      invisible ||= !visible;
    }
    if (!invisible) {
      await check(`step ${index + 1} (timestamped changes only)`);
      continue;
    }
    // An untimestamped change may show only after re-verification: refresh (anything may differ), then
    // re-verify everything at the same instant, which must agree.
    const locations = await readLocations(db, new Date(now), settings);
    await refreshEngine(db, engine, new Date(now), settings, locations);
    engine.reverifyEverythingNext();
    await check(`step ${index + 1} (after re-verification)`);
  }
}

function exactnessSuite(name: string, create: () => Promise<Db>, numRuns: number): void {
  describe(`incremental engine equals the indicator SQL on ${name}`, () => {
    let db: Db | undefined;
    beforeAll(async () => {
      db = await create();
      await migrateReferenceSchema(db);
      await relaxConstraints(db);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('after every refresh, for random histories, changes and clock moves', async () => {
      const database = db;
      if (!database) throw new Error('no database');
      await fc.assert(
        fc.asyncProperty(scenarioArb, (scenario) => runScenario(database, scenario)),
        { numRuns, endOnFailure: true },
      );
    }, 600_000);
  });
}

exactnessSuite('PGlite', () => createPgliteDb(), Number(process.env.EXACTNESS_RUNS ?? 6));

const url = process.env.TEST_DATABASE_URL;
describe.skipIf(!url)('on PostgreSQL 15 (skipped: set TEST_DATABASE_URL to run it)', () => {
  if (url) exactnessSuite('PostgreSQL', () => createScratchPostgres(url), Number(process.env.EXACTNESS_RUNS ?? 6));
  it('has a server to run on', () => expect(url).toBeTruthy());
});

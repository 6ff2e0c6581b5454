import { createPgDb } from '../src/db/index.ts';
import { seedDatabase } from '../src/seed/index.ts';
import { CORE_RATIOS, NOTE_DUPLICATION, ratio } from '../test/support/story-queries.ts';
const profile = (process.argv[2] ?? 'medium') as 'medium';
const now = new Date(process.argv[3] ?? '2026-11-25T10:00:00Z');
const db = createPgDb({ connectionString: 'postgres://postgres@127.0.0.1:5432/seedtry_m' });
if (process.argv[4] !== 'noseed') console.log((await seedDatabase(db, { profile, seed: 3, now, replace: true })).elapsedMs);
const locs = (await db.query<{ location_id: string }>('SELECT location_id FROM ecm.locations ORDER BY 1')).rows.map((r) => r.location_id);
// weeks: last 5 complete Monday weeks (UTC approx)
const day = 86400000;
const mondayNow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - ((now.getUTCDay() + 6) % 7) * day);
const windows: [string, Date, Date][] = [['7d', new Date(+now - 7 * day), now], ['28d', new Date(+now - 28 * day), now]];
for (let w = 1; w <= 5; w++) windows.push([`w-${w}`, new Date(+mondayNow - w * 7 * day), new Date(+mondayNow - (w - 1) * 7 * day)]);
for (const loc of locs) {
  const out: string[] = [];
  for (const [name, sql] of [...Object.entries(CORE_RATIOS), ['dup', NOTE_DUPLICATION]] as [string, string][]) {
    const vals = [];
    for (const [, from, to] of windows) vals.push((await ratio(db, sql, loc, from, to, now)).value.toFixed(3));
    out.push(`${name.padEnd(22)} ${vals.join(' ')}`);
  }
  console.log(loc + '   (7d 28d w-1..w-5)\n' + out.join('\n'));
}
await db.close();

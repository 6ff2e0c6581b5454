import { createPgliteDb } from '../src/db/index.ts';
import { createScratchPostgres } from '../test/support/databases.ts';
import { seedDatabase } from '../src/seed/index.ts';
import { ecmDigests } from '../test/support/digest.ts';
const profile = (process.argv[2] ?? 'small') as 'small';
const now = new Date('2026-11-25T10:00:00Z');
const a = await createPgliteDb();
const b = await createScratchPostgres('postgres://postgres@127.0.0.1:5432/postgres');
try {
  const sa = await seedDatabase(a, { profile, seed: 7, now });
  const sb = await seedDatabase(b, { profile, seed: 7, now, onProgress: (l) => console.error(l) });
  console.log(sa.elapsedMs, sb.elapsedMs, sb.rows);
  const da = await ecmDigests(a), dbb = await ecmDigests(b);
  console.log(da, dbb);
} finally { await a.close(); await b.close(); }

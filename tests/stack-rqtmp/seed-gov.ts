import { createPgDb } from '../../exporter/src/db/index.ts';
import { seedGovernanceLogs } from '../../exporter/src/seed/governance-logs.ts';
const db = createPgDb({ connectionString: process.argv[2] ?? '' });
try {
  console.log(JSON.stringify(await seedGovernanceLogs(db, { profile: 'small', seed: 7, now: new Date() })));
} finally {
  await db.close();
}

import { openDatabase } from './src/db/open.ts';
import { seedDatabase } from './src/seed/index.ts';
const url = process.argv[process.argv.indexOf('--database-url') + 1];
const db = await openDatabase(url);
const s = await seedDatabase(db, { profile: 'small', seed: 7, now: new Date(), replace: true });
console.log(JSON.stringify(s.rows));
await db.close();

import { createPgliteDb } from '../src/db/index.ts';
import { seedDatabase } from '../src/seed/index.ts';
const db = await createPgliteDb();
const t = performance.now();
try {
const s = await seedDatabase(db, { profile: 'small', seed: 1, now: new Date('2026-11-25T10:00:00Z'), onProgress: (l) => console.error(l) });
console.log(s, performance.now() - t, process.cpuUsage());
} catch (e) { console.error(e); }
await db.close();

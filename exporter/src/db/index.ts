export type { Db, Queryable, ReadOnlyOptions, Row } from './types.ts';
export { eachRow } from './types.ts';
export { createPgDb } from './pg.ts';
export { createPgliteDb } from './pglite.ts';

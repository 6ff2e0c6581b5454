import { describe, expect, it } from 'vitest';
import { createPgliteDb } from '../src/db/index.ts';
import { UserError } from '../src/errors.ts';
import { migrateReferenceSchema } from '../src/migrate.ts';
import { startService } from '../src/server.ts';
import { numberPipeline, settableClock, silentLogger } from './runtime/helpers.ts';

describe('startService (the process side of serve and demo)', () => {
  it('listens, runs the first refresh, names a port in use, and closes server and database', async () => {
    const db = await createPgliteDb();
    await migrateReferenceSchema(db);
    const options = {
      db,
      pipeline: numberPipeline([{ name: 'one', run: async () => 1 }]),
      indicators: [],
      clock: settableClock(new Date('2026-03-02T09:00:00Z')),
      logger: silentLogger(),
      listenAddress: '127.0.0.1',
      port: 0,
      refreshIntervalSeconds: 60,
      statementTimeoutMs: 1000,
      concurrency: 1,
      mode: 'test',
    };
    const service = await startService(options);
    try {
      expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      await service.firstRefresh;
      expect((await fetch(`${service.url}readyz`)).status).toBe(200);
      const port = Number(new URL(service.url).port);
      const second = startService({ ...options, port });
      await expect(second).rejects.toThrow(UserError);
      await expect(startService({ ...options, port })).rejects.toThrow(
        `cannot listen on 127.0.0.1:${port}: port already in use (choose another with --port or PORT)`,
      );
    } finally {
      await service.close();
    }
    await expect(fetch(`${service.url}healthz`)).rejects.toThrow();
    await expect(db.query('SELECT 1')).rejects.toThrow();
  });
});

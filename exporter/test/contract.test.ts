import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/index.ts';
import { migrateReferenceSchema } from '../src/migrate.ts';
import { databaseTargets } from './support/databases.ts';

// The canonical read contract, written out from the foundation issue (not read
// from the DDL), so a change to the DDL that breaks the contract fails here.
const CONTRACT: Record<string, Record<string, string>> = {
  locations: { location_id: 'text', name: 'text', service_type: 'text', go_live_date: 'date', timezone: 'text' },
  staff: { staff_id: 'text', location_id: 'text', role: 'text', team: 'text' },
  shifts: {
    shift_id: 'text',
    location_id: 'text',
    staff_id: 'text',
    kind: 'text',
    service_user_id: 'text',
    starts_at: 'timestamp with time zone',
    ends_at: 'timestamp with time zone',
  },
  sessions: {
    session_id: 'text',
    location_id: 'text',
    staff_id: 'text',
    started_at: 'timestamp with time zone',
    ended_at: 'timestamp with time zone',
  },
  tasks: {
    task_id: 'text',
    location_id: 'text',
    service_user_id: 'text',
    category: 'text',
    due_at: 'timestamp with time zone',
    completed_at: 'timestamp with time zone',
    completed_by: 'text',
    status: 'text',
  },
  care_notes: {
    note_id: 'text',
    location_id: 'text',
    service_user_id: 'text',
    staff_id: 'text',
    section: 'text',
    occurred_at: 'timestamp with time zone',
    recorded_at: 'timestamp with time zone',
    body: 'text',
  },
  alerts: {
    alert_id: 'text',
    location_id: 'text',
    service_user_id: 'text',
    source: 'text',
    severity: 'text',
    raised_at: 'timestamp with time zone',
    acknowledged_at: 'timestamp with time zone',
    acknowledged_by: 'text',
    resolved_at: 'timestamp with time zone',
  },
};

describe.each(databaseTargets())('reference schema on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.create();
    await migrateReferenceSchema(db);
  });
  afterAll(async () => db?.close());

  it('has every contract relation with exactly the contract columns and types', async () => {
    const { rows } = await db.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'ecm'`,
    );
    const found: Record<string, Record<string, string>> = {};
    for (const row of rows) (found[row.table_name] ??= {})[row.column_name] = row.data_type;
    expect(found).toEqual(CONTRACT);
  });

  it('defaults a location timezone to Europe/London', async () => {
    await db.query(`INSERT INTO ecm.locations (location_id, name, service_type, go_live_date) VALUES ('x', 'X', 'residential', '2026-01-01')`);
    const { rows } = await db.query<{ timezone: string }>(`SELECT timezone FROM ecm.locations WHERE location_id = 'x'`);
    expect(rows[0]?.timezone).toBe('Europe/London');
  });

  it('is idempotent: migrating twice keeps the data', async () => {
    await migrateReferenceSchema(db);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ecm.locations`);
    expect(rows[0]?.n).toBe(1);
  });
});

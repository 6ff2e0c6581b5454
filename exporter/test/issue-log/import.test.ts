/**
 * `import issues` and the receiver share adoption.adoption_issues without clobbering
 * each other: imported ids cannot take the receiver's `alert:` prefix, the receiver
 * only ever touches rows with its fingerprint, and actions may link either kind.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { migrateGovernanceStore } from '../../src/governance/store.ts';
import { databaseTargets } from '../support/databases.ts';
import { importText } from '../governance/import-support.ts';
import { issues, notification, post, RED_FIRING, RED_RESOLVED, startReceiver, type Receiver } from './support.ts';

const TEMPLATE = new URL('../../../provisioning/templates/issues.csv', import.meta.url);
const HEADER = 'issue_id,location_id,raised_at,source,category,priority,status,due_at,resolved_at,summary';

describe.each(databaseTargets())('import issues beside the receiver ($name)', (target) => {
  let db: Db;
  let receiver: Receiver;
  let clock = new Date('2026-11-10T10:00:00Z');
  beforeAll(async () => {
    db = await target.create();
    await migrateGovernanceStore(db);
    receiver = await startReceiver(db, () => clock);
    await post(receiver, notification([{ ...RED_FIRING, startsAt: '2026-11-10T09:00:00Z' }]));
  });
  afterAll(async () => {
    await receiver.close();
    await db.close();
  });

  const receiverRow = async () => (await issues(db)).find((row) => row.recorded_by === 'alert_receiver');

  it('importing the log leaves the receiver issue as it was; re-importing changes nothing', async () => {
    const before = await receiverRow();
    expect(before).toMatchObject({ issue_id: 'alert:5f3a9c1e7b2d4a60', status: 'open' });
    const csv = await readFile(TEMPLATE, 'utf8');
    expect(await importText(db, 'issues', csv)).toMatchObject({ rows: 3, inserted: 3, updated: 0, unchanged: 0 });
    expect(await importText(db, 'issues', csv)).toMatchObject({ rows: 3, inserted: 0, updated: 0, unchanged: 3 });
    expect(await receiverRow()).toEqual(before);
    expect((await issues(db)).filter((row) => row.recorded_by === 'import').map((row) => row.issue_id)).toEqual(['ISS-014', 'ISS-015', 'ISS-016']);
  });

  it('an import cannot take or overwrite a receiver id', async () => {
    const before = await issues(db);
    const csv = `${HEADER}\nalert:5f3a9c1e7b2d4a60,loc-01,10/11/2026,alert,training,low,resolved,,11/11/2026,edited in a spreadsheet\n`;
    await expect(importText(db, 'issues', csv)).rejects.toThrow(
      'line 2: column issue_id: ids starting with "alert:" are reserved for issues recorded from alerts by the issue-log receiver',
    );
    expect(await issues(db)).toEqual(before);
  });

  it('the receiver resolving its issue touches no imported row; actions may link either kind', async () => {
    const imported = (await issues(db)).filter((row) => row.recorded_by === 'import');
    clock = new Date('2026-11-12T08:00:00Z');
    expect((await post(receiver, notification([{ ...RED_RESOLVED, startsAt: '2026-11-10T09:00:00Z', endsAt: '2026-11-12T07:00:00Z' }]))).status).toBe(200);
    expect(await receiverRow()).toMatchObject({ status: 'resolved', resolved_at: '2026-11-12T07:00:00.000Z' });
    expect((await issues(db)).filter((row) => row.recorded_by === 'import')).toEqual(imported);
    const actions =
      'action_id,location_id,kind,linked_issue_id,linked_audit_id,linked_feedback_theme,raised_at,due_at,completed_at,summary\n' +
      'ACT-1,loc-01,coaching,alert:5f3a9c1e7b2d4a60,,,11/11/2026,20/11/2026,,Coach the night team\n' +
      'ACT-2,loc-02,refresher_training,ISS-014,,,05/11/2026,,16/11/2026,Refresher\n';
    expect(await importText(db, 'actions', actions)).toMatchObject({ rows: 2, inserted: 2 });
  });
});

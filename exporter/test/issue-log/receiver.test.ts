/**
 * The issue-log receiver against the governance store, on PGlite and PostgreSQL:
 * Alertmanager notifications (version "4") posted over HTTP to the running app.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { migrateGovernanceStore } from '../../src/governance/store.ts';
import { databaseTargets } from '../support/databases.ts';
import { counter, issues, notification, post, RED_FIRING, RED_RESOLVED, startReceiver, type Receiver } from './support.ts';

const at = (iso: string) => () => new Date(iso);

describe.each(databaseTargets())('issue-log receiver ($name)', (target) => {
  let db: Db;
  let receiver: Receiver;
  let clock = at('2026-02-10T10:00:00Z');
  beforeAll(async () => {
    db = await target.create();
    await migrateGovernanceStore(db);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.exec('TRUNCATE adoption.corrective_actions, adoption.adoption_issues');
    clock = at('2026-02-10T10:00:00Z');
    await receiver?.close();
    receiver = await startReceiver(db, () => clock());
  });

  it('firing then resolved: one issue, opened then closed', async () => {
    expect(await post(receiver, notification([RED_FIRING]))).toMatchObject({ status: 200, text: 'recorded 1 governance alert(s), ignored 0\n' });
    const opened = {
      issue_id: 'alert:5f3a9c1e7b2d4a60',
      location_id: 'loc-01',
      raised_at: '2026-02-10T09:00:00.000Z',
      source: 'alert',
      category: 'local_practice',
      priority: 'medium',
      status: 'open',
      due_at: null,
      resolved_at: null,
      summary: 'task_on_time is red at loc-01 (58%)',
      recorded_by: 'alert_receiver',
      alert_fingerprint: '5f3a9c1e7b2d4a60',
      alert_name: 'EcmIndicatorRed',
      indicator: 'task_on_time',
      alert_started_at: '2026-02-10T09:00:00.000Z',
      last_seen_at: '2026-02-10T10:00:00.000Z',
      owner: null,
      notes: null,
    };
    expect(await issues(db)).toEqual([opened]);
    clock = at('2026-02-12T07:01:00Z');
    expect((await post(receiver, notification([RED_RESOLVED]))).status).toBe(200);
    expect(await issues(db)).toEqual([{ ...opened, status: 'resolved', resolved_at: '2026-02-12T07:00:00.000Z', last_seen_at: '2026-02-12T07:00:00.000Z' }]);
    expect(await counter(receiver, 'ecm_adoption_issue_log_alerts_total', 'created')).toBe(1);
    expect(await counter(receiver, 'ecm_adoption_issue_log_alerts_total', 'updated')).toBe(1);
  });

  it('repeats, replays and a restart never make a second issue; a late firing replay does not reopen it', async () => {
    for (const hour of ['10', '11', '12']) {
      clock = at(`2026-02-10T${hour}:00:00Z`);
      expect((await post(receiver, notification([RED_FIRING]))).status).toBe(200);
    }
    const seen = await issues(db);
    expect(seen.map((row) => [row.status, row.last_seen_at])).toEqual([['open', '2026-02-10T12:00:00.000Z']]);
    // The same notification replayed at the same moment: nothing changes.
    expect((await post(receiver, notification([RED_FIRING]))).status).toBe(200);
    expect(await issues(db)).toEqual(seen);
    expect(await counter(receiver, 'ecm_adoption_issue_log_alerts_total', 'unchanged')).toBe(1);

    clock = at('2026-02-12T08:00:00Z');
    await post(receiver, notification([RED_RESOLVED]));
    const closed = await issues(db);
    // A restart: a new receiver on the same store; replays of the resolved and of an old firing notification.
    await receiver.close();
    receiver = await startReceiver(db, () => clock());
    clock = at('2026-02-12T09:00:00Z');
    expect((await post(receiver, notification([RED_RESOLVED]))).status).toBe(200);
    expect((await post(receiver, notification([RED_FIRING]))).status).toBe(200);
    expect(await issues(db)).toEqual(closed);
    expect(await counter(receiver, 'ecm_adoption_issue_log_alerts_total', 'unchanged')).toBe(2);

    // It fires again (a new start): the same issue is reopened, still one row.
    clock = at('2026-02-20T10:00:00Z');
    await post(receiver, notification([{ ...RED_FIRING, startsAt: '2026-02-20T09:30:00Z' }]));
    expect((await issues(db)).map((row) => [row.issue_id, row.status, row.resolved_at, row.raised_at, row.alert_started_at])).toEqual([
      ['alert:5f3a9c1e7b2d4a60', 'open', null, '2026-02-10T09:00:00.000Z', '2026-02-20T09:30:00.000Z'],
    ]);
  });

  it('never overwrites what people wrote: owner, priority, notes, category, summary, a status they set', async () => {
    await post(receiver, notification([RED_FIRING]));
    await db.query(
      `UPDATE adoption.adoption_issues SET owner = 'Registered manager', priority = 'high', notes = 'Discussed at the board', category = 'training',
         summary = 'Night recording practice', status = 'in_progress', due_at = '2026-02-20T17:00Z' WHERE issue_id = 'alert:5f3a9c1e7b2d4a60'`,
    );
    clock = at('2026-02-11T10:00:00Z');
    await post(receiver, notification([{ ...RED_FIRING, severity: 'critical', summary: 'task_on_time is red at loc-01 (41%)' }]));
    const human = {
      owner: 'Registered manager',
      priority: 'high',
      notes: 'Discussed at the board',
      category: 'training',
      summary: 'Night recording practice',
      due_at: '2026-02-20T17:00:00.000Z',
    };
    expect(await issues(db)).toMatchObject([{ ...human, status: 'in_progress', last_seen_at: '2026-02-11T10:00:00.000Z' }]);
    clock = at('2026-02-12T08:00:00Z');
    await post(receiver, notification([RED_RESOLVED]));
    expect(await issues(db)).toMatchObject([{ ...human, status: 'resolved', resolved_at: '2026-02-12T07:00:00.000Z' }]);
  });

  it('ignores alerts that are not governance alerts of this product: 200, logged and counted', async () => {
    const body = notification([
      { status: 'firing', alertname: 'EcmAlertsUnacknowledgedPastTarget', location: 'loc-01', startsAt: '2026-02-10T09:00:00Z', fingerprint: 'aa01' },
      { status: 'firing', alertname: 'SomethingElse', startsAt: '2026-02-10T09:00:00Z', fingerprint: 'aa02' },
      { ...RED_FIRING, location: 'organisation', fingerprint: 'aa03', alertname: 'EcmCorrectiveActionsOverdue', indicator: undefined, severity: 'info' },
    ]);
    expect(await post(receiver, body)).toMatchObject({ status: 200, text: 'recorded 1 governance alert(s), ignored 2\n' });
    expect((await issues(db)).map((row) => [row.issue_id, row.location_id, row.category, row.priority, row.indicator])).toEqual([
      ['alert:aa03', null, 'workflow', 'low', null],
    ]);
    expect(await counter(receiver, 'ecm_adoption_issue_log_alerts_total', 'ignored')).toBe(2);
    expect(receiver.logs.filter((entry) => entry.message === 'not a governance alert of this product: ignored').map((entry) => entry.object)).toEqual([
      { alertname: 'EcmAlertsUnacknowledgedPastTarget', fingerprint: 'aa01', receiver: 'issue-log' },
      { alertname: 'SomethingElse', fingerprint: 'aa02', receiver: 'issue-log' },
    ]);
  });

  it('rejects malformed JSON, another version and another shape with 400, writing nothing', async () => {
    const v3 = JSON.stringify({ ...JSON.parse(notification([RED_FIRING])), version: '3' });
    const noAlerts = JSON.stringify({ ...JSON.parse(notification([RED_FIRING])), alerts: 'none' });
    const malformed = await post(receiver, '{"version": "4", ');
    expect(malformed.status).toBe(400);
    expect(malformed.text).toMatch(/^malformed JSON: /);
    expect(await post(receiver, v3)).toMatchObject({
      status: 400,
      text: 'unsupported webhook version "3": this receiver reads version "4" (Alertmanager 0.25)\n',
    });
    const notANotification = await post(receiver, noAlerts);
    expect(notANotification.status).toBe(400);
    expect(notANotification.text).toMatch(/^not an Alertmanager notification: alerts: /);
    expect(await post(receiver, '[]')).toMatchObject({ status: 400, text: 'expected a JSON object (an Alertmanager webhook notification)\n' });
    expect(await issues(db)).toEqual([]);
    expect(await counter(receiver, 'ecm_adoption_issue_log_notifications_total', 'rejected')).toBe(4);
  });

  it('store down: 503 with Retry-After and nothing written, then the retry records it once', async () => {
    let down = true;
    const flaky: Db = { ...db, transaction: (fn) => (down ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) : db.transaction(fn)) };
    await receiver.close();
    receiver = await startReceiver(flaky, () => clock());
    expect(await post(receiver, notification([RED_FIRING]))).toMatchObject({
      status: 503,
      retryAfter: '3',
      text: 'governance store unavailable: nothing written, retry\n',
    });
    expect(await issues(db)).toEqual([]);
    expect(await receiver.registry.metrics()).toMatch(/^ecm_adoption_issue_log_store_up 0$/m);
    down = false;
    expect((await post(receiver, notification([RED_FIRING]))).status).toBe(200);
    expect((await post(receiver, notification([RED_FIRING]))).status).toBe(200);
    expect((await issues(db)).map((row) => row.issue_id)).toEqual(['alert:5f3a9c1e7b2d4a60']);
    expect(await receiver.registry.metrics()).toMatch(/^ecm_adoption_issue_log_store_up 1$/m);
    expect(await counter(receiver, 'ecm_adoption_issue_log_notifications_total', 'store_unavailable')).toBe(1);
  });

  it('serves its own metrics and /healthz', async () => {
    expect((await fetch(`${receiver.url}/healthz`)).status).toBe(200);
    const text = await (await fetch(`${receiver.url}/metrics`)).text();
    for (const name of [
      'ecm_adoption_issue_log_notifications_total',
      'ecm_adoption_issue_log_alerts_total',
      'ecm_adoption_issue_log_last_success_timestamp_seconds',
      'ecm_adoption_issue_log_store_up',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });
});

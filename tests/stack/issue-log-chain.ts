/**
 * The issue log end to end, on a stack of its own: a location's indicator turns red through its
 * data (late care notes), the shipped EcmIndicatorRed rule fires, the shipped routes deliver it to
 * the issue-log receiver (its own process and login), which records ONE adoption issue; repeats
 * and a receiver restart find that issue again; a person's edits stay; the data turns green, the
 * alert resolves and so does the issue; the evidence pack lists it beside the imported issues.
 *
 * Test-only shortenings (render.ts RenderTuning), nothing else: EcmIndicatorRed `for` 1h -> 15 s,
 * and the issue-log route's group_wait 30 s -> 5 s and repeat_interval 4h -> 10 s.
 */
import type { ExpectStatic } from 'vitest';
import { isRecord } from '../provisioning/support.ts';
import type { Cluster } from './postgres.ts';
import { freePort, tail, waitFor } from './processes.ts';
import { instantQuery } from './prom-api.ts';
import { ISSUE_LOG_ROLE, queryRows, receiverLoginSql, startReceiver, type Receiver } from './issue-log-receiver.ts';
import { startStack, type Stack } from './stack-env.ts';
import { checkEvidencePack } from './issue-log-evidence.ts';

export const LOCATION = 'loc-01';
export const INDICATOR = 'note_timeliness';
export const ALERT = 'EcmIndicatorRed';
const LATE_NOTE = 'stack-issue-log-late-note-';
const WAIT_MS = 120_000;

export interface IssueRow {
  issue_id: string;
  alert_fingerprint: string;
  source: string;
  recorded_by: string;
  location_id: string | null;
  indicator: string | null;
  category: string;
  priority: string;
  status: string;
  summary: string | null;
  owner: string | null;
  notes: string | null;
  raised_at: Date;
  alert_started_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
}

export interface ChainResult {
  seconds: number;
  /** From the insert of the late notes to the issue in the store. */
  redToIssue: number;
  /** From the correction of the notes to the issue resolved. */
  greenToResolved: number;
  repeatsSeen: number;
}

const ISSUES_SQL = `SELECT issue_id, alert_fingerprint, source, recorded_by, location_id, indicator, category, priority, status, summary,
         owner, notes, raised_at, alert_started_at, last_seen_at, resolved_at
  FROM adoption.adoption_issues WHERE alert_name = $1 AND location_id = $2 AND indicator = $3`;

async function one(stack: Stack, expr: string): Promise<number | undefined> {
  const samples = await instantQuery(stack.prometheusUrl, expr);
  return samples.length === 1 ? samples[0]?.value : undefined;
}

/** Alertmanager's view of the alert: its fingerprint (the issue's key) and start. */
async function alertmanagerAlert(stack: Stack): Promise<{ fingerprint: string; startsAt: string } | undefined> {
  const filters = [`alertname="${ALERT}"`, `location="${LOCATION}"`, `indicator="${INDICATOR}"`].map((f) => `filter=${encodeURIComponent(f)}`).join('&');
  const body: unknown = await (await fetch(`${stack.alertmanagerUrl}/api/v2/alerts?active=true&${filters}`)).json();
  const alert = Array.isArray(body) ? body.find(isRecord) : undefined;
  if (!alert || typeof alert['fingerprint'] !== 'string' || typeof alert['startsAt'] !== 'string') return undefined;
  return { fingerprint: alert['fingerprint'], startsAt: alert['startsAt'] };
}

/** The indicator's window in the location's phase and its counts, once green and quiet. */
async function greenBaseline(stack: Stack, issues: () => Promise<IssueRow[]>): Promise<{ window: string; numerator: number; denominator: number }> {
  return await waitFor('note_timeliness green at loc-01, no alert, no issue', WAIT_MS, async () => {
    const weekly = await one(stack, `ecm_adoption_governance_phase{location="${LOCATION}",phase="weekly"}`);
    if (weekly === undefined) return undefined;
    const window = weekly === 1 ? '7d' : '28d';
    const series = `{indicator="${INDICATOR}",location="${LOCATION}",window="${window}"}`;
    const [status, numerator, denominator, alerts] = await Promise.all([
      one(stack, `ecm_adoption_indicator_status${series}`),
      one(stack, `ecm_adoption_indicator_numerator${series}`),
      one(stack, `ecm_adoption_indicator_denominator${series}`),
      instantQuery(stack.prometheusUrl, `ALERTS{alertname="${ALERT}",indicator="${INDICATOR}",location="${LOCATION}"}`),
    ]);
    if (status !== 0 || numerator === undefined || denominator === undefined || alerts.length > 0) return undefined;
    return (await issues()).length === 0 ? { window, numerator, denominator } : undefined;
  });
}

/**
 * Late notes at the location, two days ago (inside either window), each recorded 6 h after it
 * occurred (late: the threshold is 2 h), for a resident and a member of staff of its own notes.
 */
const INSERT_LATE_NOTES_SQL = `
  INSERT INTO ecm.care_notes (note_id, location_id, service_user_id, staff_id, section, occurred_at, recorded_at, body)
  SELECT '${LATE_NOTE}' || i, n.location_id, n.service_user_id, n.staff_id, 'daily',
         now() - interval '2 days' + i * interval '1 second', now() - interval '2 days' + i * interval '1 second' + interval '6 hours',
         'Daily note written up after the shift, entry ' || i
  FROM generate_series(1, $2::int) AS i
  CROSS JOIN (SELECT location_id, service_user_id, staff_id FROM ecm.care_notes WHERE location_id = $1 LIMIT 1) n`;

/** The notes were recorded in time after all (the late recorded_at was a migration error). */
const CORRECT_LATE_NOTES_SQL = `UPDATE ecm.care_notes SET recorded_at = occurred_at + interval '30 minutes' WHERE note_id LIKE '${LATE_NOTE}%'`;

const HUMAN_EDIT = { owner: 'Registered manager, loc-01', priority: 'high', notes: 'Notes written up after the shift: handover coaching booked.' };

interface Chain {
  stack: Stack;
  receiver: Receiver;
  expect: ExpectStatic;
  /** Waits until the issue's one row passes `ready`; a second row for the alert fails at once. */
  untilIssue: (what: string, ready: (row: IssueRow) => boolean) => Promise<IssueRow>;
}

const phaseWindow = (family: 'status' | 'ratio'): string =>
  `location_indicator:ecm_adoption_indicator_${family}:phase_window{indicator="${INDICATOR}",location="${LOCATION}"}`;

/** Red through the data; the receiver records one issue, keyed by Alertmanager's fingerprint. */
async function redBecomesOneIssue({ stack, expect, untilIssue }: Chain, baseline: { numerator: number; denominator: number }): Promise<IssueRow> {
  // Late notes so the ratio is exactly one half, whatever the seed's counts n / d:
  // n / (d + x) = 1/2 with x = 2n - d late notes (d > n > d/2 while green). 50 % is below
  // the critical threshold of either phase (60 % weekly, 75 % monthly).
  const late = 2 * baseline.numerator - baseline.denominator;
  expect(late).toBeGreaterThan(0);
  await stack.sql(INSERT_LATE_NOTES_SQL, [LOCATION, late]);
  const ratio = await waitFor('the phase-window status red', WAIT_MS, async () =>
    (await one(stack, phaseWindow('status'))) === 2 ? await one(stack, phaseWindow('ratio')) : undefined,
  );
  // The window slides during the test: a seed note may leave it, moving the half by < 0.1 %.
  expect(ratio).toBeCloseTo(0.5, 2);

  const first = await untilIssue('the adoption issue', () => true);
  const am = await alertmanagerAlert(stack);
  expect(am, 'the alert at Alertmanager').toBeDefined();
  expect(first).toMatchObject({
    issue_id: `alert:${am?.fingerprint ?? ''}`,
    alert_fingerprint: am?.fingerprint,
    source: 'alert',
    recorded_by: 'alert_receiver',
    location_id: LOCATION,
    indicator: INDICATOR,
    category: 'local_practice',
    priority: 'medium', // severity warning
    status: 'open',
    owner: null,
    notes: null,
    resolved_at: null,
  });
  // The rule's summary quotes the ratio when it fired: one half (see above).
  const quoted = new RegExp(`^${INDICATOR} is red at ${LOCATION} \\((\\d+(?:\\.\\d+)?)%\\)$`).exec(first.summary ?? '');
  expect(quoted, `summary "${first.summary ?? ''}"`).not.toBeNull();
  expect(Number(quoted?.[1])).toBeCloseTo(50, 0);
  // First seen = the alert's start as Alertmanager holds it; last seen = a delivery after it.
  expect(first.raised_at.getTime()).toBe(Date.parse(am?.startsAt ?? ''));
  expect(first.alert_started_at.getTime()).toBe(first.raised_at.getTime());
  expect(first.last_seen_at.getTime()).toBeGreaterThanOrEqual(first.raised_at.getTime());
  return first;
}

/** Repeats, a person's edits and a restart of the receiver: still one issue, the edits kept. */
async function repeatsAndRestartKeepIt({ stack, receiver, expect, untilIssue }: Chain, first: IssueRow): Promise<number> {
  // Repeats (repeat_interval 10 s): last seen moves on, the issue stays one.
  const seenTimes = new Set<number>([first.last_seen_at.getTime()]);
  await untilIssue('two repeated notifications', (row) => seenTimes.add(row.last_seen_at.getTime()).size >= 3);
  expect((await receiver.alertResults())['seen']).toBeGreaterThanOrEqual(2);

  // The quality lead takes it on, with SQL as the store's owner.
  await stack.sql(`UPDATE adoption.adoption_issues SET owner = $2, priority = $3, notes = $4, status = 'in_progress' WHERE issue_id = $1`, [
    first.issue_id,
    HUMAN_EDIT.owner,
    HUMAN_EDIT.priority,
    HUMAN_EDIT.notes,
  ]);

  const restartedAt = Date.now();
  await receiver.restart();
  const afterRestart = await untilIssue('a notification to the restarted receiver', (row) => row.last_seen_at.getTime() > restartedAt);
  expect(afterRestart).toMatchObject({ ...HUMAN_EDIT, status: 'in_progress', issue_id: first.issue_id, raised_at: first.raised_at });
  const results = await receiver.alertResults();
  expect(results['created'], 'the restarted receiver created no issue').toBe(0);
  expect(results['seen']).toBeGreaterThanOrEqual(1);
  return seenTimes.size - 1;
}

/**
 * Green: the notes were recorded in time after all. Ratio (n + x) / (d + x) = 3/2 - d/2n: at
 * least 87.5 % when n/d >= 80 % (weekly target), 94.4 % when n/d >= 90 % (monthly target).
 */
async function greenResolvesIt({ stack, expect, untilIssue }: Chain, first: IssueRow): Promise<IssueRow> {
  const greenAt = Date.now();
  await stack.sql(CORRECT_LATE_NOTES_SQL);
  const resolved = await untilIssue('the issue resolved', (row) => row.status === 'resolved');
  expect(resolved).toMatchObject({ ...HUMAN_EDIT, issue_id: first.issue_id, raised_at: first.raised_at, source: 'alert' });
  expect(resolved.resolved_at?.getTime()).toBeGreaterThanOrEqual(greenAt - 1_000);
  expect(resolved.last_seen_at.getTime()).toBeGreaterThanOrEqual(resolved.resolved_at?.getTime() ?? Infinity);
  expect(await one(stack, phaseWindow('status'))).toBe(0);
  return resolved;
}

export async function runIssueLogChain(template: Cluster, expect: ExpectStatic): Promise<ChainResult> {
  const started = Date.now();
  const port = await freePort();
  const stack = await startStack({
    name: 'issue-log',
    template,
    tuning: { alertFor: { [ALERT]: '15s' }, issueLog: { port, groupWait: '5s', repeatInterval: '10s' } },
    // The late notes go in with both their times two days back, and are corrected by editing
    // recorded_at: neither change carries a timestamp after the previous refresh, so the exporter
    // finds them by re-verification (docs/architecture.md, Refresh). Its shortest interval, one
    // minute, keeps each step within the chain's two-minute waits (the default is 15 minutes).
    prepare: () => Promise.resolve({ REFRESH_REVERIFY_MINUTES: '1' }),
  });
  let receiver: Receiver | undefined;
  const store = stack.cluster.urlFor(stack.database);
  const issues = () => queryRows<IssueRow>(store, ISSUES_SQL, [ALERT, LOCATION, INDICATOR]);
  const untilIssue = async (what: string, ready: (row: IssueRow) => boolean): Promise<IssueRow> => {
    const rows = await waitFor(what, WAIT_MS, async () => {
      const found = await issues();
      return found.length > 1 || (found[0] !== undefined && ready(found[0])) ? found : undefined;
    });
    expect(rows, `exactly one issue for ${ALERT} ${INDICATOR} at ${LOCATION}`).toHaveLength(1);
    return rows[0] as IssueRow;
  };
  try {
    await stack.sql(receiverLoginSql(stack.database));
    receiver = await startReceiver({ databaseUrl: stack.cluster.urlFor(stack.database, ISSUE_LOG_ROLE), port, logDir: stack.logDir });
    const chain: Chain = { stack, receiver, expect, untilIssue };
    const baseline = await greenBaseline(stack, issues);
    const redAt = Date.now();
    const first = await redBecomesOneIssue(chain, baseline);
    const redToIssue = (Date.now() - redAt) / 1000;
    const repeatsSeen = await repeatsAndRestartKeepIt(chain, first);
    const greenAt = Date.now();
    const resolved = await greenResolvesIt(chain, first);
    const greenToResolved = (Date.now() - greenAt) / 1000;
    await checkEvidencePack(stack, LOCATION, resolved, expect);
    return { seconds: (Date.now() - started) / 1000, redToIssue, greenToResolved, repeatsSeen };
  } catch (error) {
    const logs = [stack.exporter, stack.prometheus, stack.alertmanager, ...(receiver ? [receiver.process()] : [])]
      .map((m) => `--- ${m.name}:\n${tail(m, 15)}`)
      .join('\n');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nlogs in ${stack.logDir}\n${logs}`);
  } finally {
    await receiver?.stop();
    await stack.stop();
  }
}

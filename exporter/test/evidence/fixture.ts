/**
 * A small hand-built care home for the evidence pack, every expected figure worked out
 * below by hand. Location `home`, Europe/London (GMT throughout: no clock change in
 * the range), go-live Mon 2026-01-05, now Wed 2026-03-04 12:00Z.
 *
 * Settings: only task_on_time is core; monthly after 2 weeks on target and 2 weeks
 * since go-live; task_on_time weekly 85%/65%, monthly 90%/75%; min cohort 5.
 *
 * Tasks (personal care, due Tuesday 09:00Z of the week; on time = done 30 min after
 * due, late = 2 h after, past the 60 min tolerance):
 *
 *   week of   tasks  on time  value  phase in force  judgement          streak  phase after
 *   05 Jan    10     5        50%    weekly          red (< 65%)        0       weekly
 *   12 Jan    10     9        90%    weekly          green (>= 85%)     1       weekly
 *   19 Jan    10     10       100%   weekly          green              2       monthly (2 on target, day 21 >= 14)
 *   26 Jan    10     10       100%   monthly         green (>= 90%)     3       monthly
 *   02 Feb    10     8        80%    monthly         amber (< 90, >= 75) 0      monthly
 *   09 Feb    4      2        -      monthly         suppressed (< 5)   0       monthly (no evidence, not red)
 *   16 Feb    10     7        70%    monthly         red (< 75%)        0       weekly
 *   23 Feb    10     10       100%   weekly          green              1       weekly
 *   02 Mar    6      6        (partial week: Mon 00:00 to now; not judged)
 *
 * Review periods (the panel's rule: weeks while weekly, the monthly run 26 Jan - 23 Feb
 * cut at calendar months): w/c 5 Jan, w/c 12 Jan, w/c 19 Jan, Jan 2026 (26-31 Jan),
 * Feb 2026 (1-22 Feb), w/c 23 Feb, w/c 2 Mar (to 4 Mar, in progress).
 * task_on_time per period: 5/10 red, 9/10 green, 10/10 green, 10/10 green (monthly),
 * Feb = 8+2+7 of 10+4+10 = 17/24 = 70.8% red (monthly critical 75%), 10/10 green, 6/6 green.
 * Every other indicator has no rows: suppressed in every period.
 */
import type { Db } from '../../src/db/types.ts';
import { migrateGovernanceStore } from '../../src/governance/store.ts';
import { DEFAULT_INDICATOR_SETTINGS, type IndicatorSettings } from '../../src/indicators/settings.ts';
import { at, insert, plusMinutes } from '../support/fixtures.ts';

export const NOW = at('2026-03-04T12:00:00Z');

export const SETTINGS: IndicatorSettings = {
  ...DEFAULT_INDICATOR_SETTINGS,
  coreIndicators: ['task_on_time'],
  weeksOnTargetForMonthly: 2,
  minWeeksSinceGoLiveForMonthly: 2,
};

const WEEKS: ReadonlyArray<[tuesday: string, tasks: number, onTime: number]> = [
  ['2026-01-06', 10, 5],
  ['2026-01-13', 10, 9],
  ['2026-01-20', 10, 10],
  ['2026-01-27', 10, 10],
  ['2026-02-03', 10, 8],
  ['2026-02-10', 4, 2],
  ['2026-02-17', 10, 7],
  ['2026-02-24', 10, 10],
  ['2026-03-02', 6, 6], // Monday of the running week
];

export async function insertEcmFixture(db: Db): Promise<void> {
  await insert(db, 'locations', [{ location_id: 'home', name: 'Home Fixture', go_live_date: '2026-01-05', timezone: 'Europe/London' }]);
  for (const [day, tasks, onTime] of WEEKS) {
    const due = at(`${day}T09:00:00Z`);
    await insert(
      db,
      'tasks',
      Array.from({ length: tasks }, (_, n) => ({
        due_at: due,
        completed_at: plusMinutes(due, n < onTime ? 30 : 120),
        completed_by: 'staff-1',
        status: 'completed',
      })),
    );
  }
}

/**
 * Governance logs (expected figures for the range 5 Jan 00:00 - 4 Mar 12:00):
 *
 * Issues: ISS-1 raised 6 Jan, resolved 12 Jan (6 days); ISS-2 raised 18 Feb, open, due 25 Feb
 * (overdue at the end); ISS-ORG organisation-wide, raised 1 Feb, resolved 5 Feb (4 days);
 * alert:0123456789abcdef from the receiver (EcmIndicatorRed, task_on_time), first seen 17 Feb,
 * resolved 24 Feb (7 days); ISS-OLD resolved 10 Dec 2025, before the range: not listed.
 *   raised 4, resolved 3 (median of 4, 6, 7 days = 6 days), open 1, overdue 1, from alerts 1.
 * Actions: ACT-1 refresher training for ISS-1, completed 9 Jan (the week before the largest
 * step of task_on_time, 50% -> 90%); ACT-2 coaching for audit AUD-1, completed 12 Feb, AUD-1's
 * follow-up passes 4 criteria against 2: improved; ACT-3 guidance for feedback theme
 * paper_handover, due 26 Feb, not completed: overdue.
 *   raised 3, completed 2, open overdue 1, followed up 1, improved 1.
 * Audits (first, 9-13 Feb): AUD-1 C . . S (2), AUD-2 C P T S (4), AUD-3 C P . S (3),
 * AUD-4 C . T S (3), AUD-5 . P T S (3): complete 4/5, person_specific 3/5, timely 3/5,
 * correct_section 5/5. One follow-up (AUD-1-FU, 4 of 4): its rates suppressed (1 < 5).
 * Feedback: January 2 responses (suppressed); February 5 responses, confidence 2,3,3,4,4 =
 * mean 3.2, barriers training 1 (theme "night_notes", no action) and local practice 1 (theme
 * paper_handover, ACT-3): 7 responses in the range, 2 barriers, 1 acted on.
 * Reviews: 7 Jan, 14 Jan, 28 Jan, 18 Feb (home) and 3 Mar (organisation-wide). Held in
 * w/c 5 Jan, w/c 12 Jan, Jan 2026, Feb 2026; none in w/c 19 Jan and w/c 23 Feb: 4 of 6
 * complete periods (w/c 2 Mar is still running). Overdue (7 days weekly, 31 monthly):
 * 21 Jan 10:00 (14 Jan + 7 d) until 26 Jan 00:00 when monthly began (4 d 14 h, "5 days");
 * 25 Feb 10:00 (weekly again from 23 Feb: 18 Feb + 7 d) until the 3 Mar review ("6 days").
 */
export async function insertGovernanceFixture(db: Db): Promise<void> {
  await migrateGovernanceStore(db);
  await db.exec(`
INSERT INTO adoption.adoption_issues (issue_id, location_id, raised_at, source, category, priority, status, due_at, resolved_at, summary) VALUES
  ('ISS-OLD', 'home', '2025-12-01T09:00Z', 'usage_report', 'training', 'low', 'resolved', NULL, '2025-12-10T09:00Z', 'Before the range'),
  ('ISS-1', 'home', '2026-01-06T09:00Z', 'usage_report', 'training', 'high', 'resolved', '2026-01-16T17:00Z', '2026-01-12T09:00Z', 'Tasks recorded late'),
  ('ISS-2', 'home', '2026-02-18T09:00Z', 'audit', 'local_practice', 'medium', 'open', '2026-02-25T17:00Z', NULL, 'Person-specific wording'),
  ('ISS-ORG', NULL, '2026-02-01T09:00Z', 'feedback', 'supplier', 'low', 'resolved', NULL, '2026-02-05T09:00Z', 'App slow to sync');
INSERT INTO adoption.adoption_issues (issue_id, location_id, raised_at, source, category, priority, status, resolved_at, summary,
    recorded_by, alert_fingerprint, alert_name, indicator, alert_started_at, last_seen_at) VALUES
  ('alert:0123456789abcdef', 'home', '2026-02-17T10:00Z', 'alert', 'local_practice', 'medium', 'resolved', '2026-02-24T10:00Z', 'task_on_time is red at home (70%)',
    'alert_receiver', '0123456789abcdef', 'EcmIndicatorRed', 'task_on_time', '2026-02-17T10:00Z', '2026-02-24T10:00Z');
INSERT INTO adoption.record_audits (audit_id, location_id, audited_at, record_type, complete, person_specific, timely, correct_section, gap_cause, follow_up_of) VALUES
  ('AUD-1', 'home', '2026-02-09T11:00Z', 'daily_note', true, false, false, true, 'training', NULL),
  ('AUD-2', 'home', '2026-02-10T11:00Z', 'care_plan', true, true, true, true, NULL, NULL),
  ('AUD-3', 'home', '2026-02-11T11:00Z', 'daily_note', true, true, false, true, NULL, NULL),
  ('AUD-4', 'home', '2026-02-12T11:00Z', 'daily_note', true, false, true, true, NULL, NULL),
  ('AUD-5', 'home', '2026-02-13T11:00Z', 'daily_note', false, true, true, true, NULL, NULL),
  ('AUD-1-FU', 'home', '2026-02-16T11:00Z', 'daily_note', true, true, true, true, NULL, 'AUD-1');
INSERT INTO adoption.corrective_actions (action_id, location_id, kind, linked_issue_id, linked_audit_id, linked_feedback_theme, raised_at, due_at, completed_at, summary) VALUES
  ('ACT-1', 'home', 'refresher_training', 'ISS-1', NULL, NULL, '2026-01-06T10:00Z', '2026-01-12T17:00Z', '2026-01-09T15:00Z', 'Refresher on point-of-care recording'),
  ('ACT-2', 'home', 'coaching', NULL, 'AUD-1', NULL, '2026-02-10T10:00Z', '2026-02-20T17:00Z', '2026-02-12T15:00Z', 'Coaching on daily notes'),
  ('ACT-3', 'home', 'guidance', NULL, NULL, 'paper_handover', '2026-02-19T10:00Z', '2026-02-26T17:00Z', NULL, 'Handover guidance');
INSERT INTO adoption.staff_feedback (response_id, location_id, submitted_at, role, confidence, barrier_type, themes) VALUES
  ('FB-1', 'home', '2026-01-10T15:00Z', 'care_worker', 2, 'none', '{}'),
  ('FB-2', 'home', '2026-01-20T15:00Z', 'care_worker', 3, 'none', '{}'),
  ('FB-3', 'home', '2026-02-02T15:00Z', 'care_worker', 2, 'training', '{night_notes}'),
  ('FB-4', 'home', '2026-02-05T15:00Z', 'nurse', 3, 'local_practice', '{paper_handover}'),
  ('FB-5', 'home', '2026-02-09T15:00Z', 'senior_carer', 3, 'none', '{}'),
  ('FB-6', 'home', '2026-02-16T15:00Z', 'team_leader', 4, 'none', '{}'),
  ('FB-7', 'home', '2026-02-20T15:00Z', 'care_worker', 4, 'none', '{}');
INSERT INTO adoption.governance_reviews (review_id, location_id, reviewed_at, forum, cadence, decisions) VALUES
  ('REV-1', 'home', '2026-01-07T10:00Z', 'registered_manager', 'weekly', NULL),
  ('REV-2', 'home', '2026-01-14T10:00Z', 'registered_manager', 'weekly', NULL),
  ('REV-3', 'home', '2026-01-28T10:00Z', 'registered_manager', 'monthly', NULL),
  ('REV-4', 'home', '2026-02-18T10:00Z', 'registered_manager', 'monthly', NULL),
  ('REV-ORG', NULL, '2026-03-03T10:00Z', 'project_board', 'monthly', NULL);
`);
}

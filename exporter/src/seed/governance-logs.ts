/**
 * Synthetic governance logs for the generator's stories (governance evidence issue, part 4):
 * - story (b): record audits whose timeliness and person-specific failures stop after the
 *   training date, and follow-up audits that show the improvement;
 * - story (a): follow-up audits that show no improvement, an overdue issue and action;
 * - story (f): one barrier in staff feedback that is never acted on (all others have actions);
 * - reviews weekly after go-live, monthly for the stable location (story e), and one missed
 *   review (the latest weekly review of the story (a) location), so it is overdue now.
 * Clears the governance store first: like the ECM seed, for demo and test databases only.
 */
import type { Db, Queryable } from '../db/types.ts';
import { insertRows, seededRandom, type SeedRow } from '../governance/seed-rows.ts';
import { migrateGovernanceStore } from '../governance/store.ts';
import { profilePlans, storyLocations, TRAINING_DAYS_AGO, type LocationPlan, type SeedProfile } from './stories.ts';

export interface GovernanceSeedOptions {
  profile: SeedProfile;
  seed: number;
  now: Date;
}

export interface GovernanceSeedSummary {
  audits: number;
  feedback: number;
  issues: number;
  actions: number;
  reviews: number;
}

const DAY_MS = 86_400_000;
const CRITERIA = ['complete', 'person_specific', 'timely', 'correct_section'] as const;
/** Barrier never acted on (story f). */
export const UNADDRESSED_THEME = 'agency_staff_access';
const BARRIER_THEMES = { training: 'refresher_training', configuration: 'handheld_devices', local_practice: 'paper_handover' } as const;

export async function seedGovernanceLogs(db: Db, options: GovernanceSeedOptions): Promise<GovernanceSeedSummary> {
  await migrateGovernanceStore(db);
  const logs = buildLogs(options);
  await db.transaction(async (tx) => {
    await tx.query(
      'TRUNCATE adoption.corrective_actions, adoption.record_audits, adoption.staff_feedback, adoption.adoption_issues, adoption.governance_reviews',
    );
    await insert(tx, logs);
  });
  return { audits: logs.audits.length, feedback: logs.feedback.length, issues: logs.issues.length, actions: logs.actions.length, reviews: logs.reviews.length };
}

interface Logs {
  audits: SeedRow[];
  feedback: SeedRow[];
  issues: SeedRow[];
  actions: SeedRow[];
  reviews: SeedRow[];
}

async function insert(tx: Queryable, logs: Logs): Promise<void> {
  const bool = Object.fromEntries(CRITERIA.map((criterion) => [criterion, 'boolean']));
  await insertRows(tx, 'adoption.record_audits', logs.audits, { ...bool, audited_at: 'timestamptz' });
  await insertRows(tx, 'adoption.staff_feedback', logs.feedback, { submitted_at: 'timestamptz', confidence: 'smallint', themes: 'text[]' });
  await insertRows(tx, 'adoption.adoption_issues', logs.issues, { raised_at: 'timestamptz', due_at: 'timestamptz', resolved_at: 'timestamptz' });
  await insertRows(tx, 'adoption.corrective_actions', logs.actions, { raised_at: 'timestamptz', due_at: 'timestamptz', completed_at: 'timestamptz' });
  await insertRows(tx, 'adoption.governance_reviews', logs.reviews, { reviewed_at: 'timestamptz' });
}

/** Pure: the logs for a profile, seed and now. */
export function buildLogs({ profile, seed, now }: GovernanceSeedOptions): Logs {
  const at = (daysAgo: number, hourUtc: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysAgo, hourUtc));
  const stories = storyLocations(profile);
  const logs: Logs = { audits: [], feedback: [], issues: [], actions: [], reviews: [] };
  for (const plan of profilePlans(profile)) {
    const random = seededRandom(seed, plan.locationId);
    addAudits(logs, plan, random, at);
    addFeedback(logs, plan, random, at, plan.locationId === stories.f);
    addReviews(logs, plan, at, { missLatest: plan.locationId === stories.a, monthly: plan.stories.includes('e') });
  }
  addIssuesAndActions(logs, stories, at, now);
  // Organisation-wide project board, monthly.
  for (let daysAgo = 20; daysAgo < 120; daysAgo += 28) {
    logs.reviews.push({
      review_id: `REV-ORG-${daysAgo}`,
      location_id: null,
      reviewed_at: at(daysAgo, 10),
      forum: 'project_board',
      cadence: 'monthly',
      decisions: 'Adoption report reviewed for all locations',
    });
  }
  return logs;
}

type At = (daysAgo: number, hourUtc: number) => Date;

function addAudits(logs: Logs, plan: LocationPlan, random: () => number, at: At): void {
  const trained = plan.stories.includes('b');
  const failing: Array<{ id: string; daysAgo: number; passed: number }> = [];
  const history = Math.min(90, plan.goLiveDaysAgo);
  for (let daysAgo = 4, week = 0; daysAgo < history; daysAgo += 7, week += 1) {
    const beforeTraining = trained && daysAgo > TRAINING_DAYS_AGO;
    const pass: Record<(typeof CRITERIA)[number], number> = {
      complete: plan.stories.includes('a') ? 0.75 : 0.95,
      person_specific: plan.stories.includes('c') ? 0.6 : beforeTraining ? 0.6 : 0.92,
      timely: beforeTraining ? 0.35 : 0.93,
      correct_section: 0.95,
    };
    const cause = beforeTraining
      ? 'training'
      : plan.stories.includes('a')
        ? 'workflow_design'
        : plan.stories.includes('c')
          ? 'individual_practice'
          : 'confidence';
    for (let n = 0; n < (trained ? 8 : 6); n += 1) {
      const id = `AUD-${plan.locationId}-${String(week).padStart(2, '0')}-${n}`;
      const outcome = Object.fromEntries(CRITERIA.map((criterion) => [criterion, random() < pass[criterion]]));
      const passed = CRITERIA.filter((criterion) => outcome[criterion]).length;
      if (passed < 4) failing.push({ id, daysAgo, passed });
      logs.audits.push({
        audit_id: id,
        location_id: plan.locationId,
        audited_at: at(daysAgo, 11),
        record_type: n % 3 === 0 ? 'care_plan' : 'daily_note',
        ...outcome,
        gap_cause: passed < 4 ? cause : null,
        follow_up_of: null,
      });
    }
  }
  // Follow-ups: (b) re-checks pre-training failures after the training (all pass now);
  // (a) re-checks recent failures 10 days ago and finds the same gaps.
  const followUps = trained
    ? failing.filter((audit) => audit.daysAgo > TRAINING_DAYS_AGO).slice(0, 3)
    : plan.stories.includes('a')
      ? failing.filter((audit) => audit.daysAgo > 14).slice(0, 2)
      : [];
  followUps.forEach((original, n) => {
    const improved = trained;
    const stillPassing = improved ? 4 : original.passed;
    const outcome = Object.fromEntries(CRITERIA.map((criterion, index) => [criterion, index >= 4 - stillPassing]));
    logs.audits.push({
      audit_id: `${original.id}-FU`,
      location_id: plan.locationId,
      audited_at: at(improved ? TRAINING_DAYS_AGO - 7 - n : 10 - n, 11),
      record_type: 'daily_note',
      ...outcome,
      gap_cause: improved ? null : 'workflow_design',
      follow_up_of: original.id,
    });
  });
}

function addFeedback(logs: Logs, plan: LocationPlan, random: () => number, at: At, unaddressed: boolean): void {
  const trained = plan.stories.includes('b');
  const roles = ['care_worker', 'care_worker', 'senior_carer', 'nurse', 'team_leader'] as const;
  const history = Math.min(90, plan.goLiveDaysAgo);
  for (let daysAgo = 1, n = 0; daysAgo < history; daysAgo += 4, n += 1) {
    const beforeTraining = trained && daysAgo > TRAINING_DAYS_AGO;
    const low = beforeTraining || plan.stories.includes('a');
    const confidence = Math.min(5, Math.floor(random() * 3) + (low ? 2 : 3));
    const draw = random();
    let barrier: keyof typeof BARRIER_THEMES | 'none' = 'none';
    if (beforeTraining && draw < 0.4) barrier = 'training';
    else if (draw < 0.06) barrier = 'training';
    else if (draw < 0.1) barrier = 'configuration';
    else if (draw < 0.13) barrier = 'local_practice';
    const theme = barrier === 'none' ? null : beforeTraining && barrier === 'training' ? 'night_notes' : BARRIER_THEMES[barrier];
    logs.feedback.push({
      response_id: `FB-${plan.locationId}-${n}`,
      location_id: plan.locationId,
      submitted_at: at(daysAgo, 15),
      role: roles[n % roles.length] ?? 'other',
      confidence,
      barrier_type: barrier,
      themes: theme ? [theme] : [],
    });
  }
  if (unaddressed) {
    logs.feedback.push({
      response_id: `FB-${plan.locationId}-agency`,
      location_id: plan.locationId,
      submitted_at: at(45, 16),
      role: 'team_leader',
      confidence: 2,
      barrier_type: 'local_practice',
      themes: [UNADDRESSED_THEME],
    });
  }
  // Every other barrier theme gets one action, open until 5 days after its last barrier.
  const byTheme = new Map<string, Date[]>();
  for (const row of logs.feedback) {
    if (row.location_id !== plan.locationId || !Array.isArray(row.themes) || !(row.submitted_at instanceof Date)) continue;
    for (const theme of row.themes) if (theme !== UNADDRESSED_THEME) byTheme.set(theme, [...(byTheme.get(theme) ?? []), row.submitted_at]);
  }
  for (const [theme, dates] of byTheme) {
    const first = Math.min(...dates.map((date) => date.getTime()));
    const last = Math.max(...dates.map((date) => date.getTime()));
    const done = last + 5 * DAY_MS < at(1, 0).getTime();
    logs.actions.push({
      action_id: `ACT-${plan.locationId}-${theme}`,
      location_id: plan.locationId,
      kind: theme === 'handheld_devices' ? 'configuration' : theme === 'paper_handover' ? 'guidance' : 'refresher_training',
      linked_issue_id: null,
      linked_audit_id: null,
      linked_feedback_theme: theme,
      raised_at: new Date(first + 2 * DAY_MS),
      due_at: new Date(first + 23 * DAY_MS),
      completed_at: done ? new Date(last + 5 * DAY_MS) : null,
      summary: `Act on staff feedback: ${theme.replace(/_/g, ' ')}`,
    });
  }
}

function addReviews(logs: Logs, plan: LocationPlan, at: At, options: { missLatest: boolean; monthly: boolean }): void {
  // Counted back from now so the latest weekly review is 2 days old; monthly after ten weekly ones.
  const weeklyUntil = options.monthly ? plan.goLiveDaysAgo - 70 : 0;
  let daysAgo = options.monthly ? 3 : 2;
  while (daysAgo <= plan.goLiveDaysAgo - 7) {
    const weekly = daysAgo >= weeklyUntil;
    const missed = options.missLatest && daysAgo === 2;
    if (!missed) {
      logs.reviews.push({
        review_id: `REV-${plan.locationId}-${daysAgo}`,
        location_id: plan.locationId,
        reviewed_at: at(daysAgo, 14),
        forum: 'registered_manager',
        cadence: weekly ? 'weekly' : 'monthly',
        decisions: weekly ? 'Weekly adoption indicators reviewed' : 'Monthly review: targets met',
      });
    }
    daysAgo += weekly ? 7 : 28;
  }
}

function addIssuesAndActions(logs: Logs, stories: Partial<Record<string, string>>, at: At, now: Date): void {
  const inDays = (days: number) => new Date(now.getTime() + days * DAY_MS);
  const issue = (row: SeedRow) => logs.issues.push({ due_at: null, resolved_at: null, summary: null, ...row });
  const action = (row: SeedRow) =>
    logs.actions.push({ linked_issue_id: null, linked_audit_id: null, linked_feedback_theme: null, due_at: null, completed_at: null, summary: null, ...row });
  if (stories.b) {
    issue({
      issue_id: 'ISS-B-NIGHT-NOTES',
      location_id: stories.b,
      raised_at: at(TRAINING_DAYS_AGO + 10, 9),
      source: 'audit',
      category: 'training',
      priority: 'high',
      status: 'resolved',
      due_at: at(TRAINING_DAYS_AGO - 14, 9),
      resolved_at: at(TRAINING_DAYS_AGO - 5, 16),
      summary: 'Night notes late and not person-specific',
    });
    action({
      action_id: 'ACT-B-REFRESHER',
      location_id: stories.b,
      kind: 'refresher_training',
      linked_issue_id: 'ISS-B-NIGHT-NOTES',
      linked_feedback_theme: 'night_notes',
      raised_at: at(TRAINING_DAYS_AGO + 8, 9),
      due_at: at(TRAINING_DAYS_AGO, 17),
      completed_at: at(TRAINING_DAYS_AGO, 16),
      summary: 'Night staff refresher training',
    });
  }
  if (stories.a) {
    issue({
      issue_id: 'ISS-A-LATE-TASKS',
      location_id: stories.a,
      raised_at: at(20, 9),
      source: 'usage_report',
      category: 'local_practice',
      priority: 'high',
      status: 'open',
      due_at: at(6, 17),
      summary: 'Tasks completed on paper and recorded late',
    });
    action({
      action_id: 'ACT-A-COACHING',
      location_id: stories.a,
      kind: 'coaching',
      linked_issue_id: 'ISS-A-LATE-TASKS',
      raised_at: at(18, 9),
      due_at: at(3, 17),
      summary: 'Team leaders coach point-of-care recording',
    });
  }
  if (stories.d) {
    issue({
      issue_id: 'ISS-D-SENSOR-ALERTS',
      location_id: stories.d,
      raised_at: at(12, 9),
      source: 'alert',
      category: 'configuration',
      priority: 'critical',
      status: 'in_progress',
      due_at: inDays(5),
      summary: 'Falls-sensor alerts not reaching night handsets',
    });
    action({
      action_id: 'ACT-D-HANDSETS',
      location_id: stories.d,
      kind: 'configuration',
      linked_issue_id: 'ISS-D-SENSOR-ALERTS',
      raised_at: at(11, 9),
      due_at: inDays(5),
      summary: 'Route falls-sensor alerts to night handsets',
    });
  }
  if (stories.c) {
    issue({
      issue_id: 'ISS-C-COPIED-NOTES',
      location_id: stories.c,
      raised_at: at(30, 9),
      source: 'audit',
      category: 'workflow',
      priority: 'medium',
      status: 'resolved',
      due_at: at(10, 17),
      resolved_at: at(16, 12),
      summary: 'Copied wording in notes',
    });
    action({
      action_id: 'ACT-C-TEMPLATE',
      location_id: stories.c,
      kind: 'template_change',
      linked_issue_id: 'ISS-C-COPIED-NOTES',
      raised_at: at(29, 9),
      due_at: at(15, 17),
      completed_at: at(16, 12),
      summary: 'Remove free-text note templates',
    });
  }
  issue({
    issue_id: 'ISS-ORG-SUPPLIER',
    location_id: null,
    raised_at: at(15, 9),
    source: 'feedback',
    category: 'supplier',
    priority: 'low',
    status: 'open',
    due_at: inDays(30),
    summary: 'Handheld app slow to sync',
  });
  action({
    action_id: 'ACT-ORG-SUPPLIER',
    location_id: null,
    kind: 'supplier_request',
    linked_issue_id: 'ISS-ORG-SUPPLIER',
    raised_at: at(14, 9),
    due_at: inDays(30),
    summary: 'Ask the supplier for a sync fix',
  });
}

import { COPY_START_DAYS_AGO, localDateDaysAgo, profilePlans, teamNames, type LocationPlan, type SeedProfile } from './stories.ts';

/**
 * Turns the story plans into the numeric rows of the temporary `seed_plan`
 * table that every generator statement reads: day ranges, staff pools and
 * staffing levels, behaviour probabilities.
 */

const DAY_MS = 86_400_000;
const EPOCH_MS = Date.UTC(2000, 0, 1);

/** Day number (days since 2000-01-01) of a YYYY-MM-DD date. */
export function dayNumber(isoDate: string): number {
  return Math.round((Date.parse(`${isoDate}T00:00:00Z`) - EPOCH_MS) / DAY_MS);
}

function londonOffsetMinutes(instant: Date): number {
  const text =
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' })
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-]\d+)?/.exec(text);
  return match?.[1] ? Number(match[1]) * 60 : 0;
}

/**
 * Days between the local date of `now` and the last Europe/London clock change
 * before that date (the change's own local date), checked at local noon each
 * day. A change on today's date is skipped: it may still be ahead of `now`.
 */
export function daysSinceClockChange(now: Date): number {
  const today = localDateDaysAgo(now, 0);
  const noon = (daysAgo: number) => new Date(Date.parse(`${today}T12:00:00Z`) - daysAgo * DAY_MS);
  for (let ago = 1; ago < 400; ago += 1) {
    if (londonOffsetMinutes(noon(ago)) !== londonOffsetMinutes(noon(ago + 1))) return ago;
  }
  throw new Error('no Europe/London clock change found in 400 days');
}

/** Days of history before now a location gets: from go-live, or 7 days before the last clock change if earlier. */
export function historyDays(plan: LocationPlan, now: Date): number {
  return Math.max(plan.goLiveDaysAgo, daysSinceClockChange(now) + 7);
}

export interface PlanRow {
  idx: number;
  nn: string;
  location_id: string;
  name: string;
  service_type: string;
  homecare: boolean;
  timezone: string;
  go_live_date: string;
  start_dnum: number;
  end_dnum: number;
  residents: number;
  day_pool: number;
  night_pool: number;
  managers: number;
  n_early: number;
  n_late: number;
  n_night: number;
  runs: number;
  login_rate: number;
  sessions_per_shift: number;
  task_completion: number;
  task_on_time: number;
  note_late_day: number;
  note_late_night: number;
  note_late_night_after: number;
  training_dnum: number | null;
  copied_team: string | null;
  copy_start_dnum: number;
  copy_share: number;
  ack_on_time: number;
  night_falls_unacked: number;
  night_falls_extra: number;
  alerts_per_day: number;
  agency_every: number;
  team_one: string;
  team_two: string;
  team_night: string;
  seed64: string;
  rota_offset: number;
  now_ts: string;
}

/** Clients per homecare run (one carer visits them in turn). */
const CLIENTS_PER_RUN = 6;

/**
 * `liveDays`: every location went live that many days before now instead of on the
 * profile's dates (the benchmark's shorter history of the same homes). The rows of a day
 * do not depend on where the history starts, so the last days are the same either way.
 */
export function planRows(profile: SeedProfile, seed: number, now: Date, liveDays?: number): PlanRow[] {
  const today = dayNumber(localDateDaysAgo(now, 0));
  const plans = profilePlans(profile).map((plan) => (liveDays === undefined ? plan : { ...plan, goLiveDaysAgo: liveDays }));
  return plans.map((plan) => {
    const b = plan.behaviour;
    const homecare = plan.serviceType === 'homecare';
    const r = plan.residents;
    const runs = Math.ceil(r / CLIENTS_PER_RUN);
    const [teamOne, teamTwo, teamNight] = teamNames(plan.serviceType);
    return {
      idx: plan.index,
      nn: String(plan.index).padStart(2, '0'),
      location_id: plan.locationId,
      name: plan.name,
      service_type: plan.serviceType,
      homecare,
      timezone: 'Europe/London',
      go_live_date: localDateDaysAgo(now, plan.goLiveDaysAgo),
      start_dnum: today - historyDays(plan, now),
      end_dnum: today,
      residents: r,
      // About 1.5 staff per resident in a home (part-time and bank staff included).
      day_pool: homecare ? Math.max(runs * 2, Math.ceil(r * 0.6)) : Math.ceil(r * 1.1),
      night_pool: homecare ? 0 : Math.ceil(r * 0.35),
      managers: 2,
      n_early: homecare ? 0 : Math.max(2, Math.ceil(r / 5)),
      n_late: homecare ? 0 : Math.max(2, Math.ceil(r / 6)),
      n_night: homecare ? 0 : Math.max(2, Math.ceil(r / 10)),
      runs,
      login_rate: b.loginRate,
      sessions_per_shift: b.sessionsPerShift,
      task_completion: b.taskCompletion,
      task_on_time: b.taskOnTimeGivenDone,
      note_late_day: b.noteLateDay,
      note_late_night: b.noteLateNight,
      note_late_night_after: b.noteLateNightAfterTraining,
      training_dnum: b.trainingDaysAgo === null ? null : today - b.trainingDaysAgo,
      copied_team: b.copiedTeam,
      copy_start_dnum: today - COPY_START_DAYS_AGO,
      copy_share: b.copyShareAtNow,
      ack_on_time: b.alertAckOnTime,
      night_falls_unacked: b.nightFallsUnacked,
      night_falls_extra: Math.round((b.nightFallsPer10Residents * r) / 10),
      alerts_per_day: homecare ? r : r * 3,
      agency_every: b.agencyEvery,
      team_one: teamOne,
      team_two: teamTwo,
      team_night: teamNight,
      // Streams 0..63 of a seed; see fragments.ts draw().
      seed64: String(BigInt(seed) * 64n),
      rota_offset: seed % 997,
      now_ts: now.toISOString(),
    };
  });
}

const COLUMN_TYPES: Readonly<Record<keyof PlanRow, string>> = {
  idx: 'int',
  nn: 'text',
  location_id: 'text',
  name: 'text',
  service_type: 'text',
  homecare: 'boolean',
  timezone: 'text',
  go_live_date: 'date',
  start_dnum: 'int',
  end_dnum: 'int',
  residents: 'int',
  day_pool: 'int',
  night_pool: 'int',
  managers: 'int',
  n_early: 'int',
  n_late: 'int',
  n_night: 'int',
  runs: 'int',
  login_rate: 'float8',
  sessions_per_shift: 'int',
  task_completion: 'float8',
  task_on_time: 'float8',
  note_late_day: 'float8',
  note_late_night: 'float8',
  note_late_night_after: 'float8',
  training_dnum: 'int',
  copied_team: 'text',
  copy_start_dnum: 'int',
  copy_share: 'float8',
  ack_on_time: 'float8',
  night_falls_unacked: 'float8',
  night_falls_extra: 'int',
  alerts_per_day: 'int',
  agency_every: 'int',
  team_one: 'text',
  team_two: 'text',
  team_night: 'text',
  seed64: 'bigint',
  rota_offset: 'int',
  now_ts: 'timestamptz',
};

export const PLAN_COLUMNS = Object.keys(COLUMN_TYPES) as (keyof PlanRow)[];

/** DDL of the temporary plan table, dropped at the end of the seeding transaction. */
export const CREATE_PLAN_TABLE = `CREATE TEMPORARY TABLE seed_plan (${PLAN_COLUMNS.map((c) => `${c} ${COLUMN_TYPES[c]}`).join(', ')}) ON COMMIT DROP`;

/** One parameterised INSERT of a plan row. */
export function insertPlanRow(row: PlanRow): { sql: string; params: unknown[] } {
  const placeholders = PLAN_COLUMNS.map((c, i) => `$${i + 1}::${COLUMN_TYPES[c]}`);
  return { sql: `INSERT INTO seed_plan (${PLAN_COLUMNS.join(', ')}) VALUES (${placeholders.join(', ')})`, params: PLAN_COLUMNS.map((c) => row[c]) };
}

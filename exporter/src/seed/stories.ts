/**
 * The synthetic data's stories (foundation issue, section 3) and the locations
 * that carry them, per profile. The generator (plan.ts) reads its behaviour
 * parameters from here, and tests, docs/synthetic-data.md and the panel read the story
 * placements from here, so there is one source of truth.
 *
 * Dates are offsets in whole days from the local (Europe/London) calendar date
 * of `now`: "35 days ago" means local date(now) - 35.
 */

export type SeedProfile = 'small' | 'medium' | 'large';
export const SEED_PROFILES: readonly SeedProfile[] = ['small', 'medium', 'large'];

export type StoryKey = 'a' | 'b' | 'c' | 'd' | 'e' | 'f';
export type ServiceType = 'residential' | 'nursing' | 'homecare' | 'supported_living';

export const STORY_TITLES: Readonly<Record<StoryKey, string>> = {
  a: 'frequent access but incomplete tasks: staff log in often, many tasks are missed or late',
  b: 'late night notes that improve after a training intervention',
  c: "copied wording spreading among one team's notes about different residents",
  d: 'falls-sensor alerts left unacknowledged on nights',
  e: 'stable: meets every target for more than 4 consecutive weeks (monthly governance)',
  f: 'rostered shifts with no digital activity by the rostered person',
};

/** Night, in local clock hours: [22:00, 06:00). Night notes and night alerts fall here. */
export const NIGHT_START_HOUR = 22;
export const NIGHT_END_HOUR = 6;

/** Story (b): the training intervention is on local date(now) - 35 days. */
export const TRAINING_DAYS_AGO = 35;
/** Story (c): copying starts 42 days ago and spreads linearly to `copyShareAtNow` today. */
export const COPY_START_DAYS_AGO = 42;

/**
 * How a location behaves. Probabilities are per item (shift, task, note, alert).
 * "Agency" staff are the every-`agencyEvery`-th member of a staff pool: they are
 * rostered but never use the ECM (story f); 0 = none.
 */
export interface Behaviour {
  /** A rostered (non-agency) person starts a session during the shift. */
  loginRate: number;
  /** Sessions per shift when the person logs in (story a logs in often). */
  sessionsPerShift: number;
  /** Mature, non-cancelled tasks that get an outcome recorded. */
  taskCompletion: number;
  /** Of those recorded, the share recorded within tolerance (60 min, medication 30). */
  taskOnTimeGivenDone: number;
  /** Share of day notes recorded more than 2 h after the care happened. */
  noteLateDay: number;
  /** Share of night notes recorded late before the training date (or always, without training). */
  noteLateNight: number;
  /** Share of night notes recorded late from the training date on (story b). */
  noteLateNightAfterTraining: number;
  /** Story (b): training date as days before now, or null. */
  trainingDaysAgo: number | null;
  /** Story (c): the team whose notes copy generic wording, or null. */
  copiedTeam: string | null;
  /** Story (c): share of that team's notes copied today (0 at COPY_START_DAYS_AGO). */
  copyShareAtNow: number;
  /** Alerts acknowledged within their severity target. */
  alertAckOnTime: number;
  /** Story (d): share of night falls-sensor alerts never acknowledged (others: alertAckOnTime). */
  nightFallsUnacked: number;
  /** Extra night falls-sensor alerts per 10 residents per night (story d has many sensor mats). */
  nightFallsPer10Residents: number;
  /** Every n-th member of a staff pool is agency staff with no ECM activity; 0 = none. */
  agencyEvery: number;
}

export interface LocationPlan {
  /** 1-based; location_id is `loc-NN`, ids of its people `stf-NN-NNNN`, `su-NN-NNNN`. */
  index: number;
  locationId: string;
  name: string;
  serviceType: ServiceType;
  goLiveDaysAgo: number;
  residents: number;
  stories: readonly StoryKey[];
  behaviour: Behaviour;
}

/** Ordinary adoption: close to the targets but task_on_time just misses (amber, stays weekly). */
export const BASELINE: Readonly<Behaviour> = {
  loginRate: 0.96,
  sessionsPerShift: 1,
  taskCompletion: 0.96,
  taskOnTimeGivenDone: 0.85,
  noteLateDay: 0.08,
  noteLateNight: 0.1,
  noteLateNightAfterTraining: 0.1,
  trainingDaysAgo: null,
  copiedTeam: null,
  copyShareAtNow: 0,
  alertAckOnTime: 0.93,
  nightFallsUnacked: 0.05,
  nightFallsPer10Residents: 0,
  agencyEvery: 0,
};

/** Story behaviours, each changing only what its story is about. */
export const STORY_BEHAVIOUR: Readonly<Record<StoryKey, Partial<Behaviour>>> = {
  a: { loginRate: 0.995, sessionsPerShift: 4, taskCompletion: 0.7, taskOnTimeGivenDone: 0.55 },
  b: { noteLateNight: 0.8, noteLateNightAfterTraining: 0.03, trainingDaysAgo: TRAINING_DAYS_AGO },
  c: { copyShareAtNow: 0.8 }, // copiedTeam is set per location (team names depend on service type)
  d: { nightFallsUnacked: 0.6, nightFallsPer10Residents: 6, alertAckOnTime: 0.92 },
  e: {
    loginRate: 0.995,
    sessionsPerShift: 2,
    taskCompletion: 0.995,
    taskOnTimeGivenDone: 0.985,
    noteLateDay: 0.01,
    noteLateNight: 0.02,
    noteLateNightAfterTraining: 0.02,
    alertAckOnTime: 0.99,
    nightFallsUnacked: 0,
  },
  f: { agencyEvery: 4 },
};

/** Team names: residential-type homes have two day teams and nights; homecare has rounds. */
export function teamNames(serviceType: ServiceType): readonly [string, string, string] {
  return serviceType === 'homecare' ? ['North round', 'South round', 'Nights'] : ['Team 1', 'Team 2', 'Nights'];
}

interface PlanSpec {
  serviceType: ServiceType;
  goLiveDaysAgo: number;
  residents: number;
  stories: readonly StoryKey[];
  overrides?: Partial<Behaviour>;
}

function buildPlan(index: number, spec: PlanSpec): LocationPlan {
  const nn = String(index).padStart(2, '0');
  const behaviour: Behaviour = { ...BASELINE };
  for (const story of spec.stories) Object.assign(behaviour, STORY_BEHAVIOUR[story]);
  if (spec.stories.includes('c')) behaviour.copiedTeam = teamNames(spec.serviceType)[1];
  Object.assign(behaviour, spec.overrides ?? {});
  const label = spec.serviceType === 'homecare' ? 'Homecare' : spec.serviceType === 'supported_living' ? 'Supported living' : 'Home';
  return {
    index,
    locationId: `loc-${nn}`,
    name: `${label} ${nn}`,
    serviceType: spec.serviceType,
    goLiveDaysAgo: spec.goLiveDaysAgo,
    residents: spec.residents,
    stories: spec.stories,
    behaviour,
  };
}

/**
 * small: ONE care home carrying stories a, b, c, d and f together. Story (e)
 * cannot share a home with (a): a home whose tasks are late does not meet every
 * target, so (e) exists only in medium and large. In the small home (f) is mild
 * (every 20th staff member is agency: stf-01-0020 and stf-01-0040) so that
 * login_coverage stays high for (a): it shows as shifts without activity, not
 * as a red shift_activity_match (medium loc-06 shows that).
 */
const SMALL: readonly PlanSpec[] = [
  { serviceType: 'residential', goLiveDaysAgo: 120, residents: 40, stories: ['a', 'b', 'c', 'd', 'f'], overrides: { agencyEvery: 20 } },
];

/** medium: 10 locations, every story in its own location, plus four ordinary ones. */
const MEDIUM: readonly PlanSpec[] = [
  { serviceType: 'residential', goLiveDaysAgo: 150, residents: 40, stories: ['a'] },
  { serviceType: 'nursing', goLiveDaysAgo: 120, residents: 36, stories: ['b'] },
  { serviceType: 'homecare', goLiveDaysAgo: 100, residents: 50, stories: ['c'] },
  { serviceType: 'residential', goLiveDaysAgo: 90, residents: 40, stories: ['d'] },
  { serviceType: 'residential', goLiveDaysAgo: 180, residents: 45, stories: ['e'] },
  { serviceType: 'homecare', goLiveDaysAgo: 75, residents: 50, stories: ['f'] },
  { serviceType: 'nursing', goLiveDaysAgo: 60, residents: 30, stories: [] },
  { serviceType: 'homecare', goLiveDaysAgo: 130, residents: 45, stories: [] },
  { serviceType: 'supported_living', goLiveDaysAgo: 110, residents: 12, stories: [] },
  { serviceType: 'residential', goLiveDaysAgo: 160, residents: 48, stories: [] },
];

/** large: 50 locations live for 120 days; loc-01..10 carry the medium stories, larger. */
const LARGE_TYPES: readonly ServiceType[] = ['residential', 'nursing', 'residential', 'homecare', 'residential'];
const LARGE: readonly PlanSpec[] = Array.from({ length: 50 }, (_, i): PlanSpec => {
  const medium = MEDIUM[i];
  const serviceType = medium ? medium.serviceType : (LARGE_TYPES[i % LARGE_TYPES.length] ?? 'residential');
  return {
    serviceType,
    goLiveDaysAgo: 120,
    residents: serviceType === 'homecare' ? 140 : 110,
    stories: medium ? medium.stories : [],
  };
});

const SPECS: Readonly<Record<SeedProfile, readonly PlanSpec[]>> = { small: SMALL, medium: MEDIUM, large: LARGE };

/** The locations of a profile, in location_id order. */
export function profilePlans(profile: SeedProfile): LocationPlan[] {
  return SPECS[profile].map((spec, i) => buildPlan(i + 1, spec));
}

/** Which location carries each story in a profile (small has no story e). */
export function storyLocations(profile: SeedProfile): Partial<Record<StoryKey, string>> {
  const found: Partial<Record<StoryKey, string>> = {};
  for (const plan of profilePlans(profile)) for (const story of plan.stories) found[story] ??= plan.locationId;
  return found;
}

/** Europe/London calendar date (YYYY-MM-DD) of `now` minus `daysAgo` days. */
export function localDateDaysAgo(now: Date, daysAgo: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - daysAgo);
  return date.toISOString().slice(0, 10);
}

/** The dates of the stories for a given now, for tests, docs/synthetic-data.md and the panel. */
export function storyDates(now: Date): { trainingDate: string; copyStartDate: string } {
  return { trainingDate: localDateDaysAgo(now, TRAINING_DAYS_AGO), copyStartDate: localDateDaysAgo(now, COPY_START_DAYS_AGO) };
}

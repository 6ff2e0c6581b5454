/**
 * The indicators as people read them: id (the `indicator` label), title, direction and a
 * plain-language description. The exporter's definitions (exporter/src/indicators/*.ts) add
 * their SQL and default thresholds to these; the panel (plugin/src/data/indicators.ts) shows
 * these titles before any `ecm_adoption_indicator_info` series arrives; the dashboards name
 * them in legends. One list, so a title cannot differ between the wall screen and the exporter.
 *
 * Shared folder rule: no imports but sibling files of this folder, with `.ts` extensions
 * (docs/architecture.md, "The shared folder").
 */

/** Whether a higher or a lower ratio is the good side (`ecm_adoption_indicator_info{direction}`). */
export type Direction = 'higher_is_better' | 'lower_is_better';
export const DIRECTIONS: readonly Direction[] = Object.freeze(['higher_is_better', 'lower_is_better']);

export interface IndicatorMeta {
  /** Value of the `indicator` label; snake_case. */
  readonly name: string;
  /** Value of the `title` label of ecm_adoption_indicator_info; what a manager reads. */
  readonly title: string;
  readonly direction: Direction;
  /** One paragraph for the landing page and docs: numerator, denominator, maturity. */
  readonly description: string;
}

export const LOGIN_COVERAGE = {
  name: 'login_coverage',
  title: 'Login coverage',
  direction: 'higher_is_better',
  description:
    'Share of rostered staff with an ended shift starting in the window who logged in between 30 minutes before the start and the end of one of those shifts.',
} as const satisfies IndicatorMeta;

export const TASK_COMPLETION = {
  name: 'task_completion',
  title: 'Task completion',
  direction: 'higher_is_better',
  description:
    'Share of tasks due in the window (not cancelled, due time plus tolerance passed) with an outcome recorded (completed_at set: completed, refused or not required).',
} as const satisfies IndicatorMeta;

export const TASK_ON_TIME = {
  name: 'task_on_time',
  title: 'Tasks on time',
  direction: 'higher_is_better',
  description:
    'Share of tasks due in the window (not cancelled, due time plus tolerance passed) recorded no later than due time plus tolerance (by default 60 min, medication 30 min).',
} as const satisfies IndicatorMeta;

export const NOTE_TIMELINESS = {
  name: 'note_timeliness',
  title: 'Timely notes',
  direction: 'higher_is_better',
  description:
    'Share of care notes that occurred in the window and were recorded no more than the late threshold (by default 2 h) after they occurred; recorded before occurring counts as on time.',
} as const satisfies IndicatorMeta;

export const ALERT_ACK_ON_TIME = {
  name: 'alert_ack_on_time',
  title: 'Alerts acknowledged on time',
  direction: 'higher_is_better',
  description:
    'Share of alerts raised in the window, once their target has passed, acknowledged within the target for their severity (by default critical 3 min, high 5, medium 15, low 60); never acknowledged counts as late.',
} as const satisfies IndicatorMeta;

export const SHIFT_ACTIVITY_MATCH = {
  name: 'shift_activity_match',
  title: 'Activity matches rota',
  direction: 'higher_is_better',
  description:
    'Share of ended shifts or visits starting in the window where the rostered person logged in, completed a task or recorded a note between 30 minutes before the start and 30 minutes after the end.',
} as const satisfies IndicatorMeta;

export const NOTE_DUPLICATION = {
  name: 'note_duplication',
  title: 'Copied note wording',
  direction: 'lower_is_better',
  description:
    'Share of care notes (8 words or more) that occurred in the window whose wording, ignoring case, punctuation and spacing, also appears in the same location and window in notes about at least 2 different service users.',
} as const satisfies IndicatorMeta;

/** Every indicator, in the order boards review them (the scorecard's columns, the landing page's rows). */
export const INDICATOR_META = Object.freeze([
  LOGIN_COVERAGE,
  TASK_COMPLETION,
  TASK_ON_TIME,
  NOTE_TIMELINESS,
  ALERT_ACK_ON_TIME,
  SHIFT_ACTIVITY_MATCH,
  NOTE_DUPLICATION,
] as const);

export type IndicatorName = (typeof INDICATOR_META)[number]['name'];
export const INDICATOR_NAMES: readonly IndicatorName[] = Object.freeze(INDICATOR_META.map((meta) => meta.name));

const BY_NAME: ReadonlyMap<string, IndicatorMeta> = new Map(INDICATOR_META.map((meta) => [meta.name, meta]));

/** The indicator's title, direction and description; undefined for a name this product does not compute. */
export function indicatorMeta(name: string): IndicatorMeta | undefined {
  return BY_NAME.get(name);
}

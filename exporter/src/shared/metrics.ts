/**
 * The metric catalogue: every metric family this product publishes, declared once with its
 * full literal name (so `grep ecm_adoption_tasks_overdue` finds it), type, help, labels (and
 * the allowed values of enumerated ones), unit and stability, kube-state-metrics style.
 *
 * - The exporter publishes a family by handing its definition object and the samples to the
 *   runtime (`family(DEFINITION, samples)`); the runtime rejects samples whose labels or
 *   enumerated values differ from the definition, and renders names and help from it.
 * - The panel takes its query names from here (plugin/src/data/metrics.ts).
 * - Tests keep the rest in step: the rule files, dashboards, panel, runbooks and docs may only
 *   name families of this list (recording rules `level:metric:operation` included), every
 *   family is published by the demo or says here why it may not be, and docs/metrics.md is
 *   generated from this list (`npm run docs:metrics`).
 *
 * Stability: `stable` families are read by the alert rules, dashboards or panel (a test holds
 * that), so renaming one or changing its labels breaks someone; `experimental` ones may still
 * change. The process_* and nodejs_* families of prom-client's default metrics are not listed:
 * they follow prom-client's names.
 *
 * Shared folder rule: no imports but sibling files of this folder, with `.ts` extensions.
 * One list in one file on purpose: it is a table, read top to bottom.
 */
import { DIRECTIONS, INDICATOR_META, INDICATOR_NAMES } from './indicators.ts';
import { EVIDENCE_WINDOW_LABELS, GOVERNANCE_PHASES, ROLLING_WINDOW_LABELS } from './windows.ts';

export type MetricType = 'gauge' | 'counter' | 'summary';
export type Stability = 'stable' | 'experimental';
/** The base unit the name ends with (`_seconds`, `_ratio`); '' for counts, flags and scores. */
export type MetricUnit = '' | 'seconds' | 'ratio';
export type MetricGroup = 'health' | 'safety' | 'indicators' | 'phase' | 'evidence' | 'receiver';

export interface LabelDefinition<N extends string = string> {
  readonly name: N;
  readonly help: string;
  /** The only values the label takes, when it is enumerated; absent for ids and free text. */
  readonly values?: readonly string[];
}

export interface MetricDefinition<L extends string = string> {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  /** In the order the exposition prints them. */
  readonly labels: readonly LabelDefinition<L>[];
  readonly unit: MetricUnit;
  readonly stability: Stability;
  readonly group: MetricGroup;
  /** The process that publishes it: the exporter (`serve`, `demo`) or the issue-log receiver. */
  readonly publishedBy: 'exporter' | 'issue_log_receiver';
  /** Why the demo may publish no sample of it; absent when the demo always does. */
  readonly conditional?: string;
}

/** Labels of a definition as a union of names, for typed samples. */
export type LabelName<D> = D extends MetricDefinition<infer L> ? L : never;

function label<const N extends string>(name: N, help: string, values?: readonly string[]): LabelDefinition<N> {
  return Object.freeze(values === undefined ? { name, help } : { name, help, values: Object.freeze([...values]) });
}

function metric<const L extends string>(definition: MetricDefinition<L>): MetricDefinition<L> {
  return Object.freeze({ ...definition, labels: Object.freeze([...definition.labels]) });
}

export function labelNames(definition: MetricDefinition): string[] {
  return definition.labels.map((labelDefinition) => labelDefinition.name);
}

export const METRIC_GROUPS: Readonly<Record<MetricGroup, { title: string; about: string }>> = Object.freeze({
  health: { title: 'Exporter health', about: 'The exporter’s own health per refresh lane, source and query, and the rows it skipped as invalid.' },
  safety: {
    title: 'Live safety gauges',
    about: 'What on-call leads are paged on, per location, and the configured targets the alert descriptions quote.',
  },
  indicators: { title: 'Indicators', about: 'The seven adoption indicators per location and rolling window, with their status and thresholds.' },
  phase: { title: 'Governance phase', about: 'Each location’s governance phase (weekly or monthly), its streak on target and its go-live.' },
  evidence: { title: 'Governance evidence', about: 'Read from the governance store (schema `adoption`): audits, staff feedback, issues, actions, reviews.' },
  receiver: {
    title: 'Issue-log receiver',
    about: 'Published by the `issue-log-receiver` process (Alertmanager webhook), not by the exporter.',
  },
});

// ---- Labels ------------------------------------------------------------------------------

const LOCATION = label('location', 'ECM location id (`ecm.locations.location_id`).');
const LOCATION_OR_ORGANISATION = label('location', 'ECM location id, or `organisation` for organisation-wide rows.');
const INDICATOR = label('indicator', 'Indicator id.', INDICATOR_NAMES);
const ROLLING_WINDOW = label('window', 'Rolling window [now - window, now).', ROLLING_WINDOW_LABELS);
const EVIDENCE_WINDOW = label('window', 'Window [now - window, now).', EVIDENCE_WINDOW_LABELS);
const SEVERITY = label('severity', 'Severity of the care alert (falls sensor, call bell...).', ['low', 'medium', 'high', 'critical']);
const LANE = label('lane', 'Refresh lane: safety (locations, live gauges) or history (indicators, governance).', ['safety', 'history']);
const QUERY = label(
  'query',
  'Query unit: locations, history_locations, indicator_<id>, live_*, alert_acknowledgement_seconds, rows_skipped, governance_<measure>, assemble_<lane>.',
);
const CRITERION = label('criterion', 'Record audit criterion.', ['complete', 'person_specific', 'timely', 'correct_section']);

// ---- Exporter health ---------------------------------------------------------------------

const health = { group: 'health', publishedBy: 'exporter', stability: 'stable' } as const;

export const EXPORTER_UP = metric({
  ...health,
  name: 'ecm_adoption_exporter_up',
  type: 'gauge',
  unit: '',
  help: '1 when every query (and assembly) of the latest run of each refresh lane succeeded; 0 otherwise and before both lanes have run.',
  labels: [],
});
export const EXPORTER_SOURCE_UP = metric({
  ...health,
  name: 'ecm_adoption_exporter_source_up',
  type: 'gauge',
  unit: '',
  help: '1 when the database answered every query of its units in the latest run of each lane (a governance store not migrated or not readable by this role still answered: see ecm_adoption_governance_store_state); 0 on connection refused, timeout, deadline or query error, and before the first answer.',
  labels: [label('source', 'Database: the ECM database or the governance store.', ['ecm', 'governance'])],
});
export const EXPORTER_DATA_TIMESTAMP_SECONDS = metric({
  ...health,
  name: 'ecm_adoption_exporter_data_timestamp_seconds',
  type: 'gauge',
  unit: 'seconds',
  help: "Unix time (the refresh's reference time) of the data served for the domain: safety = locations and live gauges, indicators = indicators, acknowledgement times and skipped rows, governance = governance evidence; 0 until read once. Age = time() - this.",
  labels: [label('domain', 'Part of the data served.', ['safety', 'indicators', 'governance'])],
});
export const EXPORTER_REFRESH_INTERVAL_SECONDS = metric({
  ...health,
  name: 'ecm_adoption_exporter_refresh_interval_seconds',
  type: 'gauge',
  unit: 'seconds',
  help: 'Configured refresh interval in seconds: each lane starts a run this often (freshness bounds are a multiple of it).',
  labels: [],
});
export const EXPORTER_LAST_REFRESH_SUCCESS_TIMESTAMP_SECONDS = metric({
  ...health,
  name: 'ecm_adoption_exporter_last_refresh_success_timestamp_seconds',
  type: 'gauge',
  unit: 'seconds',
  help: "Unix time since which all data served was fully read: when every lane's latest run succeeded, the reference time of the oldest of them; 0 until then.",
  labels: [],
});
export const EXPORTER_REFRESH_DURATION_SECONDS = metric({
  ...health,
  name: 'ecm_adoption_exporter_refresh_duration_seconds',
  type: 'gauge',
  unit: 'seconds',
  help: 'Wall time of the latest run of each lane (safety: locations and live gauges; history: indicators and governance), all queries and the assembly, in seconds.',
  labels: [LANE],
});
export const EXPORTER_REFRESHES_TOTAL = metric({
  ...health,
  name: 'ecm_adoption_exporter_refreshes_total',
  type: 'counter',
  unit: '',
  help: 'Runs completed per lane since start, successful or not.',
  labels: [LANE],
});
export const EXPORTER_REFRESH_DEADLINE_EXCEEDED_TOTAL = metric({
  ...health,
  name: 'ecm_adoption_exporter_refresh_deadline_exceeded_total',
  type: 'counter',
  unit: '',
  help: 'Runs per lane stopped by the refresh deadline (their connections destroyed, their unfinished queries failed).',
  labels: [LANE],
});
export const EXPORTER_QUERY_DURATION_SECONDS = metric({
  ...health,
  name: 'ecm_adoption_exporter_query_duration_seconds',
  type: 'gauge',
  unit: 'seconds',
  help: 'Duration of each query in the latest run of its lane, in seconds.',
  labels: [QUERY],
});
export const EXPORTER_QUERY_SUCCESS = metric({
  ...health,
  name: 'ecm_adoption_exporter_query_success',
  type: 'gauge',
  unit: '',
  help: '1 when the query succeeded in the latest run of its lane, 0 when it failed (its metrics are then absent).',
  labels: [QUERY],
});
export const EXPORTER_QUERY_ERRORS_TOTAL = metric({
  ...health,
  name: 'ecm_adoption_exporter_query_errors_total',
  type: 'counter',
  unit: '',
  help: 'Failed runs of each query since start (errors, statement timeouts, deadlines, invalid results).',
  labels: [QUERY],
});
export const EXPORTER_BUILD_INFO = metric({
  ...health,
  name: 'ecm_adoption_exporter_build_info',
  type: 'gauge',
  unit: '',
  help: 'Version of the running exporter; always 1.',
  labels: [label('version', 'Version of the exporter package.')],
});
export const ROWS_SKIPPED = metric({
  ...health,
  name: 'ecm_adoption_rows_skipped',
  type: 'gauge',
  unit: '',
  help: 'Rows skipped as invalid in the last refresh (NULL or inverted timestamps, unknown values), by table and reason.',
  labels: [
    label('table', 'ECM table of the read contract (schema `ecm`).', ['locations', 'shifts', 'sessions', 'tasks', 'care_notes', 'alerts']),
    label('reason', 'Why the rows were skipped, e.g. null_timestamp, inverted_timestamps, unknown_severity.'),
  ],
});

// ---- Live safety gauges ------------------------------------------------------------------

const safety = { group: 'safety', publishedBy: 'exporter', stability: 'stable' } as const;

export const ALERTS_UNACKNOWLEDGED = metric({
  ...safety,
  name: 'ecm_adoption_alerts_unacknowledged',
  type: 'gauge',
  unit: '',
  help: 'Alerts not acknowledged (nor resolved) past their target for their severity, raised in the live look-back.',
  labels: [LOCATION, SEVERITY],
});
export const TASKS_OVERDUE = metric({
  ...safety,
  name: 'ecm_adoption_tasks_overdue',
  type: 'gauge',
  unit: '',
  help: 'Tasks past due plus tolerance with no outcome recorded (not cancelled), due in the live look-back.',
  labels: [LOCATION],
});
export const SHIFTS_WITHOUT_ACTIVITY = metric({
  ...safety,
  name: 'ecm_adoption_shifts_without_activity',
  type: 'gauge',
  unit: '',
  help: 'Shifts in progress that started longer ago than the activity grace (ecm_adoption_shift_activity_grace_seconds) with no digital activity by the rostered person.',
  labels: [LOCATION],
});
export const ALERT_ACKNOWLEDGEMENT_SECONDS = metric({
  ...safety,
  name: 'ecm_adoption_alert_acknowledgement_seconds',
  type: 'summary',
  unit: 'seconds',
  help: 'Seconds from raised to acknowledged of alerts raised in the window, by quantile; absent below the minimum cohort.',
  labels: [LOCATION, ROLLING_WINDOW, label('quantile', 'Quantile (a summary of quantiles only, no _sum or _count).', ['0.5', '0.9'])],
});
export const ALERT_ACK_TARGET_SECONDS = metric({
  ...safety,
  name: 'ecm_adoption_alert_ack_target_seconds',
  type: 'gauge',
  unit: 'seconds',
  help: 'Configured acknowledgement target per alert severity (indicators.alertAckTargetSeconds), in seconds.',
  labels: [SEVERITY],
});
export const TASK_TOLERANCE_SECONDS = metric({
  ...safety,
  name: 'ecm_adoption_task_tolerance_seconds',
  type: 'gauge',
  unit: 'seconds',
  help: 'Configured tolerance after the due time per task category listed in indicators.taskTolerance.byCategory, in seconds.',
  labels: [label('category', 'Task category (`ecm.tasks.category`) with a tolerance of its own.')],
});
export const TASK_TOLERANCE_DEFAULT_SECONDS = metric({
  ...safety,
  name: 'ecm_adoption_task_tolerance_default_seconds',
  type: 'gauge',
  unit: 'seconds',
  help: 'Configured tolerance after the due time for task categories without one of their own (indicators.taskTolerance.defaultMinutes), in seconds.',
  labels: [],
});
export const SHIFT_ACTIVITY_GRACE_SECONDS = metric({
  ...safety,
  name: 'ecm_adoption_shift_activity_grace_seconds',
  type: 'gauge',
  unit: 'seconds',
  help: 'Configured time into a shift after which no digital activity by the rostered person counts it as without activity (indicators.shiftWithoutActivityMinutes), in seconds.',
  labels: [],
});

// ---- Indicators --------------------------------------------------------------------------

const indicators = { group: 'indicators', publishedBy: 'exporter', stability: 'stable' } as const;
const INDICATOR_WINDOW = [INDICATOR, LOCATION, ROLLING_WINDOW] as const;

export const INDICATOR_INFO = metric({
  ...indicators,
  name: 'ecm_adoption_indicator_info',
  type: 'gauge',
  unit: '',
  help: 'The indicators this exporter computes, with their title and direction; always 1.',
  labels: [
    INDICATOR,
    label(
      'title',
      'What a manager reads.',
      INDICATOR_META.map((meta) => meta.title),
    ),
    label('direction', 'Whether a higher or a lower ratio is better.', DIRECTIONS),
  ],
});
export const INDICATOR_RATIO = metric({
  ...indicators,
  name: 'ecm_adoption_indicator_ratio',
  type: 'gauge',
  unit: 'ratio',
  help: 'Indicator value (numerator / denominator), 0..1, per location and rolling window; absent when suppressed.',
  labels: INDICATOR_WINDOW,
});
export const INDICATOR_NUMERATOR = metric({
  ...indicators,
  name: 'ecm_adoption_indicator_numerator',
  type: 'gauge',
  unit: '',
  help: 'Items meeting the indicator in the window; absent when suppressed.',
  labels: INDICATOR_WINDOW,
});
export const INDICATOR_DENOMINATOR = metric({
  ...indicators,
  name: 'ecm_adoption_indicator_denominator',
  type: 'gauge',
  unit: '',
  help: 'Items judged by the indicator in the window; absent when suppressed.',
  labels: INDICATOR_WINDOW,
});
export const INDICATOR_SUPPRESSED = metric({
  ...indicators,
  name: 'ecm_adoption_indicator_suppressed',
  type: 'gauge',
  unit: '',
  help: '1 when the window has fewer items than the minimum cohort, so nothing else is published for it.',
  labels: INDICATOR_WINDOW,
});
export const INDICATOR_STATUS = metric({
  ...indicators,
  name: 'ecm_adoption_indicator_status',
  type: 'gauge',
  unit: '',
  help: 'Status in the window of the current governance phase (7d weekly, 28d monthly): 0 green, 1 amber, 2 red.',
  labels: INDICATOR_WINDOW,
});
export const INDICATOR_THRESHOLD_RATIO = metric({
  ...indicators,
  name: 'ecm_adoption_indicator_threshold_ratio',
  type: 'gauge',
  unit: 'ratio',
  help: 'Threshold in force for the location in its current governance phase, by level (target, critical).',
  labels: [INDICATOR, LOCATION, label('level', 'target: green at or beyond it; critical: red beyond it.', ['target', 'critical'])],
});

// ---- Governance phase --------------------------------------------------------------------

const phase = { group: 'phase', publishedBy: 'exporter', stability: 'stable' } as const;

export const GOVERNANCE_PHASE = metric({
  ...phase,
  name: 'ecm_adoption_governance_phase',
  type: 'gauge',
  unit: '',
  help: "1 for the location's current governance phase (weekly or monthly), 0 for the other.",
  labels: [LOCATION, label('phase', 'Governance phase.', GOVERNANCE_PHASES)],
});
export const GOVERNANCE_STREAK = metric({
  ...phase,
  name: 'ecm_adoption_governance_streak',
  type: 'gauge',
  unit: '',
  help: 'Consecutive complete calendar weeks on target: the most recent complete weeks with every core indicator on target.',
  labels: [LOCATION],
});
export const GO_LIVE_TIMESTAMP_SECONDS = metric({
  ...phase,
  name: 'ecm_adoption_go_live_timestamp_seconds',
  type: 'gauge',
  unit: 'seconds',
  help: 'Go-live of the location: start of its go-live date in its timezone, Unix seconds.',
  labels: [LOCATION],
});

// ---- Governance evidence -----------------------------------------------------------------

const evidence = { group: 'evidence', publishedBy: 'exporter', stability: 'stable' } as const;
const EVIDENCE_LOCATION_WINDOW = [LOCATION, EVIDENCE_WINDOW] as const;
const ISSUE_LABELS = [
  label('category', 'Issue category.', ['training', 'configuration', 'local_practice', 'supplier', 'workflow']),
  LOCATION_OR_ORGANISATION,
  label('priority', 'Issue priority.', ['low', 'medium', 'high', 'critical']),
] as const;
const ACTION_KIND = label('kind', 'Corrective action kind.', [
  'coaching',
  'refresher_training',
  'template_change',
  'supervision',
  'configuration',
  'guidance',
  'supplier_request',
]);

export const GOVERNANCE_STORE_PRESENT = metric({
  ...evidence,
  name: 'ecm_adoption_governance_store_present',
  type: 'gauge',
  unit: '',
  help: '1 when the governance store (schema `adoption`) exists and this exporter may read it; 0 when it was never migrated or is not readable, so no governance evidence is published.',
  labels: [],
});
export const GOVERNANCE_STORE_STATE = metric({
  ...evidence,
  name: 'ecm_adoption_governance_store_state',
  type: 'gauge',
  unit: '',
  help: 'State of the governance store: 1 for the current one of ready, not_migrated (schema `adoption` never created) and no_permission (this role lacks USAGE/SELECT on it); absent while the governance database is down.',
  labels: [label('state', 'State of the governance store.', ['ready', 'not_migrated', 'no_permission'])],
});
export const AUDIT_PASS_RATIO = metric({
  ...evidence,
  name: 'ecm_adoption_audit_pass_ratio',
  type: 'gauge',
  unit: 'ratio',
  help: 'Share of audited records passing the criterion, 0..1, per location and window; absent when suppressed.',
  labels: [CRITERION, ...EVIDENCE_LOCATION_WINDOW],
});
export const AUDIT_PASS_NUMERATOR = metric({
  ...evidence,
  name: 'ecm_adoption_audit_pass_numerator',
  type: 'gauge',
  unit: '',
  help: 'Audited records passing the criterion in the window; absent when suppressed.',
  labels: [CRITERION, ...EVIDENCE_LOCATION_WINDOW],
});
export const AUDIT_PASS_DENOMINATOR = metric({
  ...evidence,
  name: 'ecm_adoption_audit_pass_denominator',
  type: 'gauge',
  unit: '',
  help: 'Records audited in the window; absent when suppressed.',
  labels: [CRITERION, ...EVIDENCE_LOCATION_WINDOW],
});
export const AUDIT_PASS_SUPPRESSED = metric({
  ...evidence,
  name: 'ecm_adoption_audit_pass_suppressed',
  type: 'gauge',
  unit: '',
  help: '1 when fewer records than the minimum cohort were audited in the window, so nothing else is published for it.',
  labels: [CRITERION, ...EVIDENCE_LOCATION_WINDOW],
});
export const AUDIT_GAPS = metric({
  ...evidence,
  name: 'ecm_adoption_audit_gaps',
  type: 'gauge',
  unit: '',
  help: 'Audits failing at least one criterion in the window, by recorded gap cause; absent when audit_pass is suppressed.',
  labels: [
    label('cause', 'Gap cause recorded with the audit.', ['training', 'confidence', 'workflow_design', 'individual_practice', 'not_recorded']),
    ...EVIDENCE_LOCATION_WINDOW,
  ],
});
export const AUDIT_IMPROVEMENT = metric({
  ...evidence,
  name: 'ecm_adoption_audit_improvement',
  type: 'gauge',
  unit: '',
  help: 'Mean change in the share of the four criteria passed, follow-up audit minus the audit it re-checks (-1..1), over follow-ups in the window.',
  labels: EVIDENCE_LOCATION_WINDOW,
});
export const AUDIT_FOLLOW_UPS = metric({
  ...evidence,
  name: 'ecm_adoption_audit_follow_ups',
  type: 'gauge',
  unit: '',
  help: 'Follow-up audits (re-checks of an earlier audit) in the window.',
  labels: EVIDENCE_LOCATION_WINDOW,
});
export const AUDIT_FOLLOW_UPS_NOT_IMPROVED = metric({
  ...evidence,
  name: 'ecm_adoption_audit_follow_ups_not_improved',
  type: 'gauge',
  unit: '',
  help: 'Follow-up audits in the window still failing a criterion and passing no more criteria than the audit they re-check.',
  labels: EVIDENCE_LOCATION_WINDOW,
});
export const STAFF_CONFIDENCE_MEAN = metric({
  ...evidence,
  name: 'ecm_adoption_staff_confidence_mean',
  type: 'gauge',
  unit: '',
  help: 'Mean staff confidence with the ECM system (1..5) from feedback submitted in the window; absent when suppressed.',
  labels: EVIDENCE_LOCATION_WINDOW,
});
export const STAFF_CONFIDENCE_RESPONSES = metric({
  ...evidence,
  stability: 'experimental',
  name: 'ecm_adoption_staff_confidence_responses',
  type: 'gauge',
  unit: '',
  help: 'Staff feedback responses submitted in the window; absent when suppressed.',
  labels: EVIDENCE_LOCATION_WINDOW,
});
export const STAFF_CONFIDENCE_SUPPRESSED = metric({
  ...evidence,
  name: 'ecm_adoption_staff_confidence_suppressed',
  type: 'gauge',
  unit: '',
  help: '1 when the window has fewer responses than the minimum cohort, so no confidence, response or barrier figure is published for it.',
  labels: EVIDENCE_LOCATION_WINDOW,
});
export const FEEDBACK_BARRIERS = metric({
  ...evidence,
  name: 'ecm_adoption_feedback_barriers',
  type: 'gauge',
  unit: '',
  help: 'Feedback responses in the window raising a barrier, by barrier type; absent when staff_confidence is suppressed.',
  labels: [label('barrier', 'Barrier type raised in staff feedback.', ['training', 'configuration', 'local_practice']), ...EVIDENCE_LOCATION_WINDOW],
});
export const FEEDBACK_ACTED_ON_RATIO = metric({
  ...evidence,
  name: 'ecm_adoption_feedback_acted_on_ratio',
  type: 'gauge',
  unit: 'ratio',
  help: 'Share of barriers raised in staff feedback, judged 30 days after they were raised, that have a linked corrective action, 0..1; absent when suppressed.',
  labels: EVIDENCE_LOCATION_WINDOW,
});
export const FEEDBACK_ACTED_ON_NUMERATOR = metric({
  ...evidence,
  stability: 'experimental',
  name: 'ecm_adoption_feedback_acted_on_numerator',
  type: 'gauge',
  unit: '',
  help: 'Barriers judged in the window with a linked corrective action; absent when suppressed.',
  labels: EVIDENCE_LOCATION_WINDOW,
});
export const FEEDBACK_ACTED_ON_DENOMINATOR = metric({
  ...evidence,
  stability: 'experimental',
  name: 'ecm_adoption_feedback_acted_on_denominator',
  type: 'gauge',
  unit: '',
  help: 'Barriers judged in the window (raised 30 days before it); absent when suppressed.',
  labels: EVIDENCE_LOCATION_WINDOW,
});
export const FEEDBACK_ACTED_ON_SUPPRESSED = metric({
  ...evidence,
  name: 'ecm_adoption_feedback_acted_on_suppressed',
  type: 'gauge',
  unit: '',
  help: '1 when fewer barriers than the minimum cohort were judged in the window, so no ratio is published for it.',
  labels: EVIDENCE_LOCATION_WINDOW,
});
export const FEEDBACK_BARRIERS_NOT_ACTED_ON = metric({
  ...evidence,
  name: 'ecm_adoption_feedback_barriers_not_acted_on',
  type: 'gauge',
  unit: '',
  help: 'Barriers raised more than 30 days ago (judged in the window) with no linked corrective action; absent when fewer responses than the minimum cohort were submitted in that period.',
  labels: EVIDENCE_LOCATION_WINDOW,
});
export const ISSUES_OPEN = metric({
  ...evidence,
  name: 'ecm_adoption_issues_open',
  type: 'gauge',
  unit: '',
  help: 'Adoption issues open (open or in_progress), by category and priority; location="organisation" for organisation-wide issues.',
  labels: ISSUE_LABELS,
});
export const ISSUES_OVERDUE = metric({
  ...evidence,
  name: 'ecm_adoption_issues_overdue',
  type: 'gauge',
  unit: '',
  help: 'Open adoption issues past their due date, by category and priority.',
  labels: ISSUE_LABELS,
});
export const ISSUES_RESOLVED = metric({
  ...evidence,
  stability: 'experimental',
  name: 'ecm_adoption_issues_resolved',
  type: 'gauge',
  unit: '',
  help: 'Adoption issues resolved in the window.',
  labels: [LOCATION_OR_ORGANISATION, EVIDENCE_WINDOW],
});
export const ISSUE_RESOLUTION_MEDIAN_SECONDS = metric({
  ...evidence,
  name: 'ecm_adoption_issue_resolution_median_seconds',
  type: 'gauge',
  unit: 'seconds',
  help: 'Median time from raised to resolved of the issues resolved in the window, in seconds; absent when none was resolved.',
  labels: [LOCATION_OR_ORGANISATION, EVIDENCE_WINDOW],
});
export const CORRECTIVE_ACTIONS_OPEN = metric({
  ...evidence,
  name: 'ecm_adoption_corrective_actions_open',
  type: 'gauge',
  unit: '',
  help: 'Corrective actions not completed, by kind; location="organisation" for organisation-wide actions.',
  labels: [ACTION_KIND, LOCATION_OR_ORGANISATION],
});
export const CORRECTIVE_ACTIONS_OVERDUE = metric({
  ...evidence,
  name: 'ecm_adoption_corrective_actions_overdue',
  type: 'gauge',
  unit: '',
  help: 'Corrective actions not completed and past their due date, by kind.',
  labels: [ACTION_KIND, LOCATION_OR_ORGANISATION],
});
export const GOVERNANCE_REVIEW_AGE_SECONDS = metric({
  ...evidence,
  name: 'ecm_adoption_governance_review_age_seconds',
  type: 'gauge',
  unit: 'seconds',
  help: 'Seconds since the latest governance review covering the location (its own or organisation-wide), or since go-live when there is none.',
  labels: [LOCATION],
});
export const GOVERNANCE_REVIEW_DUE_SECONDS = metric({
  ...evidence,
  name: 'ecm_adoption_governance_review_due_seconds',
  type: 'gauge',
  unit: 'seconds',
  help: "Interval within which a governance review is due in the location's current phase (weekly: 7 days, monthly: 31 days), in seconds.",
  labels: [LOCATION],
});
export const GOVERNANCE_REVIEW_OVERDUE = metric({
  ...evidence,
  name: 'ecm_adoption_governance_review_overdue',
  type: 'gauge',
  unit: '',
  help: "1 when the latest governance review is older than the interval due in the location's current phase.",
  labels: [LOCATION],
});
export const GOVERNANCE_REVIEWS = metric({
  ...evidence,
  stability: 'experimental',
  name: 'ecm_adoption_governance_reviews',
  type: 'gauge',
  unit: '',
  help: 'Governance reviews covering the location (its own or organisation-wide) in the window.',
  labels: EVIDENCE_LOCATION_WINDOW,
});

// ---- Issue-log receiver ------------------------------------------------------------------

const receiver = { group: 'receiver', publishedBy: 'issue_log_receiver', stability: 'stable' } as const;

export const ISSUE_LOG_NOTIFICATIONS_TOTAL = metric({
  ...receiver,
  name: 'ecm_adoption_issue_log_notifications_total',
  type: 'counter',
  unit: '',
  help: 'Alertmanager notifications received, by outcome: recorded (written, or nothing to write), rejected (400: malformed, wrong version or shape), store_unavailable (503, Alertmanager retries).',
  labels: [label('outcome', 'What became of the notification.', ['recorded', 'rejected', 'store_unavailable'])],
});
export const ISSUE_LOG_ALERTS_TOTAL = metric({
  ...receiver,
  name: 'ecm_adoption_issue_log_alerts_total',
  type: 'counter',
  unit: '',
  help: 'Alerts of recorded notifications, by result: created, updated (status or times), seen (still firing), unchanged, ignored (not a governance alert of this product), id_taken (issue id used by an imported issue).',
  labels: [label('result', 'What the alert did to the issue log.', ['created', 'updated', 'seen', 'unchanged', 'ignored', 'id_taken'])],
});
export const ISSUE_LOG_LAST_SUCCESS_TIMESTAMP_SECONDS = metric({
  ...receiver,
  name: 'ecm_adoption_issue_log_last_success_timestamp_seconds',
  type: 'gauge',
  unit: 'seconds',
  help: 'Unix time of the last notification written to the governance store; 0 before the first.',
  labels: [],
});
export const ISSUE_LOG_STORE_UP = metric({
  ...receiver,
  name: 'ecm_adoption_issue_log_store_up',
  type: 'gauge',
  unit: '',
  help: '1 when the last write to the governance store succeeded, 0 when it failed; 1 before the first write.',
  labels: [],
});

/** Every family, grouped as docs/metrics.md lists them. Names are unique (a test holds that). */
export const METRIC_CATALOGUE: readonly MetricDefinition[] = Object.freeze([
  EXPORTER_UP,
  EXPORTER_SOURCE_UP,
  EXPORTER_DATA_TIMESTAMP_SECONDS,
  EXPORTER_REFRESH_INTERVAL_SECONDS,
  EXPORTER_LAST_REFRESH_SUCCESS_TIMESTAMP_SECONDS,
  EXPORTER_REFRESH_DURATION_SECONDS,
  EXPORTER_REFRESHES_TOTAL,
  EXPORTER_REFRESH_DEADLINE_EXCEEDED_TOTAL,
  EXPORTER_QUERY_DURATION_SECONDS,
  EXPORTER_QUERY_SUCCESS,
  EXPORTER_QUERY_ERRORS_TOTAL,
  EXPORTER_BUILD_INFO,
  ROWS_SKIPPED,
  ALERTS_UNACKNOWLEDGED,
  TASKS_OVERDUE,
  SHIFTS_WITHOUT_ACTIVITY,
  ALERT_ACKNOWLEDGEMENT_SECONDS,
  ALERT_ACK_TARGET_SECONDS,
  TASK_TOLERANCE_SECONDS,
  TASK_TOLERANCE_DEFAULT_SECONDS,
  SHIFT_ACTIVITY_GRACE_SECONDS,
  INDICATOR_INFO,
  INDICATOR_RATIO,
  INDICATOR_NUMERATOR,
  INDICATOR_DENOMINATOR,
  INDICATOR_SUPPRESSED,
  INDICATOR_STATUS,
  INDICATOR_THRESHOLD_RATIO,
  GOVERNANCE_PHASE,
  GOVERNANCE_STREAK,
  GO_LIVE_TIMESTAMP_SECONDS,
  GOVERNANCE_STORE_PRESENT,
  GOVERNANCE_STORE_STATE,
  AUDIT_PASS_RATIO,
  AUDIT_PASS_NUMERATOR,
  AUDIT_PASS_DENOMINATOR,
  AUDIT_PASS_SUPPRESSED,
  AUDIT_GAPS,
  AUDIT_IMPROVEMENT,
  AUDIT_FOLLOW_UPS,
  AUDIT_FOLLOW_UPS_NOT_IMPROVED,
  STAFF_CONFIDENCE_MEAN,
  STAFF_CONFIDENCE_RESPONSES,
  STAFF_CONFIDENCE_SUPPRESSED,
  FEEDBACK_BARRIERS,
  FEEDBACK_ACTED_ON_RATIO,
  FEEDBACK_ACTED_ON_NUMERATOR,
  FEEDBACK_ACTED_ON_DENOMINATOR,
  FEEDBACK_ACTED_ON_SUPPRESSED,
  FEEDBACK_BARRIERS_NOT_ACTED_ON,
  ISSUES_OPEN,
  ISSUES_OVERDUE,
  ISSUES_RESOLVED,
  ISSUE_RESOLUTION_MEDIAN_SECONDS,
  CORRECTIVE_ACTIONS_OPEN,
  CORRECTIVE_ACTIONS_OVERDUE,
  GOVERNANCE_REVIEW_AGE_SECONDS,
  GOVERNANCE_REVIEW_DUE_SECONDS,
  GOVERNANCE_REVIEW_OVERDUE,
  GOVERNANCE_REVIEWS,
  ISSUE_LOG_NOTIFICATIONS_TOTAL,
  ISSUE_LOG_ALERTS_TOTAL,
  ISSUE_LOG_LAST_SUCCESS_TIMESTAMP_SECONDS,
  ISSUE_LOG_STORE_UP,
]);

const BY_NAME: ReadonlyMap<string, MetricDefinition> = new Map(METRIC_CATALOGUE.map((definition) => [definition.name, definition]));

/** The catalogue entry of a family name; undefined for a name this product does not publish. */
export function metricDefinition(name: string): MetricDefinition | undefined {
  return BY_NAME.get(name);
}

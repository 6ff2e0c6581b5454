/**
 * "Record quality and feedback": record audits, follow-ups, staff confidence and
 * barriers, from the governance logs (docs/governance-logs.md). Also the governance-evidence
 * panels (review age, issue log, corrective actions) for the Governance dashboard.
 */
import { BarGaugeDisplayMode, VizOrientation, type FieldConfigSource } from '@grafana/schema';
import type { Options as BarGaugeOptions } from '@grafana/schema/dist/esm/raw/composable/bargauge/panelcfg/x/BarGaugePanelCfg_types.gen';
import { UIDS, dashboard, locationVariable, type DashboardJson, type PanelExtras, type PanelSpec } from './kit.ts';

export const RECORD_QUALITY_UID = UIDS.recordQuality;
const LOC = 'location=~"$location"';
// Organisation-wide issues and actions are published as location="organisation".
const LOC_OR_ORG = 'location=~"$location|organisation"';
const PERCENT: FieldConfigSource = { defaults: { unit: 'percentunit', min: 0, max: 1, decimals: 0 }, overrides: [] };
const BAR: Partial<BarGaugeOptions> = {
  orientation: VizOrientation.Horizontal,
  displayMode: BarGaugeDisplayMode.Basic,
  reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
};

/** Merges instant table queries into one row per series, naming the value columns. */
function mergedTable(rename: Record<string, string>): PanelExtras {
  const excludeByName: Record<string, boolean> = { Time: true, __name__: true, job: true, instance: true };
  return {
    transformations: [
      { id: 'merge', options: {} },
      { id: 'organize', options: { excludeByName, renameByName: { ...rename } } },
    ],
  };
}

export function recordQualityPanels(): PanelSpec[] {
  return [
    {
      type: 'bargauge',
      title: 'Audited records passing, last 28 days',
      description:
        'audit_pass per criterion: share of audited records that are complete, person-specific, timely and in the correct section. Absent when fewer records than the minimum cohort were audited.',
      gridPos: { x: 0, y: 0, w: 12, h: 10 },
      targets: [{ refId: 'A', expr: `ecm_adoption_audit_pass_ratio{${LOC},window="28d"}`, legendFormat: '{{location}} {{criterion}}', instant: true }],
      options: BAR,
      fieldConfig: PERCENT,
    },
    {
      type: 'timeseries',
      title: 'Audit pass per criterion over time (28 day window, all selected locations)',
      description: 'Sum of passing records over sum of audited records: never an average of ratios.',
      gridPos: { x: 12, y: 0, w: 12, h: 10 },
      targets: [
        {
          refId: 'A',
          expr: `sum by (criterion) (ecm_adoption_audit_pass_numerator{${LOC},window="28d"}) / sum by (criterion) (ecm_adoption_audit_pass_denominator{${LOC},window="28d"})`,
          legendFormat: '{{criterion}}',
        },
      ],
      fieldConfig: PERCENT,
    },
    {
      type: 'bargauge',
      title: 'Why audits failed, last 90 days',
      gridPos: { x: 0, y: 10, w: 8, h: 8 },
      targets: [{ refId: 'A', expr: `sum by (cause) (ecm_adoption_audit_gaps{${LOC},window="90d"})`, legendFormat: '{{cause}}', instant: true }],
      options: BAR,
      fieldConfig: { defaults: { decimals: 0, min: 0 }, overrides: [] },
    },
    {
      type: 'table',
      title: 'Follow-up audits, last 90 days',
      description:
        'audit_improvement: mean change in the share of criteria passed, follow-up minus the audit it re-checks (-1..1). Not improved = still failing and no better than before.',
      gridPos: { x: 8, y: 10, w: 16, h: 8 },
      targets: [
        { refId: 'improvement', expr: `ecm_adoption_audit_improvement{${LOC},window="90d"}`, instant: true, format: 'table' },
        { refId: 'followups', expr: `ecm_adoption_audit_follow_ups{${LOC},window="90d"}`, instant: true, format: 'table' },
        { refId: 'notimproved', expr: `ecm_adoption_audit_follow_ups_not_improved{${LOC},window="90d"}`, instant: true, format: 'table' },
      ],
      extra: mergedTable({ 'Value #improvement': 'improvement', 'Value #followups': 'follow-ups', 'Value #notimproved': 'not improved' }),
    },
    {
      type: 'timeseries',
      title: 'Staff confidence (1-5), 28 day window',
      description: 'Mean confidence from staff feedback. Absent when fewer responses than the minimum cohort.',
      gridPos: { x: 0, y: 18, w: 12, h: 9 },
      targets: [{ refId: 'A', expr: `ecm_adoption_staff_confidence_mean{${LOC},window="28d"}`, legendFormat: '{{location}}' }],
      fieldConfig: { defaults: { min: 1, max: 5, decimals: 1 }, overrides: [] },
    },
    {
      type: 'bargauge',
      title: 'Barriers raised, last 90 days',
      gridPos: { x: 12, y: 18, w: 12, h: 9 },
      targets: [{ refId: 'A', expr: `sum by (barrier) (ecm_adoption_feedback_barriers{${LOC},window="90d"})`, legendFormat: '{{barrier}}', instant: true }],
      options: BAR,
      fieldConfig: { defaults: { decimals: 0, min: 0 }, overrides: [] },
    },
    {
      type: 'table',
      title: 'Feedback acted on (barriers judged 30 days after they were raised), last 90 days',
      gridPos: { x: 0, y: 27, w: 24, h: 8 },
      targets: [
        { refId: 'ratio', expr: `ecm_adoption_feedback_acted_on_ratio{${LOC},window="90d"}`, instant: true, format: 'table' },
        { refId: 'notacted', expr: `ecm_adoption_feedback_barriers_not_acted_on{${LOC},window="90d"}`, instant: true, format: 'table' },
      ],
      extra: mergedTable({ 'Value #ratio': 'acted on', 'Value #notacted': 'barriers not acted on' }),
    },
  ];
}

export function recordQualityDashboard(): DashboardJson {
  return dashboard({
    uid: RECORD_QUALITY_UID,
    title: 'ECM adoption - record quality and feedback',
    description:
      'Record audits (complete, person-specific, timely, correct section), follow-up audits, staff confidence and barriers, from the governance logs.',
    tags: ['governance'],
    time: { from: 'now-90d', to: 'now' },
    refresh: '5m',
    variables: [locationVariable(true)],
    panels: recordQualityPanels(),
  });
}

/** Review age, issue log and corrective actions: for the Governance dashboard, starting at row `y`. */
export function governanceEvidencePanels(y: number): PanelSpec[] {
  return [
    {
      type: 'table',
      title: 'Governance reviews',
      description: 'Days since the latest review covering the location; due every 7 days (weekly phase) or 31 days (monthly).',
      gridPos: { x: 0, y, w: 12, h: 8 },
      targets: [
        { refId: 'age', expr: `ecm_adoption_governance_review_age_seconds{${LOC}} / 86400`, instant: true, format: 'table' },
        { refId: 'due', expr: `ecm_adoption_governance_review_due_seconds{${LOC}} / 86400`, instant: true, format: 'table' },
        { refId: 'overdue', expr: `ecm_adoption_governance_review_overdue{${LOC}}`, instant: true, format: 'table' },
      ],
      fieldConfig: { defaults: { decimals: 1 }, overrides: [] },
      extra: mergedTable({ 'Value #age': 'days since review', 'Value #due': 'due every (days)', 'Value #overdue': 'overdue' }),
    },
    {
      type: 'table',
      title: 'Adoption issues open (overdue) by category and priority',
      gridPos: { x: 12, y, w: 12, h: 8 },
      targets: [
        { refId: 'open', expr: `sum by (category, priority) (ecm_adoption_issues_open{${LOC_OR_ORG}}) > 0`, instant: true, format: 'table' },
        { refId: 'overdue', expr: `sum by (category, priority) (ecm_adoption_issues_overdue{${LOC_OR_ORG}})`, instant: true, format: 'table' },
      ],
      extra: mergedTable({ 'Value #open': 'open', 'Value #overdue': 'overdue' }),
    },
    {
      type: 'stat',
      title: 'Median days to resolve an issue, last 90 days',
      gridPos: { x: 0, y: y + 8, w: 8, h: 6 },
      targets: [
        { refId: 'A', expr: `ecm_adoption_issue_resolution_median_seconds{${LOC_OR_ORG},window="90d"} / 86400`, legendFormat: '{{location}}', instant: true },
      ],
      fieldConfig: { defaults: { decimals: 1, unit: 'none' }, overrides: [] },
    },
    {
      type: 'bargauge',
      title: 'Corrective actions open and overdue',
      gridPos: { x: 8, y: y + 8, w: 16, h: 6 },
      targets: [
        { refId: 'open', expr: `sum by (location) (ecm_adoption_corrective_actions_open{${LOC_OR_ORG}})`, legendFormat: '{{location}} open', instant: true },
        {
          refId: 'overdue',
          expr: `sum by (location) (ecm_adoption_corrective_actions_overdue{${LOC_OR_ORG}})`,
          legendFormat: '{{location}} overdue',
          instant: true,
        },
      ],
      options: BAR,
      fieldConfig: { defaults: { decimals: 0, min: 0 }, overrides: [] },
    },
  ];
}

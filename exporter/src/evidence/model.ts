/**
 * The evidence pack as plain data: computed once (generate.ts), then rendered to
 * HTML (render/) and summarised in words (summary.ts). Dates are local calendar
 * dates of the location ('YYYY-MM-DD'); instants are Dates. Nothing here names a
 * person: the logs' own reference numbers only.
 */
import type { LocationInfo } from '../engine/types.ts';
import type { Direction, GovernancePhase, PhaseThresholds } from '../indicators/types.ts';
import type { TimelineWeek } from '../phase/phase.ts';
import type { Status } from '../phase/status.ts';

export interface EvidenceProvenance {
  generatedAt: Date;
  version: string;
  /** Where the ECM indicators were read from, password and query string removed. */
  ecmSource: string;
  governanceSource: string;
  /** sha256 of the validated indicator settings (canonical JSON). */
  configDigest: string;
  minCohort: number;
  statementTimeoutMs: number;
}

/** An indicator's place in the adoption monitoring plan. */
export interface PlanIndicator {
  name: string;
  title: string;
  direction: Direction;
  description: string;
  core: boolean;
  thresholds: Readonly<Record<GovernancePhase, PhaseThresholds>>;
}

/** One review period of the charts: the panel's period (week while weekly, month while monthly). */
export interface ReviewPeriod {
  start: Date;
  /** Exclusive; for the last period possibly cut at the end of the requested range. */
  end: Date;
  kind: 'week' | 'month';
  phase: GovernancePhase;
  /** The panel's label: "w/c 6 Oct" or "Oct 2026". */
  label: string;
  /** False when the period runs past the end of the range: only its first days are counted. */
  complete: boolean;
  phaseChanged: boolean;
}

export interface PeriodValue {
  period: ReviewPeriod;
  /** Absent when suppressed (fewer items than the minimum cohort). */
  numerator?: number;
  denominator?: number;
  value?: number;
  status?: Status;
  thresholds: PhaseThresholds;
}

export interface IndicatorHistory {
  indicator: PlanIndicator;
  values: PeriodValue[];
}

export interface PhaseChange {
  /** Monday of the week whose judgement caused the change. */
  causeMonday: string;
  /** The first day the new phase applied (the Monday after). */
  effectiveFrom: string;
  to: GovernancePhase;
  /** to_monthly: consecutive weeks on target; to_weekly: the core indicators that were red. */
  streak: number;
  redIndicators: string[];
}

export interface ReviewPeriodCheck {
  label: string;
  kind: 'week' | 'month';
  start: Date;
  end: Date;
  phase: GovernancePhase;
  /** False for the period still running at the end of the range: no review is due in it yet. */
  complete: boolean;
  held: number;
}

export interface OverdueStretch {
  from: Date;
  to: Date;
  /** True when the stretch is still running at the end of the range. */
  open: boolean;
}

export interface GovernanceTimelineView {
  goLiveDate: string;
  pinned?: GovernancePhase;
  /** The replay of every complete week since go-live up to the end of the range. */
  weeks: TimelineWeek[];
  changes: PhaseChange[];
  /** Phase at the end of the range. */
  currentPhase: GovernancePhase;
  reviews: ReviewPeriodCheck[];
  overdue: OverdueStretch[];
}

export interface IssueRow {
  issueId: string;
  organisationWide: boolean;
  raisedAt: Date;
  source: string;
  category: string;
  priority: string;
  status: string;
  dueAt: Date | null;
  resolvedAt: Date | null;
  /** 'import' (the CSV log) or 'alert_receiver' (recorded from an Alertmanager notification). */
  recordedBy: string;
  alertName: string | null;
  indicator: string | null;
  lastSeenAt: Date | null;
}

export interface ActionRow {
  actionId: string;
  organisationWide: boolean;
  kind: string;
  linkedIssueId: string | null;
  linkedAuditId: string | null;
  linkedFeedbackTheme: string | null;
  raisedAt: Date;
  dueAt: Date | null;
  completedAt: Date | null;
  /** For an action linked to an audit: criteria passed by that audit and by its latest follow-up. */
  followUp?: { auditId: string; before: number; after: number };
}

export interface FollowUpPair {
  auditId: string;
  followUpOf: string;
  auditedAt: Date;
  before: number;
  after: number;
}

export interface CriterionRates {
  criterion: string;
  first: { audited: number; passed?: number };
  followUp: { audited: number; passed?: number };
}

export interface ConfidenceMonth {
  /** 'YYYY-MM' */
  month: string;
  responses: number;
  /** Absent when suppressed. */
  mean?: number;
  barriers?: Readonly<Record<'training' | 'configuration' | 'local_practice', number>>;
}

export interface BarrierFollowUp {
  raised: number;
  actedOn: number;
  /** Responses the figures come from; below the minimum cohort the figures are withheld. */
  responses: number;
  suppressed: boolean;
}

export interface Findings {
  storePresent: boolean;
  issues: IssueRow[];
  actions: ActionRow[];
  criteria: CriterionRates[];
  followUps: FollowUpPair[];
  confidence: ConfidenceMonth[];
  barriers: BarrierFollowUp;
}

export interface LocationPeriod {
  /** Local dates, inclusive. */
  from: string;
  to: string;
  /** The same as instants: start of `from`, end of `to` (exclusive, never after the time of generation). */
  starts: Date;
  ends: Date;
  /** Why the period differs from the one asked for (clipped to go-live or today). */
  notes: string[];
}

export type LocationEvidence =
  | {
      kind: 'evidence';
      location: LocationInfo;
      period: LocationPeriod;
      plan: PlanIndicator[];
      timeline: GovernanceTimelineView;
      periods: ReviewPeriod[];
      indicators: IndicatorHistory[];
      findings: Findings;
      summary: string;
    }
  | { kind: 'no_data'; location: LocationInfo; reason: string };

export interface EvidencePack {
  provenance: EvidenceProvenance;
  requested: { scope: string; from?: string; to?: string };
  locations: LocationEvidence[];
}

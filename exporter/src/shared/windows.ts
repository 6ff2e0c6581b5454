/**
 * The windows every part reads the same way: the indicators' rolling windows, the rule that
 * picks one from a location's governance phase, and the governance evidence's windows. The
 * exporter computes them, the panel picks the phase window in its scorecard, the dashboards
 * and the recording rules query them by these labels.
 *
 * Shared folder rule: no imports but sibling files of this folder, with `.ts` extensions.
 */

export type GovernancePhase = 'weekly' | 'monthly';
export const GOVERNANCE_PHASES: readonly GovernancePhase[] = Object.freeze(['weekly', 'monthly']);

/** An indicator's rolling windows: [now - days, now), the `window` label of the indicator families. */
export const ROLLING_WINDOWS = Object.freeze([
  { label: '7d', days: 7 },
  { label: '28d', days: 28 },
] as const);
export type RollingWindowLabel = (typeof ROLLING_WINDOWS)[number]['label'];
export const ROLLING_WINDOW_LABELS: readonly RollingWindowLabel[] = Object.freeze(ROLLING_WINDOWS.map((window) => window.label));

/**
 * The window governance judges a location on: 7d while it is in weekly governance, 28d once
 * monthly. The exporter publishes `ecm_adoption_indicator_status` for this window only, and
 * the recording rules' `:phase_window` series pick it the same way.
 */
export const PHASE_WINDOW: Readonly<Record<GovernancePhase, RollingWindowLabel>> = Object.freeze({ weekly: '7d', monthly: '28d' });

export function windowOfPhase(phase: GovernancePhase): RollingWindowLabel {
  return PHASE_WINDOW[phase];
}

/** The governance evidence's windows (audits, feedback, issues, reviews): [now - days, now). */
export const EVIDENCE_WINDOWS = Object.freeze([
  { label: '28d', days: 28 },
  { label: '90d', days: 90 },
] as const);
export type EvidenceWindowLabel = (typeof EVIDENCE_WINDOWS)[number]['label'];
export const EVIDENCE_WINDOW_LABELS: readonly EvidenceWindowLabel[] = Object.freeze(EVIDENCE_WINDOWS.map((window) => window.label));

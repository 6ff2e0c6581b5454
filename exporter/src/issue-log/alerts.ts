/**
 * The governance alerts this product ships (provisioning/prometheus/rules, every rule
 * labelled category="governance"), and how each starts its issue. A test keeps this
 * list equal to the rules. The category and priority are a starting point that people
 * may change in the log; the receiver never changes them after the insert.
 */
export type IssueCategory = 'training' | 'configuration' | 'local_practice' | 'supplier' | 'workflow';
export type IssuePriority = 'low' | 'medium' | 'high' | 'critical';

export const GOVERNANCE_ALERTS: Readonly<Record<string, { category: IssueCategory }>> = {
  // How the system is used locally: recording practice, point-of-care habits.
  EcmIndicatorRed: { category: 'local_practice' },
  EcmIndicatorAmberWholePeriod: { category: 'local_practice' },
  // The governance process itself.
  EcmGovernanceReviewOverdue: { category: 'workflow' },
  EcmFeedbackBarrierNotActedOn: { category: 'workflow' },
  EcmCorrectiveActionsOverdue: { category: 'workflow' },
  // Record quality and confidence: usually met with training or coaching.
  EcmRecordAuditGapsRepeated: { category: 'training' },
  EcmAuditNoImprovementAfterFollowUp: { category: 'training' },
  EcmStaffConfidenceLow: { category: 'training' },
};

export const isGovernanceAlert = (name: string | undefined): name is string => name !== undefined && Object.hasOwn(GOVERNANCE_ALERTS, name);

/** The alert's severity label as the issue's priority: a governance finding is never `critical` by itself. */
export function priorityOf(severity: string | undefined): IssuePriority {
  if (severity === 'critical') return 'high';
  if (severity === 'info') return 'low';
  return 'medium';
}

/** The label value the rules use for organisation-wide series; such issues have no location. */
export const ORGANISATION_LABEL = 'organisation';

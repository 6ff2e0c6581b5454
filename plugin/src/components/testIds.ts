/** Every data-testid of the panel, shared by component and browser tests. */
export const testIds = {
  panel: 'ecm-adoption-panel',
  missing: 'ecm-adoption-missing',
  notices: 'ecm-adoption-notices',
  scorecard: 'ecm-adoption-scorecard',
  scorecardRow: (location: string) => `ecm-adoption-scorecard-row-${location}`,
  cell: (location: string, indicator: string) => `ecm-adoption-cell-${location}-${indicator}`,
  ragBadge: 'ecm-adoption-rag',
  sparkline: 'ecm-adoption-sparkline',
  trend: 'ecm-adoption-trend',
  trendLocation: (location: string) => `ecm-adoption-trend-${location}`,
  phaseSwitch: 'ecm-adoption-phase-switch',
  streak: 'ecm-adoption-streak',
  wallboard: 'ecm-adoption-wallboard',
  tile: (location: string) => `ecm-adoption-tile-${location}`,
  headline: 'ecm-adoption-headline',
} as const;

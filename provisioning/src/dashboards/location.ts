/** (3) Location drill-down: the panel's trend per indicator, acknowledgement times, live gauges. */
import { PANEL_PLUGIN_ID, UIDS, adoptionPanelOptions, dashboard, locationVariable, queryVariable, safetyStat, type DashboardJson } from './kit.ts';
import { evidencePackLink, exporterUrlVariable } from './evidence-links.ts';
import { adoptionPanelTargets } from './panel-queries.ts';

export function locationDashboard(): DashboardJson {
  return dashboard({
    uid: UIDS.location,
    title: 'ECM adoption - location',
    description: 'One location: each indicator per review period against the thresholds of its phase, alert response, live safety gauges.',
    tags: ['location'],
    time: { from: 'now-180d', to: 'now' },
    refresh: '5m',
    variables: [
      locationVariable(false),
      queryVariable({ name: 'indicator', label: 'Indicator', query: 'label_values(ecm_adoption_indicator_info, indicator)', multi: true }),
      exporterUrlVariable(),
    ],
    links: [evidencePackLink()],
    panels: [
      safetyStat(
        'Alerts unacknowledged past target',
        'sum(ecm_adoption_alerts_unacknowledged{location=~"$location"})',
        { x: 0, y: 0, w: 6, h: 5 },
        'All severities, right now.',
      ),
      safetyStat(
        'Critical and high unacknowledged',
        'sum(ecm_adoption_alerts_unacknowledged{location=~"$location",severity=~"critical|high"})',
        { x: 6, y: 0, w: 6, h: 5 },
        'These page the on-call lead (EcmAlertsUnacknowledgedPastTarget).',
      ),
      safetyStat(
        'Care tasks overdue',
        'sum(ecm_adoption_tasks_overdue{location=~"$location"})',
        { x: 12, y: 0, w: 6, h: 5 },
        'Past due plus tolerance, no outcome.',
        4,
      ),
      safetyStat(
        'Shifts without digital activity',
        'sum(ecm_adoption_shifts_without_activity{location=~"$location"})',
        { x: 18, y: 0, w: 6, h: 5 },
        'Shifts more than 2 hours in with nothing recorded by the rostered person.',
      ),
      {
        type: 'timeseries',
        title: 'Alert acknowledgement time p50 / p90',
        description: 'Seconds from an alert being raised to being acknowledged, median and 90th percentile over the window.',
        gridPos: { x: 0, y: 5, w: 24, h: 8 },
        targets: [{ refId: 'A', expr: 'ecm_adoption_alert_acknowledgement_seconds{location=~"$location"}', legendFormat: 'p{{quantile}} ({{window}})' }],
        fieldConfig: { defaults: { unit: 's', min: 0 }, overrides: [] },
      },
      {
        type: PANEL_PLUGIN_ID,
        title: '$indicator - per review period',
        description: 'Calendar weeks while the location is in weekly governance, months once monthly; the band follows the phase.',
        gridPos: { x: 0, y: 13, w: 12, h: 10 },
        targets: adoptionPanelTargets('location=~"$location"', 'indicator=~"$indicator"'),
        options: adoptionPanelOptions({ view: 'trend', locations: ['$location'] }),
        extra: { repeat: 'indicator', repeatDirection: 'h', maxPerRow: 2 },
      },
    ],
  });
}

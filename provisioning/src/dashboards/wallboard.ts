/**
 * (2) Wallboard: one location on a wall screen, read from 3 m. Open it as
 * /d/ecm-adoption-wallboard?var-location=<id>&kiosk (kiosk hides the Grafana chrome).
 */
import { PANEL_PLUGIN_ID, UIDS, adoptionPanelOptions, dashboard, locationVariable, safetyStat, type DashboardJson } from './kit.ts';
import { adoptionPanelTargets } from './panel-queries.ts';

export function wallboardDashboard(): DashboardJson {
  return dashboard({
    uid: UIDS.wallboard,
    title: 'ECM adoption - wallboard',
    description: 'Kiosk view for one location: worst finding first, live safety numbers. Add &kiosk to the URL.',
    tags: ['wallboard'],
    time: { from: 'now-90d', to: 'now' },
    refresh: '30s',
    hideTimePicker: true,
    variables: [locationVariable(false)],
    panels: [
      safetyStat(
        'Alerts unacknowledged past target',
        'sum(ecm_adoption_alerts_unacknowledged{location=~"$location"})',
        { x: 0, y: 0, w: 8, h: 7 },
        'Care alerts (falls sensors, call bells...) of any severity waiting longer than their acknowledgement target right now.',
      ),
      safetyStat(
        'Care tasks overdue',
        'sum(ecm_adoption_tasks_overdue{location=~"$location"})',
        { x: 8, y: 0, w: 8, h: 7 },
        'Tasks past due time plus tolerance with no outcome recorded.',
      ),
      safetyStat(
        'Shifts without digital activity',
        'sum(ecm_adoption_shifts_without_activity{location=~"$location"})',
        { x: 16, y: 0, w: 8, h: 7 },
        'Shifts in progress for more than 2 hours where the rostered person has recorded nothing.',
      ),
      {
        type: PANEL_PLUGIN_ID,
        title: 'How well is the system used here?',
        gridPos: { x: 0, y: 7, w: 24, h: 17 },
        targets: adoptionPanelTargets('location=~"$location"'),
        options: adoptionPanelOptions({ view: 'wallboard', locations: ['$location'] }),
      },
    ],
  });
}

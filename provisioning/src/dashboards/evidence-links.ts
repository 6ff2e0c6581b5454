/** Links from the dashboards to the exporter's governance evidence pack (docs/evidence.md). */
import { VariableHide, type DashboardLink, type VariableModel } from '@grafana/schema';

/**
 * Where the browsers of Grafana's users reach the exporter: docker-compose.yml publishes it on
 * 127.0.0.1:9187. A hidden textbox variable, so a site behind a proxy sets its own address in the
 * dashboard settings or with `&var-exporter_url=https://...` in the URL.
 */
export const EXPORTER_URL_VARIABLE = 'exporter_url';
export const EXPORTER_URL_DEFAULT = 'http://127.0.0.1:9187';

export function exporterUrlVariable(): VariableModel {
  return {
    type: 'textbox',
    name: EXPORTER_URL_VARIABLE,
    label: 'Exporter URL',
    description: 'Base URL of ecm-adoption-exporter as the browser reaches it; the evidence pack links use it.',
    query: EXPORTER_URL_DEFAULT,
    current: { text: EXPORTER_URL_DEFAULT, value: EXPORTER_URL_DEFAULT },
    options: [{ text: EXPORTER_URL_DEFAULT, value: EXPORTER_URL_DEFAULT, selected: true }],
    hide: VariableHide.hideVariable,
  };
}

/**
 * The exporter's evidence pack (GET /evidence, docs/evidence.md) of one location over the
 * dashboard's time range, first and last day as YYYY-MM-DD. `location` is a Grafana expression:
 * a variable (`${location:percentencode}`) or a data link field (`${__data.fields.location}`).
 */
export function evidencePackUrl(location: string): string {
  return `\${${EXPORTER_URL_VARIABLE}}/evidence?location=${location}&from=\${__from:date:YYYY-MM-DD}&to=\${__to:date:YYYY-MM-DD}`;
}

/** A dashboard link to the evidence pack of the chosen location, opened in a new tab. */
export function evidencePackLink(): DashboardLink {
  return {
    type: 'link',
    title: 'Evidence pack (this location, this time range)',
    url: evidencePackUrl('${location:percentencode}'),
    icon: 'doc',
    // The URL carries the location and the range itself; Grafana's own var-/from= parameters
    // would only be noise to the exporter.
    includeVars: false,
    keepTime: false,
    targetBlank: true,
    asDropdown: false,
    tags: [],
    tooltip: 'The governance evidence pack of this location for the time range shown, from the exporter',
  };
}

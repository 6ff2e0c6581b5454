// Grafana provides @grafana/runtime at run time; the harness page has no Grafana, so drill-down
// navigation is recorded instead of performed.
export const locationService = {
  push(url: string): void {
    window.dispatchEvent(new CustomEvent('ecm-drilldown', { detail: url }));
  },
};

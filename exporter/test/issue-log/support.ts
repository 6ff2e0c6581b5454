/** Alertmanager 0.25 webhook notifications (version "4") for the receiver tests. */

export interface TestAlert {
  status: 'firing' | 'resolved';
  alertname: string;
  location?: string;
  indicator?: string;
  severity?: string;
  startsAt: string;
  endsAt?: string;
  fingerprint: string;
  summary?: string;
}

/** The JSON body Alertmanager 0.25 posts; a firing alert's endsAt is Go's zero time. */
export function notification(alerts: TestAlert[], receiver = 'issue-log'): string {
  const status = alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved';
  return JSON.stringify({
    receiver,
    status,
    alerts: alerts.map((alert) => ({
      status: alert.status,
      labels: {
        alertname: alert.alertname,
        category: 'governance',
        severity: alert.severity ?? 'warning',
        ...(alert.location ? { location: alert.location } : {}),
        ...(alert.indicator ? { indicator: alert.indicator } : {}),
      },
      annotations: { summary: alert.summary ?? `${alert.alertname} at ${alert.location ?? 'organisation'}`, description: 'test' },
      startsAt: alert.startsAt,
      endsAt: alert.endsAt ?? '0001-01-01T00:00:00Z',
      generatorURL: 'http://127.0.0.1:9090/graph',
      fingerprint: alert.fingerprint,
    })),
    groupLabels: { alertname: alerts[0]?.alertname ?? '' },
    commonLabels: { category: 'governance' },
    commonAnnotations: {},
    externalURL: 'http://127.0.0.1:9093',
    version: '4',
    groupKey: '{}/{category="governance"}:{alertname="EcmIndicatorRed"}',
    truncatedAlerts: 0,
  });
}

export const RED_FIRING: TestAlert = {
  status: 'firing',
  alertname: 'EcmIndicatorRed',
  location: 'loc-01',
  indicator: 'task_on_time',
  startsAt: '2026-02-10T09:00:00Z',
  fingerprint: '5f3a9c1e7b2d4a60',
  summary: 'task_on_time is red at loc-01 (58%)',
};

export const RED_RESOLVED: TestAlert = { ...RED_FIRING, status: 'resolved', endsAt: '2026-02-12T07:00:00Z' };

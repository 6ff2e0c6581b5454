/** Alertmanager 0.25 webhook notifications (version "4") and a receiver on 127.0.0.1, for the receiver tests. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import type { Db } from '../../src/db/types.ts';
import { createReceiverApp } from '../../src/issue-log/app.ts';
import { createReceiverMetrics } from '../../src/issue-log/metrics.ts';

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

export interface Receiver {
  url: string;
  registry: Registry;
  logs: Array<{ level: string; message: string; object: object }>;
  close(): Promise<void>;
}

/** A receiver process in miniature: its own registry and clock; a "restart" is a new one on the same store. */
export async function startReceiver(db: Db, now: () => Date): Promise<Receiver> {
  const registry = new Registry();
  const logs: Receiver['logs'] = [];
  const log = (level: string) => (object: object, message: string) => logs.push({ level, message, object });
  const app = createReceiverApp({
    db,
    registry,
    metrics: createReceiverMetrics(registry),
    clock: { now, monotonicMs: () => performance.now() },
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    retryAfterSeconds: 3,
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    registry,
    logs,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function post(receiver: Receiver, body: string): Promise<{ status: number; text: string; retryAfter: string | null }> {
  const response = await fetch(`${receiver.url}/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, text: await response.text(), retryAfter: response.headers.get('retry-after') };
}

export const ISSUE_COLUMNS = `issue_id, location_id, raised_at, source, category, priority, status, due_at, resolved_at, summary,
  recorded_by, alert_fingerprint, alert_name, indicator, alert_started_at, last_seen_at, owner, notes`;

export async function issues(db: Db): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query(`SELECT ${ISSUE_COLUMNS} FROM adoption.adoption_issues ORDER BY issue_id`);
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value])));
}

export async function counter(receiver: Receiver, name: string, label: string): Promise<number> {
  const text = await receiver.registry.metrics();
  const match = new RegExp(`^${name}\\{[a-z]+="${label}"\\} (\\d+)$`, 'm').exec(text);
  if (!match) throw new Error(`${name}{${label}} not in\n${text}`);
  return Number(match[1]);
}

/**
 * The issue-log receiver as an express app (the process is commands/issue-log-receiver.ts):
 *
 *   POST /alerts   an Alertmanager webhook notification (version "4")
 *                  400 malformed JSON, another version or shape (Alertmanager does not retry)
 *                  200 recorded, or nothing to record (alerts that are not this product's
 *                      governance alerts are ignored, logged and counted)
 *                  503 the governance store failed: nothing written, Alertmanager retries
 *   GET /metrics   its own metrics;  GET /healthz   200 while the process runs
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Registry } from 'prom-client';
import type { Db } from '../db/types.ts';
import type { Clock } from '../runtime/clock.ts';
import { isGovernanceAlert } from './alerts.ts';
import type { ReceiverMetrics } from './metrics.ts';
import { parseNotification, type WebhookAlert } from './payload.ts';
import { recordAlert, type AlertResult } from './store.ts';

const STATEMENT_TIMEOUT_MS = 5000;

export interface ReceiverLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface ReceiverDependencies {
  /** The governance store, through a role that may only write adoption.adoption_issues. */
  db: Db;
  registry: Registry;
  metrics: ReceiverMetrics;
  clock: Clock;
  logger: ReceiverLogger;
  /** Seconds Alertmanager is asked to wait after a 503 (it retries with its own backoff anyway). */
  retryAfterSeconds?: number;
}

/** One alert per fingerprint: a notification never lists one twice, but a hand-made one might. */
function latestPerFingerprint(alerts: readonly WebhookAlert[]): WebhookAlert[] {
  return [...new Map(alerts.map((alert) => [alert.fingerprint, alert])).values()];
}

export function createReceiverApp(deps: ReceiverDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.post('/alerts', express.text({ type: () => true, limit: '4mb' }), async (req: Request, res: Response) => {
    const body = typeof req.body === 'string' ? req.body : '';
    const parsed = parseNotification(body);
    if (!parsed.ok) {
      deps.metrics.notification('rejected');
      deps.logger.warn({ reason: parsed.reason }, 'notification rejected');
      res.status(400).type('text/plain').send(`${parsed.reason}\n`);
      return;
    }
    const { payload } = parsed;
    const governance = latestPerFingerprint(payload.alerts.filter((alert) => isGovernanceAlert(alert.labels.alertname)));
    for (const alert of payload.alerts.filter((candidate) => !isGovernanceAlert(candidate.labels.alertname))) {
      deps.metrics.alert('ignored');
      deps.logger.info(
        { alertname: alert.labels.alertname ?? null, fingerprint: alert.fingerprint, receiver: payload.receiver },
        'not a governance alert of this product: ignored',
      );
    }
    const receivedAt = deps.clock.now();
    let results: AlertResult[];
    try {
      results = await deps.db.transaction(async (tx) => {
        // A locked row or a stuck server must not hold Alertmanager's request for ever.
        await tx.query(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
        const done: AlertResult[] = [];
        for (const alert of governance) done.push(await recordAlert(tx, alert, receivedAt));
        return done;
      });
    } catch (error) {
      deps.metrics.notification('store_unavailable');
      deps.metrics.storeDown();
      deps.logger.error(
        { err: error instanceof Error ? error.message : String(error), groupKey: payload.groupKey },
        'governance store failed: nothing written, Alertmanager will retry',
      );
      res
        .status(503)
        .set('Retry-After', String(deps.retryAfterSeconds ?? 10))
        .type('text/plain')
        .send('governance store unavailable: nothing written, retry\n');
      return;
    }
    results.forEach((result, index) => {
      deps.metrics.alert(result);
      if (result === 'id_taken')
        deps.logger.error({ fingerprint: governance[index]?.fingerprint }, 'issue id alert:<fingerprint> is used by an imported issue: alert not recorded');
    });
    deps.metrics.notification('recorded');
    deps.metrics.stored(receivedAt);
    if (governance.length > 0) deps.logger.info({ groupKey: payload.groupKey, status: payload.status, results }, 'notification recorded');
    res
      .status(200)
      .type('text/plain')
      .send(`recorded ${governance.length} governance alert(s), ignored ${payload.alerts.length - governance.length}\n`);
  });
  app.get('/metrics', async (_req: Request, res: Response) => {
    res.type(deps.registry.contentType).send(await deps.registry.metrics());
  });
  app.get('/healthz', (_req: Request, res: Response) => {
    res.type('text/plain').send('ok\n');
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).type('text/plain').send('not found: POST /alerts, GET /metrics, GET /healthz\n');
  });
  // Express needs the four-argument signature to recognise an error handler.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : 500;
    deps.logger.error({ err: error instanceof Error ? error.message : String(error), path: req.path }, 'request failed');
    res
      .status(status >= 400 && status < 600 ? status : 500)
      .type('text/plain')
      .send(status === 413 ? 'notification too large\n' : 'request failed\n');
  });
  return app;
}

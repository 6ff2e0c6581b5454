import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { LOG_LEVELS, type LogLevel } from '../config/index.ts';
import { createPgDb } from '../db/pg.ts';
import type { Db } from '../db/types.ts';
import { redactUrl, UserError } from '../errors.ts';
import { createReceiverApp } from '../issue-log/app.ts';
import { createReceiverMetrics } from '../issue-log/metrics.ts';
import { systemClock } from '../runtime/clock.ts';

export const DEFAULT_RECEIVER_PORT = 9188;

/** Refuses to start on a store without the receiver's columns; a store that is down is only a warning. */
async function checkStore(db: Db, url: string): Promise<'ready' | 'unreachable'> {
  let present: boolean;
  try {
    const { rows } = await db.query<{ present: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM information_schema.columns
         WHERE table_schema = 'adoption' AND table_name = 'adoption_issues' AND column_name = 'alert_fingerprint') AS present`,
    );
    present = rows[0]?.present === true;
  } catch (error) {
    if (error instanceof Error) return 'unreachable';
    throw error;
  }
  if (!present) {
    throw new UserError(
      `the governance store at ${redactUrl(url)} has no adoption.adoption_issues.alert_fingerprint: run \`ecm-adoption-exporter migrate-governance\` (as the store's owner) first`,
    );
  }
  return 'ready';
}

function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new UserError(`--port: expected 0..65535, got "${value}"`);
  return port;
}

export function registerIssueLogReceiver(program: Command): void {
  program
    .command('issue-log-receiver')
    .description('receive Alertmanager notifications of governance alerts and record each alert as an adoption issue (ISSUE_LOG_DATABASE_URL)')
    .option('--port <n>', `HTTP port (default ${DEFAULT_RECEIVER_PORT})`, String(DEFAULT_RECEIVER_PORT))
    .option('--listen-address <address>', 'address to listen on', process.env.ISSUE_LOG_LISTEN_ADDRESS || '127.0.0.1')
    .action(async (options: { port: string; listenAddress: string }) => {
      const port = parsePort(options.port);
      const url = process.env.ISSUE_LOG_DATABASE_URL;
      if (!url)
        throw new UserError(
          'ISSUE_LOG_DATABASE_URL is not set: the receiver writes the governance store through a role of its own (docs/evidence.md, "The issue-log receiver")',
        );
      if (!/^postgres(ql)?:\/\//.test(url)) throw new UserError('ISSUE_LOG_DATABASE_URL must be a postgres:// URL');
      const level: LogLevel = LOG_LEVELS.find((candidate) => candidate === process.env.LOG_LEVEL) ?? 'info';
      const logger = pino({ level, base: { service: 'ecm-adoption-issue-log-receiver' } }, pino.destination(2));
      const db = createPgDb({ connectionString: url, max: 2, applicationName: 'ecm-adoption-issue-log-receiver' });
      try {
        if ((await checkStore(db, url)) === 'unreachable')
          logger.warn({ store: redactUrl(url) }, 'governance store unreachable: notifications get 503 (Alertmanager retries) until it is back');
      } catch (error) {
        await db.close();
        throw error;
      }
      const registry = new Registry();
      const app = createReceiverApp({ db, registry, metrics: createReceiverMetrics(registry), clock: systemClock(), logger });
      const server = createServer(app);
      const address = await new Promise<AddressInfo>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, options.listenAddress, () => {
          const bound = server.address();
          if (bound === null || typeof bound === 'string') reject(new Error('no TCP address'));
          else resolve(bound);
        });
      }).catch(async (error: unknown) => {
        await db.close();
        const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
        throw new UserError(`cannot listen on ${options.listenAddress}:${port}: ${code}`);
      });
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      process.stdout.write(`ecm-adoption-exporter issue-log-receiver: listening on http://${host}:${address.port}/alerts\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals): void => {
          logger.info({ signal }, 'shutting down');
          server.close(() => resolve());
          server.closeIdleConnections();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await db.close();
    });
}

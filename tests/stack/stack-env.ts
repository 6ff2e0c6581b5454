/**
 * Starts and stops whole stacks for the stack tests: PostgreSQL 15 (seeded through the CLI, or
 * copied from a seeded template), the exporter (`serve`), Prometheus 2.42 and Alertmanager 0.25
 * from Debian, and a webhook sink. Several stacks can run at once (the fault drills), each with
 * its own ports, cluster and data dirs; every one is stopped by `stop()`, and all of them on
 * SIGINT/SIGTERM.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { REPO, requireBinary } from '../provisioning/support.ts';
import { createCluster, type Cluster } from './postgres.ts';
import { freePort, killAllNow, start, stop, tail, waitFor, type Managed } from './processes.ts';
import { TEST_REFRESH_INTERVAL_SECONDS, renderAlertmanager, renderPrometheus, type RenderTuning } from './render.ts';
import { startWebhookSink, type WebhookSink } from './webhook.ts';

export const SEED = { profile: 'small', seed: '7' } as const;
const TSX = path.join(REPO, 'node_modules/.bin/tsx');
const CLI = path.join(REPO, 'exporter/src/cli.ts');

export interface Stack {
  logDir: string;
  cluster: Cluster;
  /** The database the exporter reads. */
  database: string;
  sink: WebhookSink;
  exporter: Managed;
  /** Unix ms at which the exporter process was started. */
  exporterStartedAt: number;
  prometheus: Managed;
  alertmanager: Managed;
  exporterUrl: string;
  prometheusUrl: string;
  alertmanagerUrl: string;
  /** Runs one statement on the stack's database, directly (never through a test proxy). */
  sql(text: string, values?: unknown[], database?: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Prefix of the log directory. */
  name?: string;
  /** A stopped, seeded cluster to copy (see seedTemplate); without it one is created and seeded. */
  template?: Cluster;
  /** The database the exporter reads (default `postgres`; the template's is `ecm`). */
  database?: string;
  /**
   * Runs once the database is up, before the exporter starts (roles, proxies...). Returns
   * overrides of the exporter's environment; `onStop` registers what to undo when the stack stops.
   */
  prepare?: (cluster: Cluster, onStop: (cleanup: () => Promise<void> | void) => void) => Promise<NodeJS.ProcessEnv>;
  /** Test-only shortenings of named rules and routes (render.ts); none by default. */
  tuning?: RenderTuning;
}

function cli(args: string[]): string {
  try {
    return execFileSync(TSX, [CLI, ...args], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
  } catch (error) {
    const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr) : '';
    throw new Error(`ecm-adoption-exporter ${args[0] ?? ''} failed: ${stderr || String(error)}`);
  }
}

export async function runSql(url: string, text: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

async function httpOk(url: string): Promise<true | undefined> {
  const response = await fetch(url);
  return response.ok ? true : undefined;
}

const stopping = new Set<() => Promise<void>>();

/** Ctrl-C or a kill of the test run still stops every process and removes the clusters. */
function onSignal(signal: NodeJS.Signals): void {
  killAllNow();
  void Promise.allSettled([...stopping].map((fn) => fn())).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
}

function track(cleanup: () => Promise<void>): () => Promise<void> {
  if (stopping.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  stopping.add(cleanup);
  return async () => {
    stopping.delete(cleanup);
    if (stopping.size === 0) {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
    await cleanup();
  };
}

/** Stops every stack still running and removes the template (afterAll's safety net). */
export async function stopAllStacks(): Promise<void> {
  await Promise.allSettled([...stopping].map((fn) => fn()));
  stopping.clear();
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
}

/**
 * A stopped cluster holding database `ecm` (reference schema, governance store, seeded) and
 * database `governance` (an empty governance store), for createCluster(port, template).
 * Removed by its remove(), by stopAllStacks() or on SIGINT/SIGTERM.
 */
export async function seedTemplate(): Promise<Cluster> {
  const cluster = createCluster(await freePort());
  const untrack = track(async () => cluster.remove());
  const template: Cluster = { ...cluster, remove: () => void untrack() };
  try {
    await runSql(cluster.url, 'CREATE DATABASE ecm');
    await runSql(cluster.url, 'CREATE DATABASE governance');
    const ecm = cluster.urlFor('ecm');
    cli(['migrate', '--database-url', ecm]);
    cli(['migrate-governance', '--database-url', ecm]);
    cli(['seed', '--database-url', ecm, '--profile', SEED.profile, '--seed', SEED.seed, '--replace']);
    cli(['migrate-governance', '--database-url', cluster.urlFor('governance')]);
    cluster.stop();
    return template;
  } catch (error) {
    await untrack();
    throw error;
  }
}

async function waitReady(managed: Managed, url: string): Promise<void> {
  try {
    await waitFor(`${managed.name} at ${url}`, 90_000, () => httpOk(url));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- ${managed.name} log:\n${tail(managed)}`);
  }
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  for (const binary of ['prometheus', 'prometheus-alertmanager']) requireBinary(binary);
  const logDir = mkdtempSync(path.join(tmpdir(), `ecm-stack-logs-${options.name ?? 'stack'}-`));
  // Rendered configs and Prometheus/Alertmanager data; the logs stay for a failed run.
  const dir = mkdtempSync(path.join(tmpdir(), 'ecm-stack-config-'));
  const [pgPort, exporterPort, prometheusPort, alertmanagerPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const cluster = createCluster(pgPort, options.template);
  const database = options.database ?? (options.template ? 'ecm' : 'postgres');
  const managed: Managed[] = [];
  const undo: Array<() => Promise<void> | void> = [];
  let sink: WebhookSink | undefined;
  const stopAll = track(async () => {
    await Promise.all(managed.map((m) => stop(m)));
    for (const fn of undo.reverse()) await fn();
    await sink?.close();
    cluster.remove();
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    if (!options.template) {
      cli(['migrate', '--database-url', cluster.urlFor(database)]);
      cli(['seed', '--database-url', cluster.urlFor(database), '--profile', SEED.profile, '--seed', SEED.seed, '--replace']);
    }
    const env = (await options.prepare?.(cluster, (fn) => undo.push(fn))) ?? {};
    sink = await startWebhookSink();
    const ports = { dir, exporterPort, prometheusPort, alertmanagerPort, webhookPort: sink.port, tuning: options.tuning };
    const exporterStartedAt = Date.now();
    const exporter = start({
      name: 'exporter',
      command: TSX,
      args: [CLI, 'serve', '--port', String(exporterPort)],
      logDir,
      cwd: REPO,
      // Test-only: refresh every 10 s (default 60 s).
      env: {
        DATABASE_URL: cluster.urlFor(database),
        LISTEN_ADDRESS: '127.0.0.1',
        REFRESH_INTERVAL_SECONDS: String(TEST_REFRESH_INTERVAL_SECONDS),
        LOG_LEVEL: 'info',
        ...env,
      },
    });
    managed.push(exporter);
    const alertmanager = start({
      name: 'alertmanager',
      command: 'prometheus-alertmanager',
      args: [
        `--config.file=${renderAlertmanager(ports)}`,
        `--storage.path=${path.join(dir, 'am-data')}`,
        `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
        '--cluster.listen-address=',
      ],
      logDir,
    });
    managed.push(alertmanager);
    const prometheus = start({
      name: 'prometheus',
      command: 'prometheus',
      args: [
        `--config.file=${renderPrometheus(ports)}`,
        `--storage.tsdb.path=${path.join(dir, 'prom-data')}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
      ],
      logDir,
    });
    managed.push(prometheus);
    const stack: Stack = {
      logDir,
      cluster,
      database,
      sink,
      exporter,
      exporterStartedAt,
      prometheus,
      alertmanager,
      exporterUrl: `http://127.0.0.1:${exporterPort}`,
      prometheusUrl: `http://127.0.0.1:${prometheusPort}`,
      alertmanagerUrl: `http://127.0.0.1:${alertmanagerPort}`,
      sql: (text, values, db = database) => runSql(cluster.urlFor(db), text, values),
      stop: stopAll,
    };
    await waitReady(exporter, `${stack.exporterUrl}/readyz`);
    await waitReady(prometheus, `${stack.prometheusUrl}/-/ready`);
    await waitReady(alertmanager, `${stack.alertmanagerUrl}/-/ready`);
    return stack;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

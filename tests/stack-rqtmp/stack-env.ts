/**
 * Starts and stops the whole stack for stack.test.ts: PostgreSQL 15 (seeded through the CLI),
 * the exporter (`serve`), Prometheus 2.42 and Alertmanager 0.25 from Debian, and a webhook sink.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, requireBinary } from '../provisioning/support.ts';
import { createCluster, type Cluster } from './postgres.ts';
import { freePort, killAllNow, start, stopAll, tail, waitFor, type Managed } from './processes.ts';
import { renderAlertmanager, renderPrometheus } from './render.ts';
import { startWebhookSink, type WebhookSink } from './webhook.ts';

export const SEED = { profile: 'small', seed: '7' } as const;
const TSX = path.join(REPO, 'node_modules/.bin/tsx');
const CLI = path.join(REPO, 'exporter/src/cli.ts');

export interface Stack {
  logDir: string;
  cluster: Cluster;
  sink: WebhookSink;
  exporter: Managed;
  prometheus: Managed;
  alertmanager: Managed;
  exporterUrl: string;
  prometheusUrl: string;
  alertmanagerUrl: string;
}

function cli(args: string[]): string {
  try {
    return execFileSync(TSX, [CLI, ...args], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
  } catch (error) {
    const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr) : '';
    throw new Error(`ecm-adoption-exporter ${args[0] ?? ''} failed: ${stderr || String(error)}`);
  }
}

async function httpOk(url: string): Promise<true | undefined> {
  const response = await fetch(url);
  return response.ok ? true : undefined;
}

let cleanup: (() => Promise<void>) | undefined;

/** Ctrl-C or a kill of the test run still stops every process and removes the cluster. */
function onSignal(signal: NodeJS.Signals): void {
  killAllNow();
  void (cleanup ?? (async () => undefined))().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
}

export async function startStack(): Promise<Stack> {
  for (const binary of ['prometheus', 'prometheus-alertmanager']) requireBinary(binary);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const logDir = mkdtempSync(path.join(tmpdir(), 'ecm-stack-logs-'));
  const [pgPort, exporterPort, prometheusPort, alertmanagerPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const cluster = createCluster(pgPort);
  let sink: WebhookSink | undefined;
  // Rendered configs and Prometheus/Alertmanager data; the logs stay for a failed run.
  const dir = mkdtempSync(path.join(tmpdir(), 'ecm-stack-config-'));
  cleanup = async () => {
    await stopAll();
    cluster.remove();
    await sink?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    cli(['migrate', '--database-url', cluster.url]);
    cli(['seed', '--database-url', cluster.url, '--profile', SEED.profile, '--seed', SEED.seed, '--replace']);
    process.stdout.write(execFileSync(TSX, [path.join(REPO, 'tests/stack-rqtmp/seed-gov.ts'), cluster.url], { cwd: REPO, encoding: 'utf8' }));
    sink = await startWebhookSink();
    const ports = { dir, exporterPort, prometheusPort, alertmanagerPort, webhookPort: sink.port };
    const exporter = start({
      name: 'exporter',
      command: TSX,
      args: [CLI, 'serve', '--port', String(exporterPort)],
      logDir,
      cwd: REPO,
      // Test-only: refresh at most every 2 s (default 60 s).
      env: { DATABASE_URL: cluster.url, LISTEN_ADDRESS: '127.0.0.1', REFRESH_INTERVAL_SECONDS: '2', LOG_LEVEL: 'info' },
    });
    const alertmanager = start({
      name: 'alertmanager',
      command: 'prometheus-alertmanager',
      args: [`--config.file=${renderAlertmanager(ports)}`, `--storage.path=${path.join(dir, 'am-data')}`, `--web.listen-address=127.0.0.1:${alertmanagerPort}`, '--cluster.listen-address='],
      logDir,
    });
    const prometheus = start({
      name: 'prometheus',
      command: 'prometheus',
      args: [`--config.file=${renderPrometheus(ports)}`, `--storage.tsdb.path=${path.join(dir, 'prom-data')}`, `--web.listen-address=127.0.0.1:${prometheusPort}`],
      logDir,
    });
    const stack: Stack = {
      logDir,
      cluster,
      sink,
      exporter,
      prometheus,
      alertmanager,
      exporterUrl: `http://127.0.0.1:${exporterPort}`,
      prometheusUrl: `http://127.0.0.1:${prometheusPort}`,
      alertmanagerUrl: `http://127.0.0.1:${alertmanagerPort}`,
    };
    for (const [managed, url] of [[exporter, `${stack.exporterUrl}/readyz`], [prometheus, `${stack.prometheusUrl}/-/ready`], [alertmanager, `${stack.alertmanagerUrl}/-/ready`]] as const) {
      try {
        await waitFor(`${managed.name} at ${url}`, 90_000, () => httpOk(url));
      } catch (error) {
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- ${managed.name} log:\n${tail(managed)}`);
      }
    }
    return stack;
  } catch (error) {
    await cleanup();
    cleanup = undefined;
    throw error;
  }
}

export async function stopStack(): Promise<void> {
  await cleanup?.();
  cleanup = undefined;
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
}

/**
 * Renders test copies of the provisioned Prometheus and Alertmanager configs: the same rules,
 * routes and inhibitions, with 127.0.0.1 addresses and test-only short intervals (scrape and
 * rule evaluation every 5 s, Alertmanager group_interval 5 s). `for` durations and group_wait
 * are kept as provisioned, so the measured fire-to-notification time is the real one. The
 * exporter runs with a 10 s refresh interval: the freshness bound of safety-monitoring.yml
 * needs scrape interval + safety lane time < refresh interval, as at the defaults (30 s, 60 s).
 * A stack that follows an alert through hours-long `for` and repeat intervals (the issue log)
 * shortens exactly those, by name, through `RenderTuning`; the drills use none.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { PROVISIONING, isRecord, listFiles } from '../provisioning/support.ts';

export const TEST_INTERVAL = '5s';
export const TEST_REFRESH_INTERVAL_SECONDS = 10;
export const TEST_GROUP_INTERVAL = '5s';

export interface RenderOptions {
  dir: string;
  exporterPort: number;
  prometheusPort: number;
  alertmanagerPort: number;
  webhookPort: number;
  tuning?: RenderTuning | undefined;
}

/** Test-only shortenings of one stack, named so nothing else changes. */
export interface RenderTuning {
  /** Alert name -> the `for` its rule gets (a governance alert's 1h cannot be waited for). */
  alertFor?: Readonly<Record<string, string>>;
  /**
   * The issue-log receiver to route governance alerts to (its port on 127.0.0.1), with the
   * group_wait and repeat_interval of its route; without it they go to the webhook sink.
   */
  issueLog?: { port: number; groupWait: string; repeatInterval: string };
}

function readYamlObject(file: string): Record<string, unknown> {
  const doc: unknown = parse(readFileSync(file, 'utf8'));
  if (!isRecord(doc)) throw new Error(`${file}: not a YAML mapping`);
  return doc;
}

function renderRules(dir: string, alertFor: Readonly<Record<string, string>> = {}): string {
  const rulesDir = path.join(dir, 'rules');
  mkdirSync(rulesDir, { recursive: true });
  const shortened = new Set<string>();
  for (const file of listFiles(path.join(PROVISIONING, 'prometheus/rules'), '.yml')) {
    const doc = readYamlObject(file);
    for (const group of Array.isArray(doc['groups']) ? doc['groups'].filter(isRecord) : []) {
      group['interval'] = TEST_INTERVAL;
      for (const rule of Array.isArray(group['rules']) ? group['rules'].filter(isRecord) : []) {
        const name = rule['alert'];
        if (typeof name !== 'string' || alertFor[name] === undefined) continue;
        rule['for'] = alertFor[name];
        shortened.add(name);
      }
    }
    writeFileSync(path.join(rulesDir, path.basename(file)), stringify(doc));
  }
  const missing = Object.keys(alertFor).filter((name) => !shortened.has(name));
  if (missing.length > 0) throw new Error(`no provisioned alert rule named ${missing.join(', ')} (RenderTuning.alertFor)`);
  return rulesDir;
}

export function renderPrometheus(options: RenderOptions): string {
  const rulesDir = renderRules(options.dir, options.tuning?.alertFor);
  const doc = readYamlObject(path.join(PROVISIONING, 'prometheus/prometheus.yml'));
  doc['global'] = { scrape_interval: TEST_INTERVAL, evaluation_interval: TEST_INTERVAL };
  doc['rule_files'] = [path.join(rulesDir, '*.yml')];
  doc['alerting'] = { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${options.alertmanagerPort}`] }] }] };
  const jobs = Array.isArray(doc['scrape_configs']) ? doc['scrape_configs'].filter(isRecord) : [];
  const exporter = jobs.find((job) => job['job_name'] === 'ecm-adoption-exporter');
  if (!exporter) throw new Error('prometheus.yml has no ecm-adoption-exporter job');
  // sample_limit is kept: the seeded set must fit the provisioned limit.
  exporter['scrape_interval'] = TEST_INTERVAL;
  exporter['scrape_timeout'] = TEST_INTERVAL;
  exporter['static_configs'] = [{ targets: [`127.0.0.1:${options.exporterPort}`] }];
  doc['scrape_configs'] = [exporter];
  const file = path.join(options.dir, 'prometheus.yml');
  writeFileSync(file, stringify(doc));
  return file;
}

function shortenRoute(route: Record<string, unknown>): void {
  if ('group_interval' in route || route['receiver'] !== undefined) route['group_interval'] = TEST_GROUP_INTERVAL;
  for (const child of Array.isArray(route['routes']) ? route['routes'].filter(isRecord) : []) shortenRoute(child);
}

/** The route that delivers to `receiver`, depth first. */
function routeTo(route: Record<string, unknown>, receiver: string): Record<string, unknown> | undefined {
  if (route['receiver'] === receiver && 'matchers' in route) return route;
  for (const child of Array.isArray(route['routes']) ? route['routes'].filter(isRecord) : []) {
    const found = routeTo(child, receiver);
    if (found) return found;
  }
  return undefined;
}

export function renderAlertmanager(options: RenderOptions): string {
  const issueLog = options.tuning?.issueLog;
  const secrets = path.join(options.dir, 'secrets');
  mkdirSync(secrets, { recursive: true });
  writeFileSync(path.join(secrets, 'smtp_password'), 'test-only\n');
  writeFileSync(path.join(secrets, 'it_webhook_token'), 'test-only-token\n');
  const text = readFileSync(path.join(PROVISIONING, 'alertmanager/alertmanager.yml'), 'utf8')
    .replaceAll('http://notification-sink:8080', `http://127.0.0.1:${options.webhookPort}`)
    // The issue-log receiver's notifications land in the sink too (path /alerts), unless the stack
    // runs the receiver itself: only 127.0.0.1 is contacted.
    .replaceAll('http://issue-log-receiver:9188', `http://127.0.0.1:${issueLog?.port ?? options.webhookPort}`)
    .replaceAll('/etc/alertmanager/secrets/', `${secrets}/`);
  const doc: unknown = parse(text);
  if (!isRecord(doc) || !isRecord(doc['route'])) throw new Error('alertmanager.yml has no route');
  shortenRoute(doc['route']);
  if (issueLog) {
    const route = routeTo(doc['route'], 'issue-log');
    if (!route) throw new Error('alertmanager.yml has no route to the issue-log receiver');
    route['group_wait'] = issueLog.groupWait;
    route['repeat_interval'] = issueLog.repeatInterval;
  }
  // No SMTP server here: the e-mail examples are dropped, the webhooks carry the proof.
  for (const receiver of Array.isArray(doc['receivers']) ? doc['receivers'].filter(isRecord) : []) delete receiver['email_configs'];
  const file = path.join(options.dir, 'alertmanager.yml');
  writeFileSync(file, stringify(doc));
  return file;
}

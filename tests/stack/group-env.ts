/**
 * A group of two sites for the group stack test, all on 127.0.0.1: one PostgreSQL cluster with
 * a seeded database per site, an exporter per site, a Prometheus agent per site (the shipped
 * provisioning/prometheus/group/agent.yml, its `${ECM_SITE}` label expanded by Prometheus) and
 * the central Prometheus (central.yml and rules/group.yml) receiving their remote_write.
 * Test copies differ from the shipped files only in addresses and short intervals.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { PROVISIONING, REPO, isRecord, listFiles, requireBinary } from '../provisioning/support.ts';
import { createCluster } from './postgres.ts';
import { freePort, start, stop, tail, waitFor, type Managed } from './processes.ts';
import { TEST_INTERVAL, TEST_REFRESH_INTERVAL_SECONDS } from './render.ts';
import { runSql } from './stack-env.ts';

const TSX = path.join(REPO, 'node_modules/.bin/tsx');
const CLI = path.join(REPO, 'exporter/src/cli.ts');
const GROUP = path.join(PROVISIONING, 'prometheus/group');

export interface Site {
  name: string;
  exporterUrl: string;
  agent: Managed;
}

export interface Group {
  sites: Site[];
  centralUrl: string;
  central: Managed;
  logs(): string;
  stop(): Promise<void>;
}

function yamlObject(file: string): Record<string, unknown> {
  const doc: unknown = parse(readFileSync(file, 'utf8'));
  if (!isRecord(doc)) throw new Error(`${file}: not a YAML mapping`);
  return doc;
}

function cli(args: string[]): void {
  execFileSync(TSX, [CLI, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
}

function renderCentral(dir: string): string {
  const rulesDir = path.join(dir, 'central-rules');
  mkdirSync(rulesDir, { recursive: true });
  for (const file of listFiles(path.join(GROUP, 'rules'), '.yml')) {
    const doc = yamlObject(file);
    for (const group of Array.isArray(doc['groups']) ? doc['groups'].filter(isRecord) : []) group['interval'] = TEST_INTERVAL;
    writeFileSync(path.join(rulesDir, path.basename(file)), stringify(doc));
  }
  const doc = yamlObject(path.join(GROUP, 'central.yml'));
  doc['global'] = { evaluation_interval: TEST_INTERVAL };
  doc['rule_files'] = [path.join(rulesDir, '*.yml')];
  doc['scrape_configs'] = []; // its self-scrape would name localhost
  const file = path.join(dir, 'central.yml');
  writeFileSync(file, stringify(doc));
  return file;
}

function renderAgent(dir: string, site: string, exporterPort: number, centralPort: number): string {
  const doc = yamlObject(path.join(GROUP, 'agent.yml'));
  if (!isRecord(doc['global'])) throw new Error('agent.yml has no global section');
  doc['global']['scrape_interval'] = TEST_INTERVAL; // external_labels kept: `site: ${ECM_SITE}`
  const job = (Array.isArray(doc['scrape_configs']) ? doc['scrape_configs'].filter(isRecord) : [])[0];
  const write = (Array.isArray(doc['remote_write']) ? doc['remote_write'].filter(isRecord) : [])[0];
  if (!job || !write) throw new Error('agent.yml has no scrape job or remote_write');
  Object.assign(job, { scrape_interval: TEST_INTERVAL, scrape_timeout: TEST_INTERVAL, static_configs: [{ targets: [`127.0.0.1:${exporterPort}`] }] });
  Object.assign(write, { url: `http://127.0.0.1:${centralPort}/api/v1/write`, queue_config: { batch_send_deadline: '1s' } });
  const file = path.join(dir, `agent-${site}.yml`);
  writeFileSync(file, stringify(doc));
  return file;
}

async function ready(managed: Managed, url: string): Promise<void> {
  try {
    await waitFor(`${managed.name} at ${url}`, 90_000, async () => ((await fetch(url)).ok ? true : undefined));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- ${managed.name} log:\n${tail(managed)}`);
  }
}

/** Two sites (`north` seeded with seed 7, `south` with seed 8: different rows) and the central store. */
export async function startGroup(): Promise<Group> {
  requireBinary('prometheus');
  const dir = mkdtempSync(path.join(tmpdir(), 'ecm-group-'));
  const cluster = createCluster(await freePort());
  const managed: Managed[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(managed.map((m) => stop(m)));
    cluster.remove();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const centralPort = await freePort();
    const central = start({
      name: 'central-prometheus',
      command: 'prometheus',
      args: [
        `--config.file=${renderCentral(dir)}`,
        `--storage.tsdb.path=${path.join(dir, 'central-data')}`,
        `--web.listen-address=127.0.0.1:${centralPort}`,
        '--web.enable-remote-write-receiver',
      ],
      logDir: dir,
    });
    managed.push(central);
    const sites: Site[] = [];
    for (const [name, seed] of [
      ['north', '7'],
      ['south', '8'],
    ] as const) {
      await runSql(cluster.url, `CREATE DATABASE ${name}`);
      cli(['migrate', '--database-url', cluster.urlFor(name)]);
      cli(['seed', '--database-url', cluster.urlFor(name), '--profile', 'small', '--seed', seed]);
      const [exporterPort, agentPort] = [await freePort(), await freePort()];
      const exporter = start({
        name: `exporter-${name}`,
        command: TSX,
        args: [CLI, 'serve', '--port', String(exporterPort)],
        logDir: dir,
        cwd: REPO,
        env: {
          DATABASE_URL: cluster.urlFor(name),
          LISTEN_ADDRESS: '127.0.0.1',
          REFRESH_INTERVAL_SECONDS: String(TEST_REFRESH_INTERVAL_SECONDS),
          LOG_LEVEL: 'warn',
        },
      });
      managed.push(exporter);
      const agent = start({
        name: `agent-${name}`,
        command: 'prometheus',
        args: [
          '--enable-feature=agent,expand-external-labels',
          `--config.file=${renderAgent(dir, name, exporterPort, centralPort)}`,
          `--storage.agent.path=${path.join(dir, `agent-${name}-wal`)}`,
          `--web.listen-address=127.0.0.1:${agentPort}`,
        ],
        logDir: dir,
        env: { ECM_SITE: name },
      });
      managed.push(agent);
      await ready(exporter, `http://127.0.0.1:${exporterPort}/readyz`);
      await ready(agent, `http://127.0.0.1:${agentPort}/-/ready`);
      sites.push({ name, exporterUrl: `http://127.0.0.1:${exporterPort}`, agent });
    }
    const centralUrl = `http://127.0.0.1:${centralPort}`;
    await ready(central, `${centralUrl}/-/ready`);
    return { sites, centralUrl, central, logs: () => managed.map((m) => `--- ${m.name}:\n${tail(m, 15)}`).join('\n'), stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

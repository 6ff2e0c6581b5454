import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO, isRecord, runTool, tempDir } from './support.ts';

const COMPOSE = path.join(REPO, 'docker-compose.yml');
// An empty env file and a bare environment: a developer's .env or shell cannot change what is checked.
const EMPTY_ENV_FILE = path.join(tempDir('ecm-compose-'), 'empty.env');
writeFileSync(EMPTY_ENV_FILE, '');

const resolved = new Map<string, Record<string, unknown>>();

/** `docker-compose config` output (variables and paths resolved) for these variables, run once per set. */
function resolvedConfig(env: Readonly<Record<string, string>> = {}): Record<string, unknown> {
  const key = JSON.stringify(env);
  const cached = resolved.get(key);
  if (cached) return cached;
  const result = runTool('docker-compose', ['--env-file', EMPTY_ENV_FILE, '-f', COMPOSE, 'config'], REPO, env);
  expect(result.status, result.stderr).toBe(0);
  const doc: unknown = parse(result.stdout);
  if (!isRecord(doc) || !isRecord(doc['services'])) throw new Error('docker-compose config printed no services');
  resolved.set(key, doc['services']);
  return doc['services'];
}

function service(services: Record<string, unknown>, name: string): Record<string, unknown> {
  const found = services[name];
  if (!isRecord(found)) throw new Error(`no service ${name}`);
  return found;
}

/** Published ports as `host address:published:target/protocol`, as docker-compose v1 prints them. */
function ports(services: Record<string, unknown>, name: string): string[] {
  const list = service(services, name)['ports'];
  return Array.isArray(list) ? list.map(String) : [];
}

describe('docker-compose.yml (docker-compose v1, offline)', () => {
  it('docker-compose config -q accepts it', () => {
    const result = runTool('docker-compose', ['--env-file', EMPTY_ENV_FILE, '-f', COMPOSE, 'config', '-q'], REPO, {});
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('has every service, each image pinned to a version', () => {
    const services = resolvedConfig();
    expect(Object.keys(services).sort()).toEqual([
      'alertmanager',
      'exporter',
      'grafana',
      'issue-log-receiver',
      'notification-sink',
      'postgres',
      'prometheus',
      'seed',
    ]);
    for (const [name, service] of Object.entries(services)) {
      if (!isRecord(service)) throw new Error(name);
      const image = String(service['image']);
      if (name === 'exporter' || name === 'seed' || name === 'issue-log-receiver') expect(image).toBe('ecm-adoption-exporter:local');
      else expect(image, name).toMatch(/:v?\d+\.\d+(\.\d+)?(-[a-z-]+)?(@sha256:[0-9a-f]{64})?$/);
    }
  });

  it('Grafana loads the unsigned panel and the provisioning; anonymous viewers only when chosen', () => {
    const grafana = service(resolvedConfig(), 'grafana');
    if (!isRecord(grafana['environment'])) throw new Error('grafana environment');
    expect(grafana['environment']['GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS']).toBe('ecm-adoption-panel');
    expect(grafana['environment']['GF_AUTH_ANONYMOUS_ENABLED']).toBe('false');
    const mounts = JSON.stringify(grafana['volumes']);
    expect(mounts).toContain('/var/lib/grafana/plugins/ecm-adoption-panel');
    expect(mounts).toContain('/etc/grafana/provisioning/dashboards');

    // A kiosk wall screen on the network: both toggles set on purpose.
    const kiosk = resolvedConfig({ GRAFANA_ANONYMOUS_VIEWERS: 'true', GRAFANA_BIND_ADDRESS: '0.0.0.0' });
    const environment = service(kiosk, 'grafana')['environment'];
    if (!isRecord(environment)) throw new Error('grafana environment');
    expect(environment['GF_AUTH_ANONYMOUS_ENABLED']).toBe('true');
    expect(environment['GF_AUTH_ANONYMOUS_ORG_ROLE']).toBe('Viewer');
    expect(ports(kiosk, 'grafana')).toEqual(['0.0.0.0:3000:3000/tcp']);
    expect(ports(kiosk, 'prometheus')).toEqual(['127.0.0.1:9090:9090/tcp']);
  });

  it('publishes every port on 127.0.0.1 only by default', () => {
    const services = resolvedConfig();
    const published = Object.keys(services).flatMap((name) => ports(services, name));
    // grafana 3000, prometheus 9090, alertmanager 9093, exporter 9187, issue-log receiver 9188, notification sink 8088 -> 8080;
    // postgres and seed none.
    expect(published.sort()).toEqual([
      '127.0.0.1:3000:3000/tcp',
      '127.0.0.1:8088:8080/tcp',
      '127.0.0.1:9090:9090/tcp',
      '127.0.0.1:9093:9093/tcp',
      '127.0.0.1:9187:9187/tcp',
      '127.0.0.1:9188:9188/tcp',
    ]);
  });

  it('every bind-mounted provisioning path exists in the repository', () => {
    const root = REPO.replace(/\/$/, '');
    const mounts = Object.values(resolvedConfig()).flatMap((service) =>
      isRecord(service) && Array.isArray(service['volumes']) ? service['volumes'].map(String) : [],
    );
    const sources = mounts.map((mount) => mount.split(':')[0] ?? '').filter((source) => source.startsWith(root));
    const checked = sources.filter((source) => source !== `${root}/plugin/dist`); // built by `npm run build`
    expect(checked.length).toBe(7);
    for (const source of checked) expect(existsSync(source), source).toBe(true);
  });

  it('the exporter image builds from exporter/Dockerfile (checked in docker.test.ts)', () => {
    const exporter = service(resolvedConfig(), 'exporter');
    if (!isRecord(exporter['build'])) throw new Error('exporter build');
    expect(exporter['build']['dockerfile']).toBe('exporter/Dockerfile');
  });
});

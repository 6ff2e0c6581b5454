import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO, isRecord, runTool } from './support.ts';

const COMPOSE = path.join(REPO, 'docker-compose.yml');

let resolved: Record<string, unknown> | undefined;

/** `docker-compose config` output (variables and paths resolved), run once per file. */
function resolvedConfig(): Record<string, unknown> {
  if (resolved) return resolved;
  const result = runTool('docker-compose', ['-f', COMPOSE, 'config']);
  expect(result.status, result.stderr).toBe(0);
  const doc: unknown = parse(result.stdout);
  if (!isRecord(doc) || !isRecord(doc['services'])) throw new Error('docker-compose config printed no services');
  resolved = doc['services'];
  return resolved;
}

describe('docker-compose.yml (docker-compose v1, offline)', () => {
  it('docker-compose config -q accepts it', () => {
    const result = runTool('docker-compose', ['-f', COMPOSE, 'config', '-q']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('has every service, each image pinned to a version', () => {
    const services = resolvedConfig();
    expect(Object.keys(services).sort()).toEqual(['alertmanager', 'exporter', 'grafana', 'issue-log-receiver', 'notification-sink', 'postgres', 'prometheus', 'seed']);
    for (const [name, service] of Object.entries(services)) {
      if (!isRecord(service)) throw new Error(name);
      const image = String(service['image']);
      if (name === 'exporter' || name === 'seed' || name === 'issue-log-receiver') expect(image).toBe('ecm-adoption-exporter:local');
      else expect(image, name).toMatch(/:v?\d+\.\d+(\.\d+)?(-[a-z-]+)?$/);
    }
  });

  it('Grafana loads the unsigned panel, the provisioning and lets wall screens in anonymously', () => {
    const grafana = resolvedConfig()['grafana'];
    if (!isRecord(grafana) || !isRecord(grafana['environment'])) throw new Error('grafana');
    expect(grafana['environment']['GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS']).toBe('ecm-adoption-panel');
    expect(grafana['environment']['GF_AUTH_ANONYMOUS_ENABLED']).toBe('true');
    expect(grafana['environment']['GF_AUTH_ANONYMOUS_ORG_ROLE']).toBe('Viewer');
    const mounts = JSON.stringify(grafana['volumes']);
    expect(mounts).toContain('/var/lib/grafana/plugins/ecm-adoption-panel');
    expect(mounts).toContain('/etc/grafana/provisioning/dashboards');
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

  it('the exporter image builds from exporter/Dockerfile as a non-root user with a /healthz check', () => {
    const exporter = resolvedConfig()['exporter'];
    if (!isRecord(exporter) || !isRecord(exporter['build'])) throw new Error('exporter build');
    expect(exporter['build']['dockerfile']).toBe('exporter/Dockerfile');
    const dockerfile = readFileSync(path.join(REPO, 'exporter/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20\.\d+\.\d+-bookworm-slim AS build$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
  });
});

/**
 * npm run bench:dashboards [-- --locations 50 --days 182 --sample-hours 6 --baseline <git ref>]
 * (after `npm run build`): the full load of the adoption panel for many locations. A real
 * Prometheus 2.42 on 127.0.0.1 holds `days` of history for every location x indicator (blocks made
 * by promtool from a generated OpenMetrics file); the panels' ACTUAL queries (expressions, steps
 * and ranges from the generated dashboard JSON, and from the JSON at git ref `--baseline`) are sent as
 * Grafana sends them; then the built panel renders the answers in Chromium. Prints, per query,
 * series, points, bytes raw and gzipped, and time; per panel, the render time.
 *
 * Samples are `sample-hours` apart and Prometheus' lookback is as long, so every step of a range
 * query finds the sample in force, as it does against a real 1-minute scrape: answer sizes are the
 * real ones; query times are a lower bound (fewer chunks to decode than a minute-by-minute TSDB).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { KNOWN_INDICATORS } from '../../src/data/indicators';
import { createBlocks, startPrometheus, writeOpenMetrics, type Family } from './adoptionHistory';
import { durationMs, panelTargets, planQuery, runQuery, type QueryCost } from './dashboardQueries';
import type { DashboardPanel, QueryResult } from './grafanaHost';
import { openHostPage, PLUGIN_ID, ROOT } from './hostPage';
import { killAllNow, stopAll } from './processes';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const VIEWPORT = { width: 1600, height: 900 };
const JSON_DIR = 'provisioning/grafana/dashboards/json';

const { values: args } = parseArgs({
  options: {
    locations: { type: 'string', default: '50' },
    days: { type: 'string', default: '182' },
    'sample-hours': { type: 'string', default: '6' },
    // Not --before: npm reads that one itself.
    baseline: { type: 'string' },
  },
});

function positive(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`--${name} must be a positive whole number, got "${text}"`);
  }
  return value;
}

const LOCATIONS = positive('locations', args.locations);
const DAYS = positive('days', args.days);
const SAMPLE_MS = positive('sample-hours', args['sample-hours']) * HOUR;
const INDICATORS = KNOWN_INDICATORS.map((meta) => meta.name);
const locations = Array.from({ length: LOCATIONS }, (_, i) => `loc-${String(i + 1).padStart(2, '0')}`);

/** Plausible, deterministic values: ratios drift week by week, a fifth of locations in monthly governance. */
function valueAt(family: Family, labels: Record<string, string>, t: number): number {
  const l = locations.indexOf(labels.location ?? '');
  const week = Math.floor(t / (7 * DAY));
  const i = INDICATORS.indexOf(labels.indicator ?? '');
  switch (family) {
    case 'ratio':
      return 0.55 + ((l * 7 + i * 3 + week) % 40) / 100;
    case 'threshold':
      return labels.level === 'target' ? 0.8 : 0.6;
    case 'status':
      return (l + i + week) % 3;
    case 'suppressed':
      return (l + i) % 17 === 0 ? 1 : 0;
    case 'info':
      return 1;
    case 'phase':
      return (labels.phase === 'monthly') === (l % 5 === 0) ? 1 : 0;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dashboardJson(file: string, ref: string | undefined): Record<string, unknown> {
  const text = ref
    ? execFileSync('git', ['show', `${ref}:${JSON_DIR}/${file}`], { cwd: ROOT, encoding: 'utf8' })
    : readFileSync(join(ROOT, JSON_DIR, file), 'utf8');
  const json: unknown = JSON.parse(text);
  if (!isRecord(json)) {
    throw new Error(`${file}${ref ? ` at ${ref}` : ''}: not a dashboard`);
  }
  return json;
}

interface Case {
  name: string;
  file: string;
  /** Values of the dashboard variables; one render per entry of `repeat` when the panel repeats. */
  variables: Record<string, string>;
}

const CASES: Case[] = [
  { name: `overview scorecard (${LOCATIONS} locations)`, file: 'overview.json', variables: {} },
  { name: 'wallboard (1 location)', file: 'wallboard.json', variables: { location: 'loc-01' } },
  {
    name: 'location trend (1 location, one panel per indicator)',
    file: 'location.json',
    variables: { location: 'loc-01' },
  },
];

function substitute(expr: string, variables: Record<string, string>): string {
  return expr.replace(/\$\{?([a-z_]+)\}?/g, (whole, name: string) => variables[name] ?? whole);
}

/** The panel's answers for the page to fetch, from 127.0.0.1 (any origin may read them). */
const served = { text: '', url: '' };

async function serveAnswers(): Promise<Server> {
  const server = createServer((_request, response) => {
    response
      .writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' })
      .end(served.text);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  served.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/answers.json`;
  return server;
}

interface PanelLoad {
  costs: QueryCost[];
  wallMs: number;
  decodeMs: number;
  renderMs: number;
}

async function loadPanel(
  to: number,
  base: string,
  host: Awaited<ReturnType<typeof openHostPage>>,
  dashboard: Record<string, unknown>,
  variables: Record<string, string>
): Promise<PanelLoad> {
  const panels = Array.isArray(dashboard.panels) ? dashboard.panels.filter(isRecord) : [];
  const panel = panels.find((p) => p.type === PLUGIN_ID);
  if (!panel || !isRecord(panel.gridPos) || !isRecord(panel.options) || !isRecord(panel.fieldConfig)) {
    throw new Error(`${String(dashboard.uid)}: no ${PLUGIN_ID} panel`);
  }
  const time = isRecord(dashboard.time) ? String(dashboard.time.from) : 'now-90d';
  const from = to - durationMs(time.replace(/^now-/, ''));
  const width = Math.round((Number(panel.gridPos.w) / 24) * (VIEWPORT.width - 16));
  const plans = panelTargets(panel, String(dashboard.uid)).map((target) =>
    planQuery(
      { ...target, expr: substitute(target.expr, variables) },
      { from, to, maxDataPoints: width, utcOffsetSec: -new Date(to).getTimezoneOffset() * 60 }
    )
  );
  // Grafana sends a panel's queries together; the wall time is what the viewer waits.
  const started = performance.now();
  const answers = await Promise.all(plans.map((plan) => runQuery(base, plan)));
  const wallMs = performance.now() - started;
  const results: QueryResult[] = answers.map((answer) => answer.result);
  const defaults = isRecord(panel.fieldConfig.defaults) ? panel.fieldConfig.defaults : {};
  const request = {
    panel: {
      id: Number(panel.id),
      title: String(panel.title),
      options: {
        ...panel.options,
        locations: Array.isArray(panel.options.locations)
          ? panel.options.locations.map((l) => substitute(String(l), variables))
          : [],
      },
      fieldConfig: { defaults, overrides: [] },
    } satisfies DashboardPanel,
    results,
    from,
    to,
    width,
    height: VIEWPORT.height - 16,
  };
  served.text = JSON.stringify(request);
  const rendered = await host.tab.evaluate((url) => window.ecmHost.renderPanelFrom(url), served.url);
  served.text = '';
  return {
    costs: answers.map((answer) => answer.cost),
    wallMs,
    decodeMs: rendered.decodeMs,
    renderMs: rendered.renderMs,
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

function report(label: string, loads: PanelLoad[]): void {
  const costs = loads.flatMap((load) => load.costs);
  console.log(`  ${label}: ${loads.length} panel(s), ${costs.length} queries`);
  for (const cost of loads[0]?.costs ?? []) {
    const how = cost.instant ? 'instant' : `range step ${cost.stepMs / 1000} s`;
    console.log(
      `    ${cost.refId.padEnd(17)} ${how.padEnd(22)} ${String(cost.series).padStart(5)} series ${String(cost.points).padStart(8)} points ${kb(cost.bytes).padStart(11)} ${kb(cost.gzipBytes).padStart(10)} gz ${cost.ms.toFixed(0).padStart(6)} ms`
    );
  }
  const sum = (pick: (c: QueryCost) => number) => costs.reduce((total, cost) => total + pick(cost), 0);
  const render = loads.reduce((total, load) => total + load.decodeMs + load.renderMs, 0);
  console.log(
    `    total: ${sum((c) => c.points)} points, ${kb(sum((c) => c.bytes))} raw, ${kb(sum((c) => c.gzipBytes))} gzipped; queries ${loads.reduce((t, l) => t + l.wallMs, 0).toFixed(0)} ms wall (${sum((c) => c.ms).toFixed(0)} ms summed); frames + render in Chromium ${render.toFixed(0)} ms (decode ${loads.reduce((t, l) => t + l.decodeMs, 0).toFixed(0)} + paint ${loads.reduce((t, l) => t + l.renderMs, 0).toFixed(0)})`
  );
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'ecm-bench-dashboards-'));
  let host: Awaited<ReturnType<typeof openHostPage>> | undefined;
  const answerServer = await serveAnswers();
  try {
    // The dashboards are opened at the time of the last sample, as right after a scrape.
    const now = Math.floor(Date.now() / 1000) * 1000;
    const file = join(work, 'history.om');
    let started = performance.now();
    const written = await writeOpenMetrics(
      { locations, indicators: INDICATORS, from: now - DAYS * DAY, to: now, stepMs: SAMPLE_MS, valueAt },
      file
    );
    createBlocks(file, join(work, 'data'));
    console.log(
      `history: ${LOCATIONS} locations x ${INDICATORS.length} indicators, ${written.series} series, ${written.samples} samples over ${DAYS} days every ${SAMPLE_MS / HOUR} h (${((performance.now() - started) / 1000).toFixed(1)} s to write and import)`
    );
    const prometheus = await startPrometheus({ dataDir: join(work, 'data'), logDir: work, lookbackMs: SAMPLE_MS });
    host = await openHostPage(join(work, 'chromium'), VIEWPORT);
    for (const variant of [
      ...(args.baseline ? [{ label: `before (${args.baseline})`, ref: args.baseline }] : []),
      { label: 'after (working tree)', ref: undefined },
    ]) {
      console.log(`\n== ${variant.label}`);
      for (const c of CASES) {
        const dashboard = dashboardJson(c.file, variant.ref);
        const panel = (Array.isArray(dashboard.panels) ? dashboard.panels.filter(isRecord) : []).find(
          (p) => p.type === PLUGIN_ID
        );
        const repeated = panel?.repeat === 'indicator' ? INDICATORS : [undefined];
        started = performance.now();
        const loads: PanelLoad[] = [];
        for (const indicator of repeated) {
          loads.push(
            await loadPanel(now, prometheus.base, host, dashboard, {
              ...c.variables,
              ...(indicator ? { indicator } : {}),
            })
          );
        }
        report(c.name, loads);
      }
    }
    if (host.errors.length > 0) {
      throw new Error(`page errors: ${host.errors.join(' | ')}`);
    }
  } finally {
    await host?.close();
    await new Promise((resolve) => answerServer.close(resolve));
    await stopAll();
    rmSync(work, { recursive: true, force: true });
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllNow();
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

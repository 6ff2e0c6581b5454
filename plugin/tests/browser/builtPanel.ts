/**
 * npm run test:browser (after `npm run build`): the BUILT panel, dist/module.js, loaded the way
 * Grafana loads it (SystemJS + AMD, shared packages; see grafanaHost.tsx) in Debian's Chromium, fed
 * with a real Prometheus 2.42's range-query answers about the real exporter demo, converted to frames
 * as Grafana's Prometheus data source does (prometheusFrames.ts). Builds nothing itself.
 *
 * Expected cells are worked out from separate instant queries at the end of the range (not from the
 * frames the panel reads): the phase picks the window (weekly -> 7d, monthly -> 28d); a suppressed
 * window shows "Suppressed: too few to publish"; otherwise the ratio as a whole percent and the
 * status as words (0 On target, 1 Below target, or Above target for lower-is-better, 2 Critical).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';

import type { DashboardPanel, OptionSummary, QueryResult } from './grafanaHost';
import { freePort, killAllNow, startProcess, stopAll, waitFor } from './processes';
import type { PromRangeResponse } from './prometheusFrames';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '..', '..', '..');
const DIST = join(ROOT, 'plugin', 'dist');
const ARTIFACTS = join(ROOT, 'tests', 'artifacts', 'built-panel');
const OVERVIEW = join(ROOT, 'provisioning', 'grafana', 'dashboards', 'json', 'overview.json');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PLUGIN_ID = 'ecm-adoption-panel';
// The dashboard asks for a 1 h minimum interval; this Prometheus holds a minute of samples, so the
// range is the last 2 minutes at a 2 s step (start and end floored to the step, as Grafana does).
const STEP_MS = 2_000;
const RANGE_MS = 120_000;
const SCRAPES = 5;
const VIEWPORT = { width: 1600, height: 900 };

const failures: string[] = [];
function check(ok: boolean, message: string): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
  if (!ok) {
    failures.push(message);
  }
}

/** The option paths and defaults module.ts declares, in builder order (read off the source by hand). */
const EXPECTED_OPTIONS: Array<Pick<OptionSummary, 'path' | 'defaultValue'>> = [
  { path: 'view', defaultValue: 'scorecard' },
  { path: 'trendIndicator', defaultValue: '' },
  { path: 'indicators', defaultValue: undefined },
  { path: 'locations', defaultValue: undefined },
  { path: 'lowerIsBetter', defaultValue: undefined },
  { path: 'window', defaultValue: 'auto' },
  { path: 'period', defaultValue: 'auto' },
  { path: 'timezone', defaultValue: 'Europe/London' },
  { path: 'decimals', defaultValue: 0 },
  { path: 'sparklinePeriods', defaultValue: 12 },
  { path: 'drilldownUrl', defaultValue: '' },
];

function requireDist(): string {
  const module = join(DIST, 'module.js');
  if (!existsSync(module)) {
    throw new Error(`${module} is missing: this test loads the built panel, run \`npm run build\` first`);
  }
  return module;
}

/** `define(["dep", ...], ...)`: the AMD dependencies webpack left to the host. */
function amdDependencies(source: string): string[] {
  const match = /define\((\[[^\]]*\])/.exec(source.slice(0, 4000));
  if (!match?.[1]) {
    throw new Error('dist/module.js is not an AMD module (no define([...]) header)');
  }
  const parsed: unknown = JSON.parse(match[1]);
  if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === 'string')) {
    throw new Error(`dist/module.js: unreadable AMD dependency list ${match[1]}`);
  }
  return parsed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Target {
  refId: string;
  expr: string;
}

/** The provisioned overview's scorecard panel: its targets, options and field config as Grafana stores them. */
function scorecardPanel(): { panel: DashboardPanel; targets: Target[] } {
  const dashboard: unknown = JSON.parse(readFileSync(OVERVIEW, 'utf8'));
  const panels = isRecord(dashboard) && Array.isArray(dashboard.panels) ? dashboard.panels.filter(isRecord) : [];
  const found = panels.find(
    (panel) => panel.type === PLUGIN_ID && isRecord(panel.options) && panel.options.view === 'scorecard'
  );
  if (
    !found ||
    !isRecord(found.options) ||
    !isRecord(found.fieldConfig) ||
    !isRecord(found.fieldConfig.defaults) ||
    !Array.isArray(found.targets)
  ) {
    throw new Error(`${OVERVIEW}: no ${PLUGIN_ID} scorecard panel with options, fieldConfig and targets`);
  }
  const targets = found.targets.filter(isRecord).map((target) => {
    if (typeof target.refId !== 'string' || typeof target.expr !== 'string') {
      throw new Error(`${OVERVIEW}: a scorecard target without refId or expr`);
    }
    return { refId: target.refId, expr: target.expr };
  });
  return {
    panel: {
      id: Number(found.id),
      title: String(found.title),
      options: found.options,
      fieldConfig: {
        defaults: found.fieldConfig.defaults,
        overrides: Array.isArray(found.fieldConfig.overrides) ? found.fieldConfig.overrides : [],
      },
    },
    targets,
  };
}

async function promApi(base: string, path: string, params: Record<string, string>): Promise<PromRangeResponse> {
  // POST, as the provisioned data source is configured (httpMethod: POST).
  const response = await fetch(`${base}${path}`, { method: 'POST', body: new URLSearchParams(params) });
  const body: unknown = await response.json();
  if (!isPromRangeResponse(body)) {
    throw new Error(`${path} ${params.query}: not a Prometheus range answer: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return body;
}

function isPromRangeResponse(value: unknown): value is PromRangeResponse {
  if (!isRecord(value) || (value.status !== 'success' && value.status !== 'error')) {
    return false;
  }
  if (value.data === undefined) {
    return value.status === 'error';
  }
  return (
    isRecord(value.data) &&
    typeof value.data.resultType === 'string' &&
    Array.isArray(value.data.result) &&
    value.data.result.every(
      (series) =>
        isRecord(series) &&
        isRecord(series.metric) &&
        Object.values(series.metric).every((label) => typeof label === 'string') &&
        Array.isArray(series.values) &&
        series.values.every(
          (pair) =>
            Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'number' && typeof pair[1] === 'string'
        )
    )
  );
}

interface Sample {
  labels: Record<string, string>;
  value: number;
}

async function instant(base: string, expr: string, time: number): Promise<Sample[]> {
  const body: unknown = await (
    await fetch(`${base}/api/v1/query?${new URLSearchParams({ query: expr, time: String(time / 1000) })}`)
  ).json();
  const result =
    isRecord(body) && isRecord(body.data) && Array.isArray(body.data.result) ? body.data.result : undefined;
  if (!result) {
    throw new Error(`instant query ${expr}: unexpected answer ${JSON.stringify(body).slice(0, 300)}`);
  }
  return result.filter(isRecord).map((series) => {
    const labels = isRecord(series.metric)
      ? Object.fromEntries(Object.entries(series.metric).map(([k, v]) => [k, String(v)]))
      : {};
    const value = Array.isArray(series.value) ? Number(series.value[1]) : NaN;
    return { labels, value };
  });
}

interface ExpectedCell {
  location: string;
  indicator: string;
  suppressed: boolean;
  percent: string;
  words: string;
}

async function expectedCells(base: string, at: number): Promise<ExpectedCell[]> {
  const phases = await instant(base, 'ecm_adoption_governance_phase == 1', at);
  const info = await instant(base, 'ecm_adoption_indicator_info', at);
  const lowerIsBetter = new Set(
    info.filter((s) => s.labels.direction === 'lower_is_better').map((s) => s.labels.indicator)
  );
  const byKey = async (metric: string): Promise<Map<string, number>> =>
    new Map(
      (await instant(base, metric, at)).map((s) => [
        `${s.labels.location}|${s.labels.indicator}|${s.labels.window}`,
        s.value,
      ])
    );
  const [ratio, status, suppressed] = [
    await byKey('ecm_adoption_indicator_ratio'),
    await byKey('ecm_adoption_indicator_status'),
    await byKey('ecm_adoption_indicator_suppressed'),
  ];
  const cells: ExpectedCell[] = [];
  for (const phase of phases) {
    const location = phase.labels.location ?? '';
    const window = phase.labels.phase === 'monthly' ? '28d' : '7d';
    for (const indicator of info.map((s) => s.labels.indicator ?? '')) {
      const key = `${location}|${indicator}|${window}`;
      const state = status.get(key);
      const words =
        state === 0
          ? 'On target'
          : state === 1
            ? lowerIsBetter.has(indicator)
              ? 'Above target'
              : 'Below target'
            : state === 2
              ? 'Critical'
              : 'No target';
      cells.push({
        location,
        indicator,
        suppressed: suppressed.get(key) === 1,
        percent: `${Math.round((ratio.get(key) ?? NaN) * 100)}%`,
        words,
      });
    }
  }
  return cells;
}

async function bundleHost(): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [join(here, 'grafanaHost.tsx')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    outfile: 'host.js',
    minify: true,
    jsx: 'transform',
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    loader: { '.svg': 'text', '.css': 'empty', '.woff': 'empty', '.woff2': 'empty', '.png': 'empty' },
  });
  const [file] = result.outputFiles;
  if (!file) {
    throw new Error('esbuild produced no host bundle');
  }
  return file.contents;
}

// Grafana's index.html sets grafanaBootData before any script; @grafana/runtime's config reads it.
const BOOT_DATA = {
  assets: { dark: '', light: '' },
  settings: { buildInfo: { version: '12.4.2' }, featureToggles: {} },
  user: { timezone: 'browser' },
  navTree: [],
};
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Grafana plugin host</title>
<script>window.grafanaBootData = ${JSON.stringify(BOOT_DATA)};</script></head>
<body><div id="root"></div><script src="/host.js"></script></body></html>`;

/** The page, and dist/ under Grafana's URL for plugin assets: /public/plugins/<id>/. */
async function servePage(host: Uint8Array): Promise<{ url: string; server: Server }> {
  const prefix = `/public/plugins/${PLUGIN_ID}/`;
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else if (path === '/favicon.ico') {
      response.writeHead(204).end();
    } else if (path === '/host.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(host);
    } else if (path.startsWith(prefix)) {
      const file = normalize(join(DIST, decodeURIComponent(path.slice(prefix.length))));
      if (!file.startsWith(DIST + sep) || !existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      const type = file.endsWith('.js')
        ? 'text/javascript; charset=utf-8'
        : file.endsWith('.json')
          ? 'application/json'
          : 'application/octet-stream';
      response.writeHead(200, { 'content-type': type }).end(readFileSync(file));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address === 'string') {
    throw new Error('page server has no port');
  }
  return { url: `http://127.0.0.1:${address.port}/`, server };
}

/** Exporter demo and a Prometheus scraping it every second; resolves once SCRAPES scrapes landed. */
async function startServers(work: string): Promise<{ prometheus: string; demoStarted: number }> {
  const [exporterPort, prometheusPort] = [await freePort(), await freePort()];
  const demoStarted = Date.now();
  const demo = startProcess(
    'exporter-demo',
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    [join(ROOT, 'exporter', 'src', 'cli.ts'), 'demo', '--port', String(exporterPort)],
    ARTIFACTS,
    {
      DATABASE_URL: undefined,
      PORT: undefined,
    }
  );
  await waitFor('the demo to serve indicator ratios', demo, 300_000, async () => {
    const text = await (await fetch(`http://127.0.0.1:${exporterPort}/metrics`)).text();
    return text.includes('\necm_adoption_indicator_ratio{') ? true : undefined;
  });
  console.log(
    `     exporter demo ready on 127.0.0.1:${exporterPort} after ${((Date.now() - demoStarted) / 1000).toFixed(1)} s`
  );
  const config = join(work, 'prometheus.yml');
  // YAML is a superset of JSON.
  writeFileSync(
    config,
    JSON.stringify({
      global: { scrape_interval: '1s', scrape_timeout: '1s' },
      scrape_configs: [
        { job_name: 'ecm-adoption-exporter', static_configs: [{ targets: [`127.0.0.1:${exporterPort}`] }] },
      ],
    })
  );
  const prometheus = startProcess(
    'prometheus',
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(work, 'data')}`,
      `--web.listen-address=127.0.0.1:${prometheusPort}`,
    ],
    ARTIFACTS
  );
  const base = `http://127.0.0.1:${prometheusPort}`;
  await waitFor(`${SCRAPES} scrapes of the demo`, prometheus, 120_000, async () => {
    const [up] = await instant(base, 'count_over_time(up{job="ecm-adoption-exporter"}[1m])', Date.now());
    return up && up.value >= SCRAPES ? true : undefined;
  });
  return { prometheus: base, demoStarted };
}

async function queryPanel(base: string, targets: Target[], from: number, to: number): Promise<QueryResult[]> {
  return Promise.all(
    targets.map(async (target) => ({
      ...target,
      stepMs: STEP_MS,
      body: await promApi(base, '/api/v1/query_range', {
        query: target.expr,
        start: String(from / 1000),
        end: String(to / 1000),
        step: String(STEP_MS / 1000),
      }),
    }))
  );
}

async function checkOptions(page: Page): Promise<void> {
  const described = await page.evaluate(() => window.ecmHost.describePlugin());
  const paths = described.options.map(({ path, defaultValue }) => ({ path, defaultValue }));
  check(
    JSON.stringify(paths) === JSON.stringify(EXPECTED_OPTIONS),
    `options builder declares ${EXPECTED_OPTIONS.length} options with their defaults: ${JSON.stringify(paths)}`
  );
  for (const hidden of ['unit', 'min', 'max']) {
    check(!described.standardFieldOptions.includes(hidden), `standard field option "${hidden}" is disabled`);
  }
  check(described.standardFieldOptions.includes('thresholds'), 'standard field option "thresholds" is offered');
  const thresholds = isRecord(described.fieldDefaults) ? described.fieldDefaults.thresholds : undefined;
  const steps = isRecord(thresholds) && Array.isArray(thresholds.steps) ? thresholds.steps.filter(isRecord) : [];
  check(
    isRecord(thresholds) &&
      thresholds.mode === 'absolute' &&
      steps.length === 1 &&
      steps[0]?.value === -Infinity &&
      steps[0]?.color === 'text',
    `field thresholds default to one "text" base step at -Infinity (no green/red): ${JSON.stringify(thresholds)}`
  );
}

async function checkScorecard(page: Page, expected: ExpectedCell[]): Promise<void> {
  const cells = page.locator('[data-testid^="ecm-adoption-cell-"]');
  check(
    (await cells.count()) === expected.length,
    `scorecard has ${expected.length} cells (locations x indicators), found ${await cells.count()}`
  );
  for (const cell of expected) {
    const element = page.getByTestId(`ecm-adoption-cell-${cell.location}-${cell.indicator}`);
    const text = (await element.count()) > 0 ? await element.innerText() : '(missing)';
    if (cell.suppressed) {
      check(
        text.includes('Suppressed: too few to publish'),
        `${cell.location} ${cell.indicator}: suppressed (${text.replace(/\s+/g, ' ')})`
      );
    } else {
      check(
        text.includes(cell.percent) && text.includes(cell.words),
        `${cell.location} ${cell.indicator}: ${cell.percent} ${cell.words} (${text.replace(/\s+/g, ' ')})`
      );
    }
  }
}

async function main(): Promise<void> {
  const moduleFile = requireDist();
  const dependencies = amdDependencies(readFileSync(moduleFile, 'utf8'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'ecm-built-panel-'));
  const { panel, targets } = scorecardPanel();
  let server: Server | undefined;
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  try {
    const [host, servers] = await Promise.all([bundleHost(), startServers(work)]);
    const to = Math.floor(Date.now() / STEP_MS) * STEP_MS;
    const from = Math.floor((to - RANGE_MS) / STEP_MS) * STEP_MS;
    const results = await queryPanel(servers.prometheus, targets, from, to);
    const expected = await expectedCells(servers.prometheus, to);
    console.log(
      `     ${targets.length} range queries (${results.map((r) => `${r.refId}: ${r.body.data?.result.length ?? 0} series`).join(', ')})`
    );
    check(expected.length > 0, `Prometheus holds the demo's phase and indicators (${expected.length} expected cells)`);
    const page = await servePage(host);
    server = page.server;
    context = await chromium.launchPersistentContext(join(work, 'chromium'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: VIEWPORT,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const tab = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    tab.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`));
    await tab.goto(page.url);
    await tab
      .waitForFunction(() => typeof window.ecmHost === 'object', undefined, { timeout: 30_000 })
      .catch((error: unknown) => {
        throw new Error(`the host page did not start: ${errors.join(' | ') || String(error)}`);
      });
    const missing = await tab.evaluate((deps) => window.ecmHost.missingShared(deps), dependencies);
    check(
      missing.length === 0,
      `every AMD dependency of dist/module.js (${dependencies.join(', ')}) is a shared package of the host ${missing.join(', ')}`
    );
    const loaded = await tab.evaluate(
      (url) => window.ecmHost.loadPlugin(url),
      `/public/plugins/${PLUGIN_ID}/module.js`
    );
    check(
      loaded.exports.includes('plugin'),
      `SystemJS imported dist/module.js; it exports ${loaded.exports.join(', ')}`
    );
    await checkOptions(tab);
    const rendered = await tab.evaluate((request) => window.ecmHost.renderPanel(request), {
      panel,
      results,
      from,
      to,
      width: VIEWPORT.width - 16,
      height: VIEWPORT.height - 16,
    });
    check(
      rendered.refIds.length === targets.length,
      `frames of every query reached the panel: ${rendered.frames} frames, refIds ${rendered.refIds.join(', ')}`
    );
    await checkScorecard(tab, expected);
    await tab.screenshot({ path: join(ARTIFACTS, 'scorecard.png') });
    console.log(`     screenshot ${join(ARTIFACTS, 'scorecard.png')}`);
    check(errors.length === 0, `no page errors ${errors.join(' | ')}`);
  } finally {
    await context?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
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

main().then(
  () => {
    if (failures.length > 0) {
      console.error(`\n${failures.length} built-panel check(s) failed`);
      process.exit(1);
    }
    console.log('\nall built-panel checks passed');
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  }
);

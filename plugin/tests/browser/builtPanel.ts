/**
 * npm run test:browser (after `npm run build`): the BUILT panel, dist/module.js, loaded the way
 * Grafana loads it (SystemJS + AMD, shared packages; see grafanaHost.tsx) in Debian's Chromium, fed
 * with a real Prometheus 2.42's answers about the real exporter demo to the overview scorecard's
 * own queries, sent as Grafana sends them (dashboardQueries.ts: the dashboard's 90-day range, the
 * instant ones at its end aligned down to the step) and converted to frames as Grafana's
 * Prometheus data source does (prometheusFrames.ts). Builds nothing itself.
 *
 * The demo is queried after ONE scrape: a freshly started stack must show a full scorecard then,
 * not an hour later (the aligned evaluation time is before the first sample; kit.ts `newest`).
 *
 * Expected cells are worked out from separate instant queries at the end of the range (not from the
 * frames the panel reads): the phase picks the window (weekly -> 7d, monthly -> 28d); a suppressed
 * window shows "Suppressed: too few to publish"; otherwise the ratio as a whole percent and the
 * status as words (0 On target, 1 Below target, or Above target for lower-is-better, 2 Critical).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { panelTargets, planQuery, runQuery, type PanelTarget } from './dashboardQueries';
import type { DashboardPanel, OptionSummary, QueryResult } from './grafanaHost';
import { openHostPage, PLUGIN_ID, ROOT } from './hostPage';
import { freePort, killAllNow, startProcess, stopAll, waitFor } from './processes';

const ARTIFACTS = join(ROOT, 'tests', 'artifacts', 'built-panel');
const OVERVIEW = join(ROOT, 'provisioning', 'grafana', 'dashboards', 'json', 'overview.json');
// The overview's own range; the demo's Prometheus holds only the last few seconds of it.
const RANGE_MS = 90 * 86_400_000;
const SCRAPES = 1;
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The provisioned overview's scorecard panel: its targets, options and field config as Grafana stores them. */
function scorecardPanel(): { panel: DashboardPanel; targets: PanelTarget[] } {
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
  const targets = panelTargets(found, `${OVERVIEW} scorecard`);
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

/** The panel's queries as Grafana sends them for the dashboard's range ending `to`. */
async function queryPanel(base: string, targets: PanelTarget[], from: number, to: number): Promise<QueryResult[]> {
  const plans = targets.map((target) =>
    planQuery(target, {
      from,
      to,
      maxDataPoints: VIEWPORT.width - 16,
      utcOffsetSec: -new Date(to).getTimezoneOffset() * 60,
    })
  );
  const instantAt = plans.find((plan) => plan.instant)?.end ?? to;
  console.log(
    `     instant queries sent for ${new Date(instantAt).toISOString()} (now ${new Date(to).toISOString()}), history at a ${plans.find((plan) => !plan.instant)?.stepMs ?? 0} ms step`
  );
  return Promise.all(plans.map(async (plan) => (await runQuery(base, plan)).result));
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
  mkdirSync(ARTIFACTS, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'ecm-built-panel-'));
  const { panel, targets } = scorecardPanel();
  let host: Awaited<ReturnType<typeof openHostPage>> | undefined;
  try {
    const servers = await startServers(work);
    const to = Date.now();
    const from = to - RANGE_MS;
    const results = await queryPanel(servers.prometheus, targets, from, to);
    const expected = await expectedCells(servers.prometheus, to);
    console.log(
      `     ${targets.length} queries (${results.map((r) => `${r.refId}: ${r.body.data?.result.length ?? 0} series`).join(', ')})`
    );
    check(expected.length > 0, `Prometheus holds the demo's phase and indicators (${expected.length} expected cells)`);
    host = await openHostPage(join(work, 'chromium'), VIEWPORT);
    const { tab, errors, missing, dependencies } = host;
    check(
      missing.length === 0,
      `every AMD dependency of dist/module.js (${dependencies.join(', ')}) is a shared package of the host ${missing.join(', ')}`
    );
    check(host.exports.includes('plugin'), `SystemJS imported dist/module.js; it exports ${host.exports.join(', ')}`);
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
    await host?.close();
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

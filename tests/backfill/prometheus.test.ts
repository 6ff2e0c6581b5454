/**
 * The backfill with the real tools: the seeded small profile (fixed now, so the history
 * since go-live is 120 days) is backfilled into one file as docs/backfill.md says,
 * `promtool tsdb create-blocks-from openmetrics --max-block-duration=744h` (Debian prometheus
 * 2.42) turns it into a few long blocks, the blocks are moved into a Prometheus data folder, and Prometheus 2.42 answers:
 *
 * - for the week ten weeks back, the 7d window at the week's end is exactly the week the
 *   exporter's weekly history holds for it (the history a refresh at that instant reads,
 *   the SQL with now = the week's end), and phase and streak are the replay's;
 * - the panel's trend (plugin/src/data/buildModel.ts), fed the range response, has a
 *   point for every complete week since go-live (wherever the 7d window was published).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROMTOOL_MAX_BLOCK_DURATION } from '../../exporter/src/backfill/openmetrics.ts';
import { runBackfill } from '../../exporter/src/backfill/run.ts';
import { createPgliteDb, type Db } from '../../exporter/src/db/index.ts';
import { completeWeeksSince } from '../../exporter/src/engine/domain-time.ts';
import { locationsUnit } from '../../exporter/src/engine/domain-units.ts';
import type { LocationInfo } from '../../exporter/src/engine/types.ts';
import { INDICATORS } from '../../exporter/src/indicators/index.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../../exporter/src/indicators/settings.ts';
import { seedDatabase } from '../../exporter/src/seed/index.ts';
import { oracleAt, weeklyCountsAt } from '../../exporter/test/backfill/oracle.ts';
import { prometheusMissing, startPrometheus, type PrometheusServer, type PromSeries } from '../../exporter/test/support/prometheus.ts';
import { buildAdoptionModel } from '../../plugin/src/data/buildModel.ts';
import { DEFAULT_OPTIONS } from '../../plugin/src/types.ts';

const PROMTOOL = '/usr/bin/promtool';
const missing = !existsSync(PROMTOOL) || prometheusMissing;
const run = promisify(execFile);
const settings = DEFAULT_INDICATOR_SETTINGS;
// A Friday; the small profile's home went live 120 days before (2026-01-15), so the
// history crosses the spring clock change, and ten weeks back is the week of 2 March.
const NOW = new Date('2026-05-15T12:00:00Z');

describe.skipIf(missing)('backfilled history in Prometheus 2.42 (needs /usr/bin/promtool and /usr/bin/prometheus)', () => {
  let db: Db;
  let dir: string;
  let home: LocationInfo;
  let prometheus: PrometheusServer;
  const figures: string[] = [];

  beforeAll(async () => {
    db = await createPgliteDb();
    await seedDatabase(db, { profile: 'small', seed: 3, now: NOW });
    const { locations } = await db.readOnly((tx) => locationsUnit.run(tx, { now: NOW, settings, locations: [] }), { statementTimeoutMs: 60_000 });
    const [first] = locations;
    if (!first) throw new Error('the small profile has no location');
    home = first;
    dir = await mkdtemp(path.join(os.tmpdir(), 'ecm-backfill-prometheus-'));
    const data = path.join(dir, 'data');
    await mkdir(data);
    // One file and promtool's --max-block-duration, as docs/backfill.md recommends.
    const summary = await runBackfill({ db, settings, statementTimeoutMs: 60_000, now: NOW, out: path.join(dir, 'history.om.txt') }, {});
    const started = performance.now();
    const [file] = summary.files;
    if (file === undefined || summary.files.length !== 1) throw new Error(`expected one backfill file, got ${summary.files.length}`);
    const blocks = path.join(dir, 'blocks');
    await run(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', `--max-block-duration=${PROMTOOL_MAX_BLOCK_DURATION}`, '--quiet', file, blocks], {
      maxBuffer: 64 * 1024 * 1024,
    });
    let made = 0;
    for (const block of await readdir(blocks)) {
      await rename(path.join(blocks, block), path.join(data, block));
      made += 1;
    }
    figures.push(
      `one file, ${summary.samples} samples, ${(summary.bytes / 1024 / 1024).toFixed(1)} MB, backfill ${summary.seconds.toFixed(1)} s; ` +
        `promtool ${made} blocks (${summary.promtoolLongBlocks} expected; ${summary.promtoolBlocks} without the flag) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(made).toBe(summary.promtoolLongBlocks);
    // Retention 100y: the blocks, months old, would otherwise be deleted at once (default 15 days).
    prometheus = await startPrometheus({ dir, dataDir: data, retention: '100y', config: 'global:\n  scrape_interval: 1m\n' });
  }, 900_000);

  afterAll(async () => {
    await prometheus?.stop();
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    process.stdout.write(`backfill and promtool: ${figures.join('; ')}\n`);
  });

  it('gives the weekly history of the week ten weeks back at its end, with the phase and streak of then', async () => {
    const weeks = completeWeeksSince(home.goLiveDate, home.timezone, NOW);
    const week = weeks.at(-10);
    if (!week) throw new Error('fewer than ten complete weeks');
    expect(week.monday).toBe('2026-03-02');
    const t = week.ends.getTime() / 1000;
    const selector = `{location="${home.locationId}",window="7d"}`;
    const at = async (metric: string) =>
      new Map((await prometheus.query(metric + selector, t)).map((series) => [series.metric.indicator ?? '', Number(series.value?.[1])]));
    const [numerators, denominators, suppressed] = await Promise.all([
      at('ecm_adoption_indicator_numerator'),
      at('ecm_adoption_indicator_denominator'),
      at('ecm_adoption_indicator_suppressed'),
    ]);
    const history = await weeklyCountsAt(db, home, week.ends, settings);
    let published = 0;
    for (const indicator of INDICATORS) {
      const counts = history.get(indicator.name)?.get(week.monday);
      if (!counts) throw new Error(`no weekly counts for ${indicator.name}`);
      const hidden = counts.denominator < settings.minCohort;
      expect({ indicator: indicator.name, suppressed: suppressed.get(indicator.name) }).toEqual({ indicator: indicator.name, suppressed: hidden ? 1 : 0 });
      if (hidden) continue;
      published += 1;
      expect({ indicator: indicator.name, numerator: numerators.get(indicator.name), denominator: denominators.get(indicator.name) }).toEqual({
        indicator: indicator.name,
        numerator: counts.numerator,
        denominator: counts.denominator,
      });
    }
    expect(published).toBeGreaterThanOrEqual(5);
    const expected = await oracleAt(db, home, week.ends, settings);
    const streak = await prometheus.query(`ecm_adoption_governance_streak{location="${home.locationId}"}`, t);
    const phase = await prometheus.query(`ecm_adoption_governance_phase{location="${home.locationId}"}==1`, t);
    expect({ streak: Number(streak[0]?.value?.[1]), phase: phase[0]?.metric.phase }).toEqual({ streak: expected.streak, phase: expected.phase });
  });

  it('feeds the panel a trend with a point for every complete week since go-live', async () => {
    const weeks = completeWeeksSince(home.goLiveDate, home.timezone, NOW);
    const start = Math.floor((weeks[0]?.starts.getTime() ?? 0) / 1000);
    const end = Math.floor(NOW.getTime() / 1000);
    const range = async (query: string) => prometheus.queryRange(query, { start, end, step: 3600 });
    const frame = (series: PromSeries, refId: string): DataFrame =>
      createDataFrame({
        refId,
        fields: [
          { name: 'Time', type: FieldType.time, values: (series.values ?? []).map(([seconds]) => seconds * 1000) },
          { name: 'Value', type: FieldType.number, values: (series.values ?? []).map(([, value]) => Number(value)), labels: series.metric },
        ],
      });
    const ratios = await range(`ecm_adoption_indicator_ratio{location="${home.locationId}"}`);
    const phases = await range(`ecm_adoption_governance_phase{location="${home.locationId}"}`);
    const frames = [...ratios.map((series) => frame(series, 'ratio')), ...phases.map((series) => frame(series, 'phase'))];
    const model = buildAdoptionModel({
      frames,
      options: { ...DEFAULT_OPTIONS, period: 'weekly', timezone: home.timezone },
      timeRange: { from: start * 1000, to: NOW.getTime() },
    });
    expect(model.blocking).toBeNull();
    const location = model.locations[0];
    if (!location) throw new Error('no location in the panel model');
    const mondays = weeks.map((week) => week.starts.getTime());
    for (const cell of location.cells) {
      const ratio = ratios.find((series) => series.metric.indicator === cell.indicator && series.metric.window === '7d');
      const complete = cell.periods.filter((period) => period.complete && mondays.includes(period.start));
      expect(complete.map((period) => period.start)).toEqual(mondays);
      for (const period of complete) {
        // A point wherever Prometheus holds a 7d sample in the week (the window is absent while suppressed).
        const sampled = (ratio?.values ?? []).some(([seconds]) => seconds * 1000 >= period.start && seconds * 1000 < period.end);
        expect({ indicator: cell.indicator, week: period.label, point: period.value !== null }).toEqual({
          indicator: cell.indicator,
          week: period.label,
          point: sampled,
        });
      }
    }
    // The busiest indicators are never suppressed in a week: a point for every one of the 16 weeks.
    const taskCompletion = location.cells.find((cell) => cell.indicator === 'task_completion');
    expect(taskCompletion?.periods.filter((period) => period.complete && period.value !== null && mondays.includes(period.start))).toHaveLength(weeks.length);
    expect(weeks).toHaveLength(16);
  });
});

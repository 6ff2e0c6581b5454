/**
 * The overview scorecard's ACTUAL queries (from the generated dashboard JSON) against a real
 * Prometheus 2.42 holding five weeks of history, sent as Grafana sends them (instant ones at the
 * range end aligned down to the step, weekly ones stepped 1w from a Thursday), the answers turned
 * into frames as Grafana's Prometheus data source does, then the panel's own model built from them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { toDataQueryResponse } from '@grafana/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildAdoptionModel } from '../../src/data/buildModel';
import { DEFAULT_OPTIONS, type AdoptionPanelOptions } from '../../src/types';
import {
  createBlocks,
  startPrometheus,
  writeOpenMetrics,
  type Family,
  type RunningPrometheus,
} from './adoptionHistory';
import { panelTargets, planQuery, runQuery } from './dashboardQueries';
import { markAsGraph, rangeResponseToFrames } from './prometheusFrames';

const OVERVIEW = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'provisioning',
  'grafana',
  'dashboards',
  'json',
  'overview.json'
);
const hasPrometheus = ['prometheus', 'promtool'].every((tool) => spawnSync(tool, ['--version']).status === 0);

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
// All in GMT (London = UTC from 25 Oct 2026), so calendar weeks start Mondays 00:00 UTC.
const FIRST_MONDAY = Date.parse('2026-11-02T00:00:00Z');
const NOW = Date.parse('2026-12-09T10:52:00Z'); // Wednesday of the week of 7 Dec
const FRESH_START = Date.parse('2026-12-09T10:20:00Z'); // loc-b's exporter: first sample
const RATIO_CHANGE = Date.parse('2026-12-09T10:30:00Z');

/**
 * The 7d ratio of loc-a: a sample at t describes the window ending at t, so it carries the value
 * of the calendar week holding t - 1 ms: 0.60 for the week of 2 Nov, +0.05 a week (0.80 for the
 * week of 30 Nov), 0.85 in the week of 7 Dec until 10:30 on 9 Dec, 0.86 after.
 */
function locARatio(t: number): number {
  const week = Math.floor((t - 1 - FIRST_MONDAY) / WEEK);
  if (t >= RATIO_CHANGE) {
    return 0.86;
  }
  return Math.round((0.6 + 0.05 * week) * 100) / 100;
}

function valueAt(family: Family, labels: Record<string, string>, t: number): number | undefined {
  if (labels.location === 'loc-b' && t < FRESH_START) {
    return undefined;
  }
  switch (family) {
    case 'ratio':
      return labels.location === 'loc-b' ? 0.4 : labels.window === '7d' ? locARatio(t) : 0.7;
    case 'threshold':
      return labels.level === 'target' ? 0.7 : 0.5;
    case 'status':
      // 0 green for loc-a (0.86 >= 0.7), 2 critical for loc-b (0.4 < 0.5).
      return labels.location === 'loc-b' ? 2 : 0;
    case 'suppressed':
      return 0;
    case 'info':
      return 1;
    case 'phase':
      return labels.phase === 'weekly' ? 1 : 0;
  }
}

function scorecardPanel(): { panel: Record<string, unknown>; options: AdoptionPanelOptions } {
  const json: unknown = JSON.parse(readFileSync(OVERVIEW, 'utf8'));
  const panels =
    typeof json === 'object' && json !== null && 'panels' in json && Array.isArray(json.panels) ? json.panels : [];
  const panel: unknown = panels.find(
    (p: unknown) => typeof p === 'object' && p !== null && 'type' in p && p.type === 'ecm-adoption-panel'
  );
  if (typeof panel !== 'object' || panel === null || !('options' in panel)) {
    throw new Error(`${OVERVIEW}: no adoption panel`);
  }
  return { panel: { ...panel }, options: { ...DEFAULT_OPTIONS, ...(panel.options as Partial<AdoptionPanelOptions>) } };
}

describe.skipIf(!hasPrometheus)('overview scorecard: instant + weekly queries on a real Prometheus 2.42', () => {
  let work = '';
  let prometheus: RunningPrometheus | undefined;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ecm-dashboard-frames-'));
    const file = join(work, 'history.om');
    await writeOpenMetrics(
      // From 00:10 on 2 Nov: a sample at 00:00 would describe the week before.
      {
        locations: ['loc-a', 'loc-b'],
        indicators: ['task_on_time'],
        from: FIRST_MONDAY + 10 * MINUTE,
        to: NOW,
        stepMs: 10 * MINUTE,
        valueAt,
      },
      file
    );
    createBlocks(file, join(work, 'data'));
    prometheus = await startPrometheus({ dataDir: join(work, 'data'), logDir: work, lookbackMs: 5 * MINUTE });
  }, 300_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (work !== '') {
      rmSync(work, { recursive: true, force: true });
    }
  });

  async function model() {
    const { panel, options } = scorecardPanel();
    const range = { from: NOW - 90 * DAY, to: NOW };
    const plans = panelTargets(panel, 'overview scorecard').map((target) =>
      // A full-width panel on a 1600 px screen; London is on GMT (offset 0) in December.
      planQuery(target, { ...range, maxDataPoints: 1584, utcOffsetSec: 0 })
    );
    const base = prometheus?.base ?? '';
    const answers = await Promise.all(plans.map((plan) => runQuery(base, plan)));
    const wire = Object.fromEntries(
      answers.map(({ result }) => [result.refId, { status: 200, frames: rangeResponseToFrames(result.body, result) }])
    );
    const frames = markAsGraph(
      toDataQueryResponse(
        { data: { results: wire } },
        plans.map(({ refId }) => ({ refId }))
      ).data
    );
    return { plans, frames, model: buildAdoptionModel({ frames, options, timeRange: range }) };
  }

  it('sends the current values at the aligned range end and the history at a 1w step from a Thursday', async () => {
    const { plans } = await model();
    const instant = plans.filter((plan) => plan.instant);
    // 90 days over 1584 px = 4 909 s, which Grafana rounds to 1 h: 10:52 is sent as 10:00.
    expect(instant.map((plan) => new Date(plan.end).toISOString())).toEqual(Array(6).fill('2026-12-09T10:00:00.000Z'));
    const weekly = plans.filter((plan) => !plan.instant);
    expect(weekly.map((plan) => plan.refId)).toEqual(['ratio_weekly', 'threshold_weekly', 'phase_weekly']);
    for (const plan of weekly) {
      expect(plan.stepMs).toBe(WEEK);
      // Thursday 3 Dec 2026 00:00 UTC: the last multiple of a week since the epoch (a Thursday) before 10:00 on 9 Dec.
      expect(new Date(plan.end).toISOString()).toBe('2026-12-03T00:00:00.000Z');
      expect(new Date(plan.start).getUTCDay()).toBe(4);
    }
  });

  it('fills the scorecard from the first scrape: the newest samples, not those at the rounded time', async () => {
    const { model: built } = await model();
    expect(built.blocking).toBeNull();
    const cells = new Map(built.locations.map((location) => [location.location, location.cells[0]]));
    // loc-b started at 10:20, after the 10:00 the instant queries are sent for.
    expect(cells.get('loc-b')?.value).toBe(0.4);
    expect(cells.get('loc-b')?.rag).toBe('red');
    // loc-a changed to 0.86 at 10:30; at 10:00 it read 0.85.
    expect(cells.get('loc-a')?.value).toBe(0.86);
    expect(cells.get('loc-a')?.rag).toBe('green');
  });

  it('shows one point per complete week, each the 7d window at the end of its week', async () => {
    const { model: built } = await model();
    const cell = built.locations.find((location) => location.location === 'loc-a')?.cells[0];
    const withValue = (cell?.periods ?? []).filter((period) => period.value !== null);
    expect(withValue.map((period) => [period.label, period.value, period.complete])).toEqual([
      ['w/c 2 Nov', 0.6, true],
      ['w/c 9 Nov', 0.65, true],
      ['w/c 16 Nov', 0.7, true],
      ['w/c 23 Nov', 0.75, true],
      ['w/c 30 Nov', 0.8, true],
      // The current week from the instant value.
      ['w/c 7 Dec', 0.86, false],
    ]);
    // Complete weeks from the last: 0.80, 0.75, 0.70 >= 0.7 target, 0.65 below: 3 on target.
    expect(cell?.periodsOnTarget).toBe(3);
    // 0.86 now - 0.80 last week.
    expect(cell?.change).toBeCloseTo(0.06, 10);
  });
});

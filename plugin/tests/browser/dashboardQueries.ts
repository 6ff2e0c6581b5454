/**
 * A dashboard panel's queries as Grafana 12's Prometheus data source sends them: instant targets
 * to /api/v1/query at the end of the range; range targets to /api/v1/query_range with the step
 * Grafana computes (the larger of the query's or panel's min interval and range / max data points,
 * rounded as Grafana rounds intervals), start and end aligned down to a multiple of the step
 * counted from the epoch and shifted by the dashboard's UTC offset (promlib AlignTimeRange).
 * POST, as the provisioned data source is configured (httpMethod: POST).
 */
import { gzipSync } from 'node:zlib';

import type { QueryResult } from './grafanaHost';
import type { PromRangeResponse } from './prometheusFrames';

export interface PanelTarget {
  refId: string;
  expr: string;
  instant: boolean;
  /** Min step of the query, else of the panel (Grafana: query interval wins). */
  minIntervalMs: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** Grafana/Prometheus duration text ('1w', '1h', '30s') in ms. */
export function durationMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d|w|y)$/.exec(text.trim());
  const unit = match?.[2];
  if (!match?.[1] || !unit) {
    throw new Error(`not a duration: "${text}"`);
  }
  return Number(match[1]) * (UNIT_MS[unit] ?? NaN);
}

/** The targets of a panel of dashboard JSON, with the min interval each would be sent with. */
export function panelTargets(panel: Record<string, unknown>, where: string): PanelTarget[] {
  const panelInterval = typeof panel.interval === 'string' && panel.interval !== '' ? durationMs(panel.interval) : 0;
  const targets = Array.isArray(panel.targets) ? panel.targets.filter(isRecord) : [];
  return targets.map((target) => {
    if (typeof target.refId !== 'string' || typeof target.expr !== 'string') {
      throw new Error(`${where}: a target without refId or expr`);
    }
    const own = typeof target.interval === 'string' && target.interval !== '' ? durationMs(target.interval) : 0;
    return {
      refId: target.refId,
      expr: target.expr,
      instant: target.instant === true && target.range !== true,
      minIntervalMs: own || panelInterval,
    };
  });
}

// Grafana's interval rounding (rangeutil roundInterval), from 1 minute up: [below ms, result ms].
const ROUNDING: Array<[number, number]> = [
  [90_000, 60_000],
  [150_000, 120_000],
  [450_000, 300_000],
  [750_000, 600_000],
  [1_050_000, 900_000],
  [1_500_000, 1_200_000],
  [2_700_000, 1_800_000],
  [5_400_000, 3_600_000],
  [9_000_000, 7_200_000],
  [16_200_000, 10_800_000],
  [24_300_000, 21_600_000],
  [54_000_000, 43_200_000],
  [129_600_000, 86_400_000],
];

export function roundInterval(ms: number): number {
  if (ms < 60_000) {
    return Math.max(1000, Math.round(ms / 1000) * 1000);
  }
  return ROUNDING.find(([below]) => ms < below)?.[1] ?? 604_800_000;
}

export interface PlannedQuery extends PanelTarget {
  start: number;
  end: number;
  stepMs: number;
}

export interface PlanOptions {
  from: number;
  to: number;
  /** The panel's width in pixels (Grafana's max data points for the panel). */
  maxDataPoints: number;
  utcOffsetSec: number;
}

export function planQuery(target: PanelTarget, { from, to, maxDataPoints, utcOffsetSec }: PlanOptions): PlannedQuery {
  const stepMs = Math.max(target.minIntervalMs, roundInterval((to - from) / maxDataPoints));
  const offsetMs = utcOffsetSec * 1000;
  const align = (t: number) => Math.floor((t + offsetMs) / stepMs) * stepMs - offsetMs;
  // promlib sends an instant query for TimeRange().End: the end aligned like a range query's.
  return { ...target, stepMs, start: target.instant ? align(to) : align(from), end: align(to) };
}

export interface QueryCost {
  refId: string;
  instant: boolean;
  stepMs: number;
  series: number;
  points: number;
  bytes: number;
  gzipBytes: number;
  ms: number;
}

/** Runs one planned query against Prometheus; the answer for the panel and what it cost. */
export async function runQuery(base: string, query: PlannedQuery): Promise<{ result: QueryResult; cost: QueryCost }> {
  const params: Record<string, string> = query.instant
    ? { query: query.expr, time: String(query.end / 1000) }
    : {
        query: query.expr,
        start: String(query.start / 1000),
        end: String(query.end / 1000),
        step: String(query.stepMs / 1000),
      };
  const started = performance.now();
  const response = await fetch(`${base}${query.instant ? '/api/v1/query' : '/api/v1/query_range'}`, {
    method: 'POST',
    body: new URLSearchParams(params),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  const body: unknown = JSON.parse(text);
  if (!isPromResponse(body) || body.status !== 'success' || !body.data) {
    throw new Error(`${query.refId} (${query.expr}): Prometheus answered ${text.slice(0, 300)}`);
  }
  const series = body.data.result;
  const points = series.reduce((sum, s) => sum + (s.values?.length ?? (s.value ? 1 : 0)), 0);
  return {
    result: { refId: query.refId, expr: query.expr, stepMs: query.stepMs, body },
    cost: {
      refId: query.refId,
      instant: query.instant,
      stepMs: query.stepMs,
      series: series.length,
      points,
      bytes: Buffer.byteLength(text),
      gzipBytes: gzipSync(text).length,
      ms,
    },
  };
}

function isPromResponse(value: unknown): value is PromRangeResponse {
  return (
    isRecord(value) &&
    (value.status === 'success' || value.status === 'error') &&
    (value.data === undefined ||
      (isRecord(value.data) &&
        typeof value.data.resultType === 'string' &&
        Array.isArray(value.data.result) &&
        value.data.result.every((series) => isRecord(series) && isRecord(series.metric))))
  );
}

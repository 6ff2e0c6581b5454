import type { DataFrame } from '@grafana/data';

import type { AdoptionPanelOptions, Direction } from '../types';
import { isValidTimeZone } from './calendar';
import { buildCell } from './cells';
import { headlineFor } from './headline';
import { humanise, knownIndicator, standardOrder } from './indicators';
import { METRIC_NAMES } from './metrics';
import type { AdoptionModel, LocationView } from './model';
import { buildPeriods, type Phase, type PeriodSlot } from './periods';
import type { Rag } from './rag';
import { framesToSeries } from './series';
import { indexSeries, type SeriesIndex } from './seriesIndex';

export interface ModelRequest {
  frames: DataFrame[];
  /** Options with dashboard variables already replaced (locations expanded). */
  options: AdoptionPanelOptions;
  /** Dashboard time range, epoch ms; `to` is "now" for completeness of periods. */
  timeRange: { from: number; to: number };
}

export const DEFAULT_TIME_ZONE = 'Europe/London';

/** Frames in, view model out: the panel's whole logic, free of React and of Grafana's runtime. */
export function buildAdoptionModel({ frames, options, timeRange }: ModelRequest): AdoptionModel {
  const notices: string[] = [];
  const timeZone = resolveTimeZone(options.timezone, notices);
  const index = indexSeries(framesToSeries(frames, timeRange.to));
  const empty = (blocking: string): AdoptionModel => ({ indicators: [], locations: [], blocking, notices, timeZone });

  if (!index.kinds.has('ratio') && !index.kinds.has('suppressed')) {
    return empty(missingRatioMessage(frames.length, index));
  }
  addNotices(index, notices);

  const direction = (name: string): Direction =>
    index.info.get(name)?.direction ??
    (options.lowerIsBetter.includes(name)
      ? 'lower_is_better'
      : (knownIndicator(name)?.direction ?? 'higher_is_better'));
  const title = (name: string) => index.info.get(name)?.title ?? knownIndicator(name)?.title ?? humanise(name);

  const wanted = options.indicators.filter((name) => name.trim() !== '');
  const names = wanted.length > 0 ? wanted : standardOrder(index.indicators);
  const absent = names.filter((name) => !index.indicators.has(name));
  if (absent.length > 0) {
    notices.push(`No data for indicator ${absent.join(', ')} (chosen in the panel options).`);
  }
  const shownNames = wanted.length > 0 ? names : names.filter((name) => index.indicators.has(name));
  const indicators = shownNames.map((name) => ({ name, title: title(name), direction: direction(name) }));

  const filter = options.locations.filter((name) => name.trim() !== '');
  const locationNames = filter.length > 0 ? filter.filter((name) => index.locations.has(name)) : [...index.locations];
  if (locationNames.length === 0) {
    return empty(
      `No location in the data matches the location filter (${filter.join(', ')}). Locations returned: ${[...index.locations].sort().join(', ')}.`
    );
  }
  if (indicators.length === 0) {
    return empty('None of the indicators chosen in the panel options is in the data.');
  }

  const from = Math.min(timeRange.from, index.span?.from ?? timeRange.from);
  const locations = locationNames.map((location): LocationView => {
    const phases = index.phases.get(location) ?? [];
    const phase: Phase | undefined = phases[phases.length - 1]?.phase;
    const slots: PeriodSlot[] = buildPeriods({
      from,
      to: timeRange.to,
      now: timeRange.to,
      timeZone,
      mode: options.period,
      phases,
    });
    const cells = indicators.map((meta) =>
      buildCell({
        index,
        indicator: meta.name,
        title: meta.title,
        direction: meta.direction,
        location,
        phase,
        slots,
        windowMode: options.window,
      })
    );
    const worstFirst = [...cells].sort((a, b) => b.severity - a.severity || b.shortfall - a.shortfall);
    const severity = worstFirst[0]?.severity ?? 0;
    return {
      location,
      phase,
      cells,
      worstFirst,
      worst: worstRag(worstFirst),
      severity,
      headline: headlineFor(cells, options.decimals),
    };
  });
  locations.sort(
    (a, b) =>
      b.severity - a.severity ||
      (b.worstFirst[0]?.shortfall ?? 0) - (a.worstFirst[0]?.shortfall ?? 0) ||
      a.location.localeCompare(b.location)
  );
  return { indicators, locations, blocking: null, notices, timeZone };
}

function worstRag(worstFirst: LocationView['cells']): Rag {
  const rags = worstFirst.map((cell) => cell.rag);
  return rags.includes('red') ? 'red' : rags.includes('amber') ? 'amber' : rags.includes('green') ? 'green' : 'unknown';
}

function resolveTimeZone(option: string, notices: string[]): string {
  const zone = option.trim();
  if (zone === '') {
    return DEFAULT_TIME_ZONE;
  }
  if (!isValidTimeZone(zone)) {
    notices.push(`Time zone "${zone}" is not a valid IANA zone; using ${DEFAULT_TIME_ZONE}.`);
    return DEFAULT_TIME_ZONE;
  }
  return zone;
}

function missingRatioMessage(frameCount: number, index: SeriesIndex): string {
  const need = `This panel needs the series ${METRIC_NAMES.ratio} (query \`${METRIC_NAMES.ratio}\`, refId "ratio").`;
  if (frameCount === 0 || (index.kinds.size === 0 && index.unrecognised === 0)) {
    return `No data: the queries returned no series. ${need}`;
  }
  const seen = [...index.kinds].map((kind) => METRIC_NAMES[kind]);
  const seenText = seen.length > 0 ? ` The queries returned only: ${seen.join(', ')}.` : '';
  const unknownText =
    index.unrecognised > 0
      ? ` ${index.unrecognised} series were not recognised: keep the __name__ label (plain selector) or set the query's refId to ratio, threshold, status, suppressed, info or phase.`
      : '';
  return `${need}${seenText}${unknownText}`;
}

function addNotices(index: SeriesIndex, notices: string[]): void {
  const hasFieldThresholds = [...index.fieldThresholds.values()].some((config) =>
    config.steps.some((step) => Number.isFinite(step.value))
  );
  if (!index.kinds.has('threshold') && !hasFieldThresholds) {
    notices.push(
      `No thresholds: add the query ${METRIC_NAMES.threshold} or set thresholds in the field config, otherwise no RAG state can be shown.`
    );
  }
  if (!index.kinds.has('phase')) {
    notices.push(`No ${METRIC_NAMES.phase} series: review periods assume weekly governance.`);
  }
  if (index.unrecognised > 0) {
    notices.push(
      `${index.unrecognised} series not recognised (no __name__ label and no refId such as "ratio"): they are ignored.`
    );
  }
}

/**
 * One indicator's chart as inline SVG: a point per review period (time-proportional,
 * at the middle of the period), the target (solid) and critical (dashed) lines of the
 * phase in force stepping where the phase changes, the zone beyond critical hatched,
 * and a marked line where the governance phase changed. Each point has a shape per
 * RAG state and a <title>; a suppressed period is a hollow marker on the axis.
 */
import { dateIn, escapeHtml, percent } from '../format.ts';
import type { IndicatorHistory, PeriodValue } from '../model.ts';
import { RAG_PRINT_COLOURS, ragLabel, ragOfStatus } from '../../shared/rag.ts';
import { EVIDENCE_RAG_SHAPE } from './rag-style.ts';

const WIDTH = 680;
const HEIGHT = 230;
const LEFT = 44;
const RIGHT = 12;
const TOP = 18;
const BOTTOM = 44;
const PLOT_H = HEIGHT - TOP - BOTTOM;

const y = (ratio: number): number => TOP + (1 - ratio) * PLOT_H;
const fmt = (n: number): string => n.toFixed(1);

function marker(value: PeriodValue, cx: number, lowerIsBetter: boolean, timezone: string): string {
  const label = value.period.label;
  const when = value.period.complete ? label : `${label}, counted to ${dateIn(new Date(value.period.end.getTime() - 1), timezone)}`;
  if (value.value === undefined) {
    const title = `${when}: suppressed (too few items)`;
    return `<circle class="point suppressed" data-period="${escapeHtml(label)}" cx="${fmt(cx)}" cy="${fmt(y(0))}" r="4" fill="#fff" stroke="#57606a" stroke-width="1.5"><title>${escapeHtml(title)}</title></circle>`;
  }
  const rag = ragOfStatus(value.status);
  const title = `${when}: ${percent(value.value)} (${ragLabel(rag, lowerIsBetter)})`;
  const common = `class="point" data-period="${escapeHtml(label)}" data-rag="${rag}" fill="${rag === 'unknown' ? '#57606a' : RAG_PRINT_COLOURS[rag].main}" stroke="#1f2328" stroke-width="1"`;
  const cy = y(value.value);
  const shape = rag === 'unknown' ? 'circle' : EVIDENCE_RAG_SHAPE[rag];
  const inner = `<title>${escapeHtml(title)}</title>`;
  if (shape === 'triangle')
    return `<path ${common} d="M${fmt(cx)} ${fmt(cy - 6)} L${fmt(cx + 5.5)} ${fmt(cy + 4)} L${fmt(cx - 5.5)} ${fmt(cy + 4)} Z">${inner}</path>`;
  if (shape === 'square') return `<rect ${common} x="${fmt(cx - 4.5)}" y="${fmt(cy - 4.5)}" width="9" height="9">${inner}</rect>`;
  return `<circle ${common} cx="${fmt(cx)}" cy="${fmt(cy)}" r="4.5">${inner}</circle>`;
}

/** Indexes of the points whose x label is printed: the last always, earlier ones when they do not crowd the next. */
function labelled(centres: readonly number[], minGap = 62): Set<number> {
  const indexes = new Set<number>();
  let next = Number.POSITIVE_INFINITY;
  for (let i = centres.length - 1; i >= 0; i -= 1) {
    const x = centres[i] ?? 0;
    if (next - x >= minGap) {
      indexes.add(i);
      next = x;
    }
  }
  return indexes;
}

export function renderChart(history: IndicatorHistory, options: { id: string; timezone: string }): string {
  const values = history.values;
  const first = values[0];
  const last = values.at(-1);
  if (!first || !last) return '';
  const lowerIsBetter = history.indicator.direction === 'lower_is_better';
  const t0 = first.period.start.getTime();
  const span = Math.max(1, last.period.end.getTime() - t0);
  const x = (t: number): number => LEFT + ((t - t0) / span) * (WIDTH - LEFT - RIGHT);
  const hatch = `${options.id}-hatch`;
  const parts: string[] = [];
  parts.push(
    `<defs><pattern id="${hatch}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="${RAG_PRINT_COLOURS.red.main}" stroke-width="1.2" stroke-opacity="0.45"/></pattern></defs>`,
  );
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${fmt(y(tick))}" y2="${fmt(y(tick))}" stroke="#d0d7de" stroke-width="0.8"/>`);
    parts.push(`<text x="${LEFT - 6}" y="${fmt(y(tick) + 3.5)}" font-size="10" text-anchor="end" fill="#57606a">${percent(tick)}</text>`);
  }
  const target: string[] = [];
  const critical: string[] = [];
  for (const value of values) {
    const x1 = x(value.period.start.getTime());
    const x2 = x(value.period.end.getTime());
    const { target: t, critical: c } = value.thresholds;
    const [zoneTop, zoneBottom] = lowerIsBetter ? [1, c] : [c, 0];
    parts.push(
      `<rect class="critical-zone" x="${fmt(x1)}" y="${fmt(y(zoneTop))}" width="${fmt(x2 - x1)}" height="${fmt(y(zoneBottom) - y(zoneTop))}" fill="url(#${hatch})"/>`,
    );
    target.push(`M${fmt(x1)} ${fmt(y(t))} H${fmt(x2)}`);
    critical.push(`M${fmt(x1)} ${fmt(y(c))} H${fmt(x2)}`);
  }
  parts.push(`<path class="target" d="${target.join(' ')}" stroke="${RAG_PRINT_COLOURS.green.main}" stroke-width="2.2" fill="none"/>`);
  parts.push(`<path class="critical" d="${critical.join(' ')}" stroke="${RAG_PRINT_COLOURS.red.main}" stroke-width="1.6" stroke-dasharray="5 3" fill="none"/>`);
  for (const value of values.filter((v) => v.period.phaseChanged)) {
    const xc = x(value.period.start.getTime());
    parts.push(
      `<line class="phase-change" x1="${fmt(xc)}" x2="${fmt(xc)}" y1="${TOP - 8}" y2="${TOP + PLOT_H}" stroke="#1f2328" stroke-width="1.2" stroke-dasharray="2 2"/>`,
    );
    const nearRight = xc > WIDTH - RIGHT - 110;
    parts.push(
      `<text x="${fmt(nearRight ? xc - 3 : xc + 3)}" y="${TOP - 2}" font-size="10" text-anchor="${nearRight ? 'end' : 'start'}" fill="#1f2328">${value.period.phase} from here</text>`,
    );
  }
  const line = values
    .filter((v) => v.value !== undefined)
    .map((v) => `${fmt(x((v.period.start.getTime() + v.period.end.getTime()) / 2))},${fmt(y(v.value ?? 0))}`);
  if (line.length > 1) parts.push(`<polyline points="${line.join(' ')}" fill="none" stroke="#57606a" stroke-width="1.4"/>`);
  const centres = values.map((value) => x((value.period.start.getTime() + value.period.end.getTime()) / 2));
  const shown = labelled(centres);
  values.forEach((value, index) => {
    const cx = centres[index] ?? 0;
    parts.push(marker(value, cx, lowerIsBetter, options.timezone));
    if (shown.has(index))
      parts.push(
        `<text x="${fmt(cx)}" y="${HEIGHT - BOTTOM + 16}" font-size="9.5" text-anchor="middle" fill="#1f2328">${escapeHtml(value.period.label)}</text>`,
      );
  });
  parts.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${fmt(y(0))}" y2="${fmt(y(0))}" stroke="#1f2328" stroke-width="1"/>`);
  const title = `${history.indicator.title}: one point per review period`;
  return `<svg id="${options.id}" class="chart-svg" data-points="${values.length}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${options.id}-title" xmlns="http://www.w3.org/2000/svg"><title id="${options.id}-title">${escapeHtml(title)}</title>${parts.join('')}</svg>`;
}

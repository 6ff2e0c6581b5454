/**
 * note_duplication: from the held fingerprints inside the 28-day span (rolling
 * windows, recent weeks); weeks starting before the span were judged whole in SQL
 * once and are kept (LocationView.weekCounts).
 */
import { bucketOf } from '../buckets.ts';
import { duplicationInWindow } from '../duplication.ts';
import { careNotesPass } from '../passes/care-notes.ts';
import type { IndicatorPartial } from './partial.ts';

export const noteDuplicationPartial: IndicatorPartial = {
  indicator: 'note_duplication',
  pass: careNotesPass.name,
  atNow(view, window) {
    const [numerator, denominator] = duplicationInWindow(view, window);
    return { numerator, denominator };
  },
  week(view, week) {
    const held = bucketOf(view.grid, week.startMs) < view.detailFrom ? view.weekCounts.get(week.label) : undefined;
    if (held) return { numerator: held[0], denominator: held[1] };
    return this.atNow(view, week);
  },
  atBoundary(view, window, asOfMs) {
    if (bucketOf(view.grid, window.startMs) < view.detailFrom || window.endMs > asOfMs) return undefined;
    const [numerator, denominator] = duplicationInWindow(view, window);
    return { numerator, denominator };
  },
};

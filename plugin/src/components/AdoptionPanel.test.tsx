import { render, screen, within } from '@testing-library/react';
import React from 'react';
import { describe, expect, it, vi } from 'vitest';

import { info, phase, ratio, suppressed, threshold } from '../fixtures/frames';
import { panelProps, timeRangeOf } from '../test/panelProps';
import type { AdoptionPanelOptions } from '../types';
import { AdoptionPanel } from './AdoptionPanel';
import { SUPPRESSED_REASON } from './ScorecardCell';
import { testIds } from './testIds';

const pushed: string[] = [];
vi.mock('@grafana/runtime', () => ({ locationService: { push: (url: string) => pushed.push(url) } }));

const NOW = '2026-11-16T10:00:00Z';
const PREV = '2026-11-09T10:00:00Z';
const range = timeRangeOf('2026-11-02T00:00:00Z', NOW);

/** Two samples: last week's and this week's 7d ratio, thresholds 0.9 / 0.75. */
function indicator(name: string, location: string, previous: number, current: number) {
  return [
    ratio(name, location, '7d', [
      [PREV, previous],
      [NOW, current],
    ]),
    threshold(name, location, 'target', [[NOW, 0.9]]),
    threshold(name, location, 'critical', [[NOW, 0.75]]),
  ];
}

const frames = [
  ...indicator('login_coverage', 'Rosewood', 0.94, 0.96),
  ...indicator('task_on_time', 'Rosewood', 0.74, 0.71),
  ...indicator('login_coverage', 'Meadow', 0.9, 0.95),
  ...indicator('task_on_time', 'Meadow', 0.93, 0.95),
  suppressed('task_completion', 'Meadow', '7d', [[NOW, 1]]),
  ratio('task_completion', 'Rosewood', '7d', [[NOW, 0.92]]),
  threshold('task_completion', 'Rosewood', 'target', [[NOW, 0.9]]),
  phase('Rosewood', 'weekly', [[NOW, 1]]),
  phase('Meadow', 'weekly', [[NOW, 1]]),
  info('login_coverage', 'Login coverage', 'higher_is_better', NOW),
];

function renderPanel(
  options: Partial<AdoptionPanelOptions>,
  series = frames,
  replaceVariables?: (v: string) => string
) {
  return render(<AdoptionPanel {...panelProps(series, options, { timeRange: range, replaceVariables })} />);
}

describe('Scorecard', () => {
  it('shows value, RAG in words, change and sparkline per cell', () => {
    renderPanel({ view: 'scorecard' });
    const cell = screen.getByTestId(testIds.cell('Rosewood', 'task_on_time'));
    expect(cell).toHaveTextContent('71%');
    // 0.71 < 0.75 critical: red, shown as words and glyph, not colour alone.
    expect(within(cell).getByTestId(testIds.ragBadge)).toHaveTextContent('Critical');
    // 0.71 - 0.74 = -0.03 -> "−3 pts".
    expect(cell).toHaveTextContent('\u22123 pts');
    expect(within(cell).getByTestId(testIds.sparkline)).toBeInTheDocument();
    expect(
      within(screen.getByTestId(testIds.cell('Meadow', 'login_coverage'))).getByTestId(testIds.ragBadge)
    ).toHaveTextContent('On target');
  });

  it('orders rows worst first and shows the headline', () => {
    renderPanel({ view: 'scorecard' });
    const rows = screen.getAllByTestId(/ecm-adoption-scorecard-row-/);
    expect(rows.map((row) => row.getAttribute('data-testid'))).toEqual([
      testIds.scorecardRow('Rosewood'),
      testIds.scorecardRow('Meadow'),
    ]);
    expect(screen.getAllByTestId(testIds.headline)[0]).toHaveTextContent(
      'Staff are logging in (96%) but only 71% of tasks are recorded on time'
    );
  });

  it('marks a suppressed cell and gives the reason in a tooltip', async () => {
    renderPanel({ view: 'scorecard' });
    const cell = screen.getByTestId(testIds.cell('Meadow', 'task_completion'));
    expect(cell).toHaveAttribute('data-state', 'suppressed');
    expect(cell).toHaveTextContent('Suppressed: too few to publish');
    within(cell).getByText('Suppressed: too few to publish').focus();
    expect(await screen.findByText(SUPPRESSED_REASON)).toBeInTheDocument();
  });

  it('decimals and indicator order options change what is drawn', () => {
    renderPanel({ view: 'scorecard', decimals: 1, indicators: ['task_on_time', 'login_coverage'] });
    expect(screen.getByTestId(testIds.cell('Rosewood', 'task_on_time'))).toHaveTextContent('71.0%');
    expect(screen.queryByTestId(testIds.cell('Rosewood', 'task_completion'))).toBeNull();
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Location', 'Tasks on time', 'Login coverage']);
  });

  it('filters locations through a dashboard variable', () => {
    renderPanel({ view: 'scorecard', locations: ['$location'] }, frames, (v) => (v === '$location' ? 'Meadow' : v));
    expect(screen.queryByTestId(testIds.scorecardRow('Rosewood'))).toBeNull();
    expect(screen.getByTestId(testIds.scorecardRow('Meadow'))).toBeInTheDocument();
  });

  it('drills down through locationService with the location and indicator filled in', () => {
    renderPanel({ view: 'scorecard', drilldownUrl: '/d/loc?var-location=${location}&var-indicator=${indicator}' });
    screen.getByTestId(testIds.cell('Rosewood', 'task_on_time')).click();
    expect(pushed).toEqual(['/d/loc?var-location=Rosewood&var-indicator=task_on_time']);
  });
});

describe('Trend', () => {
  it('draws the chosen indicator per location with the periods-on-target count', () => {
    renderPanel({ view: 'trend', trendIndicator: 'login_coverage' });
    const rosewood = screen.getByTestId(testIds.trendLocation('Rosewood'));
    expect(rosewood).toHaveTextContent('Rosewood — Login coverage');
    // Weeks: w/c 2 Nov has no sample; w/c 9 Nov shows 0.94 >= 0.9 (green, complete); w/c 16 Nov is
    // still running. Counting back over complete weeks: 1 green, then one without a value.
    expect(within(rosewood).getByTestId(testIds.streak)).toHaveTextContent('1 period on target in a row');
    expect(within(rosewood).getByRole('img')).toBeInTheDocument();
  });

  it('marks where the location switched to monthly governance', () => {
    // Daily samples 28 Sep - 15 Nov 2026; monthly from Mon 19 Oct (see buildModel.periods.test.ts).
    const days = Array.from({ length: 49 }, (_, d) => Date.parse('2026-09-28T12:00:00Z') + d * 86_400_000);
    const monthly = (t: number) => t >= Date.parse('2026-10-19T00:00:00Z');
    const series = [
      phase(
        'Oak',
        'weekly',
        days.map((t): [number, number] => [t, monthly(t) ? 0 : 1])
      ),
      phase(
        'Oak',
        'monthly',
        days.map((t): [number, number] => [t, monthly(t) ? 1 : 0])
      ),
      ratio(
        'task_on_time',
        'Oak',
        '7d',
        days.map((t): [number, number] => [t, 0.9])
      ),
      ratio(
        'task_on_time',
        'Oak',
        '28d',
        days.map((t): [number, number] => [t, 0.9])
      ),
    ];
    render(
      <AdoptionPanel
        {...panelProps(
          series,
          { view: 'trend' },
          { timeRange: timeRangeOf('2026-09-28T00:00:00Z', '2026-11-15T12:00:00Z') }
        )}
      />
    );
    const marker = screen.getByTestId(testIds.phaseSwitch);
    // The monthly run starts with the (partial) month of October.
    expect(marker).toHaveTextContent('monthly from Oct 2026');
    expect(screen.getByTestId(testIds.trendLocation('Oak'))).toHaveTextContent('monthly governance');
  });

  it('says so when the trend indicator is not in the data', () => {
    renderPanel({ view: 'trend', trendIndicator: 'note_duplication' });
    expect(screen.getByTestId(testIds.missing)).toHaveTextContent(
      'The Trend view shows indicator "note_duplication", which is not in the data.'
    );
  });
});

describe('Wallboard', () => {
  it('puts the worst location first with its headline, no hover needed', () => {
    renderPanel({ view: 'wallboard' });
    const tiles = screen.getAllByTestId(/ecm-adoption-tile-/);
    expect(tiles[0]).toHaveAttribute('data-testid', testIds.tile('Rosewood'));
    expect(within(tiles[0] as HTMLElement).getByTestId(testIds.headline)).toHaveTextContent(
      'Staff are logging in (96%) but only 71% of tasks are recorded on time'
    );
    expect(within(tiles[1] as HTMLElement).getByText('too few to publish')).toBeInTheDocument();
  });
});

describe('missing data', () => {
  it('says what is missing instead of drawing a blank panel', () => {
    renderPanel({ view: 'wallboard' }, []);
    expect(screen.getByTestId(testIds.missing)).toHaveTextContent(
      'No data: the queries returned no series. This panel needs the series ecm_adoption_indicator_ratio'
    );
  });

  it('draws what it can from a partial result and lists what degrades it', () => {
    renderPanel({ view: 'scorecard' }, [ratio('task_on_time', 'Oak', '7d', [[NOW, 0.8]])]);
    expect(screen.getByTestId(testIds.cell('Oak', 'task_on_time'))).toHaveTextContent('No target');
    expect(screen.getByTestId(testIds.notices)).toHaveTextContent('No thresholds');
    expect(screen.getByTestId(testIds.notices)).toHaveTextContent('review periods assume weekly governance');
  });
});

import { createDataFrame, FieldType, ThresholdsMode, type DataFrame } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { info, phase, promFrame, ratio, status, suppressed, threshold } from '../fixtures/frames';
import { DEFAULT_OPTIONS, type AdoptionPanelOptions } from '../types';
import { buildAdoptionModel } from './buildModel';

const AT = '2026-11-16T10:00:00Z';
const timeRange = { from: Date.parse('2026-11-09T00:00:00Z'), to: Date.parse(AT) };

/** One location's current values with weekly thresholds target 0.9 / critical 0.75 (lower: 0.1 / 0.2). */
function location(name: string, values: Record<string, number>): DataFrame[] {
  return Object.entries(values).flatMap(([indicator, value]) => {
    const lower = indicator === 'note_duplication';
    return [
      ratio(indicator, name, '7d', [[AT, value]]),
      threshold(indicator, name, 'target', [[AT, lower ? 0.1 : 0.9]]),
      threshold(indicator, name, 'critical', [[AT, lower ? 0.2 : 0.75]]),
    ];
  });
}

function build(frames: DataFrame[], options: Partial<AdoptionPanelOptions> = {}) {
  return buildAdoptionModel({ frames, options: { ...DEFAULT_OPTIONS, ...options }, timeRange });
}

describe('headlines', () => {
  it('calls out the usage trap: logins green, tasks on time red', () => {
    // login 0.96 >= 0.9 green; task_on_time 0.71 < 0.75 critical -> red; task_completion 0.93 green.
    const model = build(location('Rosewood', { login_coverage: 0.96, task_completion: 0.93, task_on_time: 0.71 }));
    expect(model.locations[0]?.headline).toEqual({
      kind: 'usage_trap',
      text: 'Staff are logging in (96%) but only 71% of tasks are recorded on time',
      rag: 'red',
    });
  });

  it('names task completion when that is the amber one', () => {
    // 0.8 is below 0.9 but not below 0.75: amber.
    const model = build(location('Meadow', { login_coverage: 0.95, task_completion: 0.8, task_on_time: 0.92 }));
    expect(model.locations[0]?.headline.text).toBe('Staff are logging in (95%) but only 80% of due tasks are recorded');
    expect(model.locations[0]?.headline.rag).toBe('amber');
  });

  it('is not a usage trap when logins are not green: the worst finding is named', () => {
    const model = build(location('Oak', { login_coverage: 0.8, task_on_time: 0.71 }));
    expect(model.locations[0]?.headline).toEqual({
      kind: 'below_target',
      text: 'Tasks on time 71%: below the critical level of 75%, target 90%',
      rag: 'red',
    });
  });

  it('says all on target, and respects decimals', () => {
    const model = build(location('Elm', { login_coverage: 0.955, task_on_time: 0.9 }), { decimals: 1 });
    expect(model.locations[0]?.headline.text).toBe('All 2 indicators on target');
    expect(model.locations[0]?.cells.map((c) => c.value)).toEqual([0.955, 0.9]);
  });
});

describe('direction', () => {
  it('comes from the info series: duplicated notes above target is amber', () => {
    const frames = [
      ...location('Cedar', { note_duplication: 0.12 }),
      info('note_duplication', 'Copied notes', 'lower_is_better', AT),
    ];
    const cell = build(frames).locations[0]?.cells[0];
    // lower is better: 0.12 > 0.10 target, not > 0.20 critical -> amber.
    expect(cell).toMatchObject({ direction: 'lower_is_better', rag: 'amber', title: 'Copied notes' });
    expect(build(frames).locations[0]?.headline.text).toBe('Copied notes 12%: above the 10% target');
  });

  it('falls back to the lowerIsBetter option without an info series', () => {
    const frames = [ratio('x_dup', 'Cedar', '7d', [[AT, 0.05]]), threshold('x_dup', 'Cedar', 'target', [[AT, 0.1]])];
    // higher is better by default: 0.05 < 0.1 -> amber; as lower is better 0.05 <= 0.1 -> green.
    expect(build(frames).locations[0]?.cells[0]?.rag).toBe('amber');
    expect(build(frames, { lowerIsBetter: ['x_dup'] }).locations[0]?.cells[0]?.rag).toBe('green');
  });
});

describe('thresholds and status', () => {
  it('uses the field config thresholds when no threshold series is returned (percent steps)', () => {
    const frame = promFrame(
      'ecm_adoption_indicator_ratio',
      { indicator: 'task_on_time', location: 'Ivy', window: '7d' },
      [[AT, 0.8]],
      {
        thresholds: {
          mode: ThresholdsMode.Absolute,
          steps: [
            { value: -Infinity, color: 'red' },
            { value: 70, color: 'orange' },
            { value: 90, color: 'green' },
          ],
        },
      }
    );
    const cell = build([frame]).locations[0]?.cells[0];
    // steps 70 and 90 read as percent: critical 0.7, target 0.9; 0.8 is between -> amber.
    expect(cell?.band).toEqual({ target: 0.9, critical: 0.7 });
    expect(cell?.rag).toBe('amber');
  });

  it('prefers the exporter status series for the current state', () => {
    const frames = [...location('Ivy', { task_on_time: 0.95 }), status('task_on_time', 'Ivy', '7d', [[AT, 2]])];
    expect(build(frames).locations[0]?.cells[0]?.rag).toBe('red');
  });

  it('without thresholds the state is unknown and the panel says why', () => {
    const model = build([ratio('task_on_time', 'Ivy', '7d', [[AT, 0.95]])]);
    expect(model.locations[0]?.cells[0]?.rag).toBe('unknown');
    expect(model.notices.join(' ')).toContain('No thresholds: add the query ecm_adoption_indicator_threshold_ratio');
  });
});

describe('suppression', () => {
  it('a suppressed indicator has no value and no state, the location says nothing is published', () => {
    const frames = [suppressed('task_on_time', 'Juniper', '7d', [[AT, 1]])];
    const model = build(frames);
    expect(model.locations[0]?.cells[0]).toMatchObject({ state: 'suppressed', value: null, rag: 'unknown' });
    expect(model.locations[0]?.headline.text).toBe(
      'Nothing published: 1 of 1 indicators have too few people to publish'
    );
  });

  it('a later suppression hides an older ratio sample', () => {
    const frames = [
      ratio('task_on_time', 'Juniper', '7d', [['2026-11-10T10:00:00Z', 0.9]]),
      suppressed('task_on_time', 'Juniper', '7d', [
        ['2026-11-10T10:00:00Z', 0],
        [AT, 1],
      ]),
    ];
    expect(build(frames).locations[0]?.cells[0]?.state).toBe('suppressed');
  });
});

describe('grouping and order', () => {
  it('orders locations worst first and cells in the chosen indicator order', () => {
    const frames = [
      ...location('All good', { login_coverage: 0.95, task_on_time: 0.95 }),
      ...location('Amber home', { login_coverage: 0.85, task_on_time: 0.95 }),
      ...location('Red home', { login_coverage: 0.95, task_on_time: 0.5 }),
    ];
    const model = build(frames, { indicators: ['task_on_time', 'login_coverage'] });
    expect(model.locations.map((l) => l.location)).toEqual(['Red home', 'Amber home', 'All good']);
    expect(model.locations[0]?.cells.map((c) => c.indicator)).toEqual(['task_on_time', 'login_coverage']);
    expect(model.locations[1]?.worstFirst.map((c) => c.indicator)).toEqual(['login_coverage', 'task_on_time']);
  });

  it('titles indicators as the exporter does before any info series arrives', () => {
    // The exporter's titles (its landing page and ecm_adoption_indicator_info{title}); the panel
    // once had its own wording for four of them ("Tasks recorded", "Notes on time"...).
    const frames = location('Rosewood', {
      task_completion: 0.95,
      note_timeliness: 0.95,
      shift_activity_match: 0.95,
      note_duplication: 0.05,
    });
    expect(build(frames).indicators.map((i) => [i.name, i.title])).toEqual([
      ['task_completion', 'Task completion'],
      ['note_timeliness', 'Timely notes'],
      ['shift_activity_match', 'Activity matches rota'],
      ['note_duplication', 'Copied note wording'],
    ]);
  });

  it('filters locations and says so when the filter matches nothing', () => {
    const frames = [...location('A', { login_coverage: 0.95 }), ...location('B', { login_coverage: 0.95 })];
    expect(build(frames, { locations: ['B'] }).locations.map((l) => l.location)).toEqual(['B']);
    expect(build(frames, { locations: ['Z'] }).blocking).toBe(
      'No location in the data matches the location filter (Z). Locations returned: A, B.'
    );
  });

  it('reads the wide and the long (table) frame shapes like the multi-frame one', () => {
    const t = Date.parse(AT);
    const wide = createDataFrame({
      refId: 'ratio',
      fields: [
        { name: 'Time', type: FieldType.time, values: [t] },
        {
          name: 'a',
          type: FieldType.number,
          values: [0.96],
          labels: { indicator: 'login_coverage', location: 'W', window: '7d' },
        },
        {
          name: 'b',
          type: FieldType.number,
          values: [0.71],
          labels: { indicator: 'task_on_time', location: 'W', window: '7d' },
        },
      ],
    });
    const long = createDataFrame({
      refId: 'A',
      fields: [
        { name: 'Time', type: FieldType.time, values: [t, t, t, t] },
        {
          name: 'indicator',
          type: FieldType.string,
          values: ['login_coverage', 'login_coverage', 'task_on_time', 'task_on_time'],
        },
        { name: 'location', type: FieldType.string, values: ['W', 'W', 'W', 'W'] },
        { name: 'level', type: FieldType.string, values: ['target', 'critical', 'target', 'critical'] },
        { name: 'Value #threshold', type: FieldType.number, values: [0.9, 0.75, 0.9, 0.75] },
      ],
    });
    const model = build([wide, long]);
    expect(model.locations[0]?.cells.map((c) => [c.indicator, c.value, c.rag])).toEqual([
      ['login_coverage', 0.96, 'green'],
      ['task_on_time', 0.71, 'red'],
    ]);
    expect(model.locations[0]?.headline.kind).toBe('usage_trap');
  });
});

describe('missing data', () => {
  it('no series at all: says what the panel needs', () => {
    expect(build([]).blocking).toBe(
      'No data: the queries returned no series. This panel needs the series ecm_adoption_indicator_ratio (query `ecm_adoption_indicator_ratio`, refId "ratio").'
    );
  });

  it('only phase series: names what came back', () => {
    const blocking = build([phase('A', 'weekly', [[AT, 1]])]).blocking;
    expect(blocking).toContain('The queries returned only: ecm_adoption_governance_phase.');
  });

  it('series without __name__ or refId are reported as unrecognised', () => {
    const frame = promFrame('x', { foo: 'bar' }, [[AT, 1]], { keepName: false });
    expect(build([frame]).blocking).toContain('1 series were not recognised');
  });
});

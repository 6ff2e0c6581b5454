/** Shared by the runtime and app tests: a settable clock, promtool, a listening app, test units. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { pino } from 'pino';
import type { Queryable } from '../../src/db/types.ts';
import type { LocationInfo, MetricFamily, QueryUnit, UnitOutcome } from '../../src/engine/types.ts';
import type { Clock, Timers } from '../../src/runtime/clock.ts';
import type { MetricDefinition, MetricType } from '../../src/shared/metrics.ts';
import type { DomainName, LanePipeline, RefreshPipeline, UnitPlan } from '../../src/runtime/pipeline.ts';

export interface SettableClock extends Clock {
  set(date: Date): void;
  advanceSeconds(seconds: number): void;
}

/** Wall time only moves when the test says so; durations tick 5 ms per reading. */
export function settableClock(start: Date): SettableClock {
  let now = start.getTime();
  let monotonic = 0;
  return {
    now: () => new Date(now),
    monotonicMs: () => (monotonic += 5),
    set: (date) => {
      now = date.getTime();
    },
    advanceSeconds: (seconds) => {
      now += seconds * 1000;
    },
  };
}

export const silentLogger = () => pino({ level: 'silent' });

export interface Gate {
  promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Runs promtool check metrics on text; a missing promtool fails loudly (CI installs Debian `prometheus`). */
export function promtoolCheckMetrics(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => reject(new Error(`promtool is required for this test (apt-get install prometheus): ${error.message}`)));
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

/** promtool check metrics findings: every line it prints is one (a clean exposition prints nothing). */
export async function promtoolFindings(text: string): Promise<string[]> {
  const { output } = await promtoolCheckMetrics(text);
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function parseMetrics(text: string): ParsedFamily[] {
  return parsePrometheusTextFormat(text);
}

/** A sample value as Prometheus reads it (JavaScript's Number() does not know +Inf). */
function promValue(text: string | undefined): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** Samples of one family as labels and value. */
export function samplesOf(families: ParsedFamily[], name: string): Array<{ labels: Record<string, string>; value: number }> {
  const family = families.find((f) => f.name === name);
  return (family?.metrics ?? []).map((m) => ({ labels: m.labels ?? {}, value: promValue(m.value) }));
}

export async function listenOnLoopback(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** A locations unit reading ecm.locations, as the domain's does (minus validation). */
export const locationsUnit: QueryUnit<null, LocationInfo[]> = {
  name: 'locations',
  async run(tx: Queryable) {
    const { rows } = await tx.query<{ location_id: string; name: string }>('SELECT location_id, name FROM ecm.locations ORDER BY location_id');
    return rows.map((r) => ({ locationId: r.location_id, name: r.name, serviceType: 'residential', goLiveDate: '2026-01-01', timezone: 'Europe/London' }));
  },
};

/** Test units as the runtime plans them: `governance_*` units read the governance source, the rest the ECM database. */
function plans(units: Array<QueryUnit<null, number>>, domain: DomainName): Array<UnitPlan<null>> {
  return units.map((unit) =>
    unit.name.startsWith('governance_')
      ? { unit, domain: 'governance', source: 'governance', perLocation: false }
      : { unit, domain, source: 'ecm', perLocation: true },
  );
}

/**
 * A family only tests publish (the catalogue lists what the product publishes): the runtime
 * renders it like any other, against this definition.
 */
export function testMetric(name: string, labels: readonly string[] = [], type: MetricType = 'gauge'): MetricDefinition {
  return {
    name,
    type,
    help: `Test family ${name}.`,
    labels: labels.map((label) => ({ name: label, help: `Test label ${label}.` })),
    unit: '',
    stability: 'experimental',
    group: 'health',
    publishedBy: 'exporter',
  };
}

export const TEST_UNIT_VALUE = testMetric('ecm_adoption_test_unit_value', ['unit']);
export const TEST_SAFETY_VALUE = testMetric('ecm_adoption_test_safety_value', ['unit']);

/** One lane of test units, publishing each unit's number as `family`{unit}; failed units are left out, as the domain does. */
function numberLane(
  locations: QueryUnit<null, LocationInfo[]>,
  units: Array<QueryUnit<null, number>>,
  domain: DomainName,
  definition: MetricDefinition,
): LanePipeline<null> {
  return {
    settings: null,
    locations: { unit: locations, domain },
    locationsFrom: (outcome): LocationInfo[] => (outcome.ok && Array.isArray(outcome.value) ? (outcome.value as LocationInfo[]) : []),
    units: plans(units, domain),
    assemble(outcomes: ReadonlyMap<string, UnitOutcome<unknown>>) {
      const samples = [...outcomes]
        .filter((entry): entry is [string, { ok: true; value: unknown }] => entry[1].ok && entry[0] !== locations.name)
        .map(([unit, outcome]) => ({ labels: { unit }, value: Number(outcome.value) }));
      const families: MetricFamily[] = [{ definition, samples }];
      return families.filter((candidate) => candidate.samples.length > 0);
    },
  };
}

/**
 * A pipeline of test units: `units` in the history lane (after its own locations
 * read, `history_locations`), `safety` in the safety lane (after `locations`). Each
 * unit returns a number, published as ecm_adoption_test_unit_value{unit} (history) or
 * ecm_adoption_test_safety_value{unit} (safety).
 */
export function numberPipeline(units: Array<QueryUnit<null, number>>, safety: Array<QueryUnit<null, number>> = []): RefreshPipeline<null> {
  return {
    safety: numberLane(locationsUnit, safety, 'safety', TEST_SAFETY_VALUE),
    history: numberLane({ ...locationsUnit, name: 'history_locations' }, units, 'indicators', TEST_UNIT_VALUE),
  };
}

export interface FakeTime {
  /** Wall and monotonic time both move only when the test advances them. */
  clock: Clock;
  timers: Timers;
  /** Timers not yet fired. */
  pending(): number;
  /** Moves time forward, firing each timer due on the way at its own time, and lets the work it started settle. */
  advance(ms: number): Promise<void>;
}

/** Lets promise chains and I/O callbacks started by a timer run. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

export function fakeTime(start: Date): FakeTime {
  let now = 0;
  let sequence = 0;
  const due: Array<{ at: number; order: number; callback: () => void; cancelled: boolean }> = [];
  return {
    clock: { now: () => new Date(start.getTime() + now), monotonicMs: () => now },
    timers: {
      after(ms, callback) {
        const timer = { at: now + Math.max(0, ms), order: sequence++, callback, cancelled: false };
        due.push(timer);
        return { cancel: () => void (timer.cancelled = true) };
      },
    },
    pending: () => due.filter((timer) => !timer.cancelled).length,
    async advance(ms) {
      const target = now + ms;
      await settle(); // work already started may schedule its next timer first
      for (;;) {
        const next = due.filter((timer) => !timer.cancelled && timer.at <= target).sort((a, b) => a.at - b.at || a.order - b.order)[0];
        if (next === undefined) break;
        due.splice(due.indexOf(next), 1);
        now = next.at;
        next.callback();
        await settle();
      }
      now = target;
      await settle();
    },
  };
}

/** Shared by the runtime and app tests: a settable clock, promtool, a listening app, test units. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { pino } from 'pino';
import type { Queryable } from '../../src/db/types.ts';
import type { LocationInfo, MetricFamily, QueryUnit, UnitOutcome } from '../../src/engine/types.ts';
import type { Clock } from '../../src/runtime/clock.ts';
import type { RefreshPipeline } from '../../src/runtime/pipeline.ts';

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

/**
 * The one promtool finding the metric contract accepts: issue 3 fixes the name
 * `ecm_adoption_weeks_on_target`, and promtool 2.42 flags any `_weeks` name. Every
 * other finding fails the tests.
 */
export const CONTRACT_LINT_EXCEPTIONS: readonly string[] = ['ecm_adoption_weeks_on_target use base unit "seconds" instead of "weeks"'];

/** promtool check metrics findings, less the contract's accepted exception. */
export async function promtoolFindings(text: string): Promise<string[]> {
  const { output } = await promtoolCheckMetrics(text);
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !CONTRACT_LINT_EXCEPTIONS.includes(line));
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

/**
 * A pipeline of test units: each unit returns a number, published as
 * test_unit_value{unit} by an assembly that, like the domain's, leaves failed units out.
 */
export function numberPipeline(units: Array<QueryUnit<null, number>>): RefreshPipeline<null> {
  return {
    settings: null,
    locations: locationsUnit,
    locationsFrom: (outcome) => (outcome.ok && Array.isArray(outcome.value) ? outcome.value : []),
    units,
    assemble(outcomes: ReadonlyMap<string, UnitOutcome<unknown>>) {
      const samples = [...outcomes]
        .filter((entry): entry is [string, { ok: true; value: unknown }] => entry[1].ok && entry[0] !== 'locations')
        .map(([unit, outcome]) => ({ labels: { unit }, value: Number(outcome.value) }));
      const families: MetricFamily[] = [{ name: 'ecm_adoption_test_unit_value', help: 'Value of a test unit.', type: 'gauge', samples }];
      return families;
    },
  };
}

/**
 * Turns snapshot families into an exposition through prom-client: one prom-client metric per
 * catalogue family, created once and registered on a registry passed in (never the global one),
 * whose collect() resets it and fills it from the families being rendered. Nothing persists
 * from one render to the next, so a location that vanished from the ECM database vanishes from
 * /metrics (a labelled prom-client gauge keeps its label sets until reset()), and a family
 * without samples in this snapshot is not registered for the render at all (no HELP/TYPE).
 *
 * The families are checked first (validateFamilies): a family whose samples do not match its
 * catalogue entry would make prom-client throw, and since registry.metrics() awaits every
 * collector together one bad family would fail the whole scrape; the refresh drops it instead
 * and reports it in the self-metrics.
 */
import { Counter, Gauge, Registry, Summary, type OpenMetricsContentType, type PrometheusContentType } from 'prom-client';
import { createSlicer, runAtOnce, runInSlices, type Slicer, type Steps } from '../engine/slices.ts';
import type { MetricFamily, Sample } from '../engine/types.ts';
import { labelNames, type MetricDefinition } from '../shared/metrics.ts';

export type ExpositionFormat = 'text' | 'openmetrics';
export const CONTENT_TYPES: Readonly<Record<ExpositionFormat, string>> = Object.freeze({
  text: Registry.PROMETHEUS_CONTENT_TYPE,
  openmetrics: Registry.OPENMETRICS_CONTENT_TYPE,
});
/** The Prometheus text format 0.0.4 content type (what a scrape gets unless it asks for OpenMetrics). */
export const CONTENT_TYPE = CONTENT_TYPES.text;

/** A registry of one format: prom-client renders counters and the end of file differently in each. */
export type FormatRegistry = Registry<PrometheusContentType> | Registry<OpenMetricsContentType>;

export interface FamilyRenderer {
  /** The families with samples, in their order, in the registry's format. Renders one at a time. */
  render(families: readonly MetricFamily[]): Promise<string>;
}

type SnapshotMetric = Gauge | Counter | Summary;

/** A new registry of the format (prom-client's typings take the content type through setContentType). */
export function formatRegistry(format: ExpositionFormat): FormatRegistry {
  if (format === 'text') return new Registry();
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}

/** Labels in the catalogue's order, so the exposition prints them in the same order every time. */
function ordered(names: readonly string[], labels: Readonly<Record<string, string>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined) result[name] = value;
  }
  return result;
}

/**
 * Precomputed quantiles (the database computes them): prom-client's Summary computes its own
 * from observations, so this one reports the snapshot's quantile samples as they are, typed
 * `summary` without _sum and _count, which is what Prometheus documents for such data.
 */
class QuantileSummary extends Summary {
  constructor(
    private readonly definition: MetricDefinition,
    private readonly current: () => readonly Sample[],
  ) {
    super({ name: definition.name, help: definition.help, labelNames: labelNames(definition).filter((name) => name !== 'quantile'), registers: [] });
  }

  override async get() {
    const base = await super.get();
    const names = labelNames(this.definition);
    return { ...base, values: this.current().map((sample) => ({ labels: ordered(names, sample.labels), value: sample.value })) };
  }
}

function snapshotMetric(definition: MetricDefinition, current: () => readonly Sample[]): SnapshotMetric {
  const names = labelNames(definition);
  const config = { name: definition.name, help: definition.help, labelNames: names, registers: [] };
  switch (definition.type) {
    case 'gauge':
      return new Gauge({
        ...config,
        collect() {
          this.reset();
          for (const sample of current()) this.set(ordered(names, sample.labels), sample.value);
        },
      });
    case 'counter':
      return new Counter({
        ...config,
        collect() {
          this.reset();
          for (const sample of current()) this.inc(ordered(names, sample.labels), sample.value);
        },
      });
    case 'summary':
      return new QuantileSummary(definition, current);
  }
}

/** Samples rendered between two turns of the event loop, at most (a family can have thousands). */
const SAMPLES_PER_RENDER = 1000;

/**
 * `registry` is the renderer's own: every render replaces what is registered on it.
 *
 * A snapshot can hold tens of thousands of samples: rendered in one go they would hold the
 * event loop, and every scrape, for a long while. So a render goes a family (or
 * SAMPLES_PER_RENDER samples of one) at a time, giving the loop a turn between (see
 * engine/slices.ts), and pieces are joined exactly as prom-client joins families. A family's
 * text is kept for as long as the family itself: the families of a lane that did not run
 * again (the history lane's, when the safety lane publishes) are not rendered again.
 */
export function createFamilyRenderer(registry: FormatRegistry): FamilyRenderer {
  const metrics = new Map<MetricDefinition, SnapshotMetric>();
  const rendered = new WeakMap<MetricFamily, string>();
  const openMetrics = registry.contentType === Registry.OPENMETRICS_CONTENT_TYPE;
  let current = new Map<MetricDefinition, readonly Sample[]>();
  let queue: Promise<unknown> = Promise.resolve();
  const metricOf = (definition: MetricDefinition): SnapshotMetric => {
    let found = metrics.get(definition);
    if (found === undefined) {
      found = snapshotMetric(definition, () => current.get(definition) ?? []);
      metrics.set(definition, found);
    }
    return found;
  };
  /** One family's lines (some of its samples), without the registry's end. */
  const renderPiece = async (definition: MetricDefinition, samples: readonly Sample[]): Promise<string> => {
    // The registry is the renderer's alone; clearing it (rather than removing by name) also
    // copes with prom-client's OpenMetrics render, which renames a counter in place (drops _total).
    registry.clear();
    current = new Map([[definition, samples]]);
    registry.registerMetric(metricOf(definition));
    const text = await registry.metrics();
    return text.slice(0, text.length - (openMetrics ? '\n# EOF\n' : '\n').length);
  };
  const renderFamily = async (family: MetricFamily, slicer: Slicer): Promise<string> => {
    const known = rendered.get(family);
    if (known !== undefined) return known;
    const pieces: string[] = [];
    for (let from = 0; from < family.samples.length; from += SAMPLES_PER_RENDER) {
      const piece = await renderPiece(family.definition, family.samples.slice(from, from + SAMPLES_PER_RENDER));
      // Every piece after the first without its # HELP and # TYPE lines.
      pieces.push(from === 0 ? piece : piece.slice(piece.indexOf('\n', piece.indexOf('\n') + 1) + 1));
      await slicer.yield();
    }
    const text = pieces.join('\n');
    rendered.set(family, text);
    return text;
  };
  const renderNow = async (families: readonly MetricFamily[]): Promise<string> => {
    const present = families.filter((candidate) => candidate.samples.length > 0);
    if (present.length === 0) return '';
    const slicer = createSlicer();
    const texts: string[] = [];
    for (const family of present) texts.push(await renderFamily(family, slicer));
    return openMetrics ? `${texts.join('\n')}\n# EOF\n` : `${texts.join('\n\n')}\n`;
  };
  return {
    render(families) {
      // One render at a time: the collectors read `current`, which the next render replaces.
      const done = queue.then(() => renderNow(families));
      queue = done.catch(() => undefined);
      return done;
    },
  };
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A key that is equal for two samples exactly when their label sets are equal. */
function labelKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function sampleProblems(definition: MetricDefinition, declared: ReadonlySet<string>, sample: Sample): string[] {
  const problems: string[] = [];
  const { name } = definition;
  for (const label of Object.keys(sample.labels)) {
    if (!declared.has(label)) problems.push(`${name}: label "${label}" is not in its catalogue entry`);
  }
  for (const label of definition.labels) {
    const value = sample.labels[label.name];
    if (value === undefined) problems.push(`${name}: label "${label.name}" missing`);
    else if (label.values !== undefined && !label.values.includes(value))
      problems.push(`${name}: ${label.name}="${value}" is not one of ${label.values.join(', ')}`);
  }
  if (typeof sample.value !== 'number') problems.push(`${name}: value ${String(sample.value)} is not a number`);
  return problems;
}

/**
 * Finds what would make a scrape invalid or break the catalogue's contract: a bad or repeated
 * name, a counter without _total, labels other than the catalogue's, a value outside an
 * enumerated label's values, a label set repeated within the family.
 */
export function familyProblems(family: MetricFamily, seenNames: ReadonlySet<string>): string[] {
  return runAtOnce(familyProblemSteps(family, seenNames));
}

/** Samples checked between two turns of the event loop, at most (a family can have thousands). */
const SAMPLES_PER_STEP = 500;

function* familyProblemSteps(family: MetricFamily, seenNames: ReadonlySet<string>): Steps<string[]> {
  const { definition } = family;
  const problems: string[] = [];
  if (!METRIC_NAME.test(definition.name)) problems.push(`invalid metric name "${definition.name}"`);
  if (seenNames.has(definition.name)) problems.push(`metric family "${definition.name}" appears twice`);
  if (definition.type === 'counter' && !definition.name.endsWith('_total')) problems.push(`counter "${definition.name}" must end in _total`);
  for (const label of definition.labels) {
    if (!LABEL_NAME.test(label.name) || label.name.startsWith('__')) problems.push(`${definition.name}: invalid label name "${label.name}"`);
  }
  const declared = new Set(labelNames(definition));
  const keys = new Set<string>();
  let checked = 0;
  for (const sample of family.samples) {
    problems.push(...sampleProblems(definition, declared, sample));
    const key = labelKey(sample.labels);
    if (keys.has(key)) problems.push(`${definition.name}: label set ${key} appears twice`);
    keys.add(key);
    if (++checked % SAMPLES_PER_STEP === 0) yield;
  }
  // One problem per kind is enough to act on; a family of thousands of bad samples must not flood the log.
  return [...new Set(problems)];
}

/** Splits families into the valid ones and the problems of the others. */
export function validateFamilies(families: readonly MetricFamily[]): { valid: MetricFamily[]; problems: string[] } {
  return runAtOnce(validationSteps(families));
}

/** The same, giving the event loop turns between families and within large ones (see engine/slices.ts). */
export function validateFamiliesInSlices(families: readonly MetricFamily[], slicer: Slicer): Promise<{ valid: MetricFamily[]; problems: string[] }> {
  return runInSlices(validationSteps(families), slicer);
}

function* validationSteps(families: readonly MetricFamily[]): Steps<{ valid: MetricFamily[]; problems: string[] }> {
  const valid: MetricFamily[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const family of families) {
    const found = yield* familyProblemSteps(family, seen);
    seen.add(family.definition.name);
    if (found.length === 0) valid.push(family);
    else problems.push(...found);
    yield;
  }
  return { valid, problems };
}

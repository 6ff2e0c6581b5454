/**
 * One refresh of one pass, in the caller's READ ONLY transaction, made REPEATABLE
 * READ here so every statement of the refresh (change discovery, reads, checks)
 * sees one snapshot and agrees. Returns the next state and the view of this refresh;
 * the caller keeps the next state only if this resolves (a failure anywhere leaves
 * the previous state as it was).
 */
import type { Queryable } from '../../db/types.ts';
import type { IndicatorSettings } from '../../indicators/settings.ts';
import type { LocationInfo, SkippedRows } from '../types.ts';
import { Interner } from './interner.ts';
import { locationFrame, planLocation, settledWeeks, type LocationFrame, type LocationPlan } from './location-plan.ts';
import type { PassSpec } from './pass-spec.ts';
import { PassDraft, type LocationDraft } from './draft.ts';
import { advance, nextSettledWeek, START_CURSORS } from './reverify.ts';
import { runStatements, type StatementBudget } from './statements.ts';
import type { PassReport, PassState, PassView } from './state.ts';
import { fullRecomputeReason, readServerIdentity, type LocationReason } from './trust.ts';
import { commitLocation, compactIdsSteps, packDraft, reverifyLocationSteps } from './commit.ts';
import { createSlicer, mapInSlices, runInSlices, type Slicer } from '../slices.ts';
import type { RangeSpec, WorkUnit } from './plan.ts';

export interface PassOptions {
  /** Change timestamps this long before the previous refresh are read again (late commits, clock differences). */
  overlapMs: number;
  /** Every bucket of the last 7 days is re-verified this often (the older tiers less often, see reverify.ts). */
  reverifyMs: number;
  /** A longer gap between two successful refreshes starts the pass over. */
  maxGapMs: number;
  budget: StatementBudget;
  monotonicMs(): number;
}

export interface PassInput {
  spec: PassSpec;
  previous: PassState | undefined;
  tx: Queryable;
  now: Date;
  settings: IndicatorSettings;
  locations: readonly LocationInfo[];
  options: PassOptions;
  /** Re-verify every held bucket and settled week in this refresh. */
  reverifyAll?: boolean;
}

export const REPEATABLE_READ = 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ';
/**
 * JIT compiling pays off for one long analytic query; a pass runs many statements of
 * about a second, and compiling each one's expressions cost more than it saved.
 */
export const NO_JIT = 'SET LOCAL jit = off';
/**
 * A statement groups some 50 000 rows at most (its budget, see statements.ts), which
 * the 4 MB default spilled to disk in several batches; 16 MB holds them. Bounded: a
 * few grouping nodes per statement, one statement per connection at a time.
 */
export const PASS_WORK_MEM = "SET LOCAL work_mem = '16MB'";

async function discoverChanges(input: PassInput, frames: readonly LocationFrame[], sinceMs: number): Promise<Map<string, Set<number>>> {
  const changed = new Map<string, Set<number>>();
  const sql = input.spec.changesSql;
  if (!sql || frames.length === 0) return changed;
  const sizes = new Map(frames.map((frame) => [frame.info.locationId, frame.grid.sizeMs]));
  const { rows } = await input.tx.query(sql, [
    frames.map((frame) => frame.info.locationId),
    frames.map((frame) => frame.grid.sizeMs / 1000),
    new Date(sinceMs).toISOString(),
  ]);
  for (const row of rows) {
    const location = String(row.location_id);
    const sizeMs = sizes.get(location);
    if (sizeMs === undefined) continue;
    let buckets = changed.get(location);
    if (!buckets) changed.set(location, (buckets = new Set()));
    buckets.add((Number(row.bucket) * 1000) / sizeMs);
  }
  return changed;
}

async function readNullRows(input: PassInput): Promise<SkippedRows[]> {
  if (input.locations.length === 0) return [];
  const { rows } = await input.tx.query(input.spec.nullsSql, [input.locations.map((location) => location.locationId)]);
  return rows.map((row) => ({ table: String(row.table), reason: String(row.reason), count: Number(row.rows) }));
}

function countReasons(plans: readonly LocationPlan[], removed: number): Array<{ reason: LocationReason; count: number }> {
  const counts = new Map<LocationReason, number>();
  for (const plan of plans) if (plan.reason) counts.set(plan.reason, (counts.get(plan.reason) ?? 0) + 1);
  if (removed > 0) counts.set('location_removed', removed);
  return [...counts].map(([reason, count]) => ({ reason, count }));
}

export async function refreshPass(input: PassInput): Promise<{ state: PassState; view: PassView }> {
  const { spec, previous, tx, now, settings, options } = input;
  await tx.query(REPEATABLE_READ);
  await tx.query(NO_JIT);
  await tx.query(PASS_WORK_MEM);
  const server = await readServerIdentity(tx);
  const nowMs = now.getTime();
  const settingsKey = spec.settingsKey(settings);
  const reason = fullRecomputeReason({ previous, nowMs, settingsKey, server, maxGapMs: options.maxGapMs });
  const base = reason ? undefined : previous;
  const interner = base?.interner ?? new Interner();
  // Every step below is per location or per store, and rows are applied as each chunk of
  // them arrives: the event loop that answers /metrics gets a turn between them (see ../slices.ts).
  const slicer = createSlicer();
  const frames = await mapInSlices(input.locations, slicer, (location) => locationFrame(location, nowMs));
  const previousMs = base?.nowMs ?? nowMs;
  const kept = frames.filter((frame) => base?.locations.has(frame.info.locationId));
  const changed = base ? await discoverChanges(input, kept, previousMs - options.overlapMs) : new Map<string, Set<number>>();
  const cursors = base?.cursors ?? START_CURSORS;
  const slices = advance({ cursors, elapsedMs: nowMs - previousMs, reverifyMs: options.reverifyMs });
  const order = frames.map((frame) => frame.info.locationId);
  const settledWeek = base ? nextSettledWeek(settledWeeks(kept), cursors.settled, order) : undefined;
  const plans = await mapInSlices(frames, slicer, (frame) =>
    planLocation({
      spec,
      frame,
      held: base?.locations.get(frame.info.locationId),
      full: base === undefined,
      nowMs,
      previousMs,
      overlapMs: options.overlapMs,
      maturityReachMs: spec.maturityReachMs(settings),
      changed: changed.get(frame.info.locationId) ?? new Set(),
      recentSlice: slices.recent,
      olderSlice: slices.older,
      settledWeek,
      reverifyAll: input.reverifyAll === true,
    }),
  );
  const draft = new PassDraft(spec, interner);
  const draftOf = new Map(plans.map((plan) => [plan.info.locationId, draft.location(plan.info.locationId, plan.grid.sizeMs, plan.span.coveredTo)]));
  const settle = settleWhenRead(plans, draft, draftOf, slicer);
  const run = (units: WorkUnit[]): Promise<number> =>
    runStatements({
      tx,
      spec,
      units,
      now,
      settings,
      budget: options.budget,
      monotonicMs: () => options.monotonicMs(),
      open: (ranges, weeks) =>
        draft.sink(
          ranges,
          weeks,
          ranges.map((range) => locationDraft(draftOf, range.location)),
        ),
      onStatement: async ({ ranges }) => {
        await settle(ranges);
      },
    });
  let statements = await run(plans.flatMap((plan) => plan.units));
  const report: PassReport = {
    mode: base ? 'incremental' : 'full',
    reason,
    locations: countReasons(plans, base ? [...base.locations.keys()].filter((id) => !order.includes(id)).length : 0),
    statements,
    bucketsRead: 0,
    bucketsReverified: 0,
    differences: 0,
    weekDifferences: 0,
  };
  const packed = new Map(
    await mapInSlices(plans, slicer, (plan) => [plan.info.locationId, packDraft(spec, draft, locationDraft(draftOf, plan.info.locationId))] as const),
  );
  const followUps: WorkUnit[] = [];
  for (const plan of plans) {
    const id = plan.info.locationId;
    const held = packed.get(id) ?? new Map<string, Map<number, ArrayLike<number>>>();
    followUps.push(...(await runInSlices(reverifyLocationSteps(spec, plan, draft, locationDraft(draftOf, id), held, report), slicer)));
  }
  if (followUps.length > 0) {
    statements += await run(followUps);
    for (const unit of followUps) for (const range of unit.ranges) packed.set(range.location, packDraft(spec, draft, locationDraft(draftOf, range.location)));
  }
  report.statements = statements;
  const nullRows = await readNullRows(input);
  const committed = await mapInSlices(plans, slicer, (plan) => {
    const id = plan.info.locationId;
    return commitLocation(spec, plan, draft, locationDraft(draftOf, id), packed.get(id) ?? new Map<string, Map<number, ArrayLike<number>>>(), report);
  });
  const compacted = await runInSlices(
    compactIdsSteps(
      spec,
      interner,
      committed.map((result) => result.state),
    ),
    slicer,
  );
  const state: PassState = {
    nowMs,
    settingsKey,
    server,
    locations: new Map(compacted.states.map((located) => [located.info.locationId, located])),
    cursors: { ...slices.next, settled: settledWeek ? { location: settledWeek.location, weekStartMs: settledWeek.startMs } : cursors.settled },
    interner: compacted.interner,
  };
  return {
    state,
    view: { pass: spec.name, nowMs, locations: new Map(committed.map((result) => [result.state.info.locationId, result.view])), nullRows, report },
  };
}

/**
 * Settles each location computed in full once its last range has been read (see
 * PassDraft.settle); its units are whole ranges, so counting ranges is enough.
 */
function settleWhenRead(
  plans: readonly LocationPlan[],
  draft: PassDraft,
  drafts: ReadonlyMap<string, LocationDraft>,
  slicer: Slicer,
): (ranges: readonly RangeSpec[]) => Promise<void> {
  const pending = new Map<string, number>();
  for (const plan of plans)
    if (!plan.held)
      pending.set(
        plan.info.locationId,
        plan.units.reduce((sum, unit) => sum + unit.ranges.length, 0),
      );
  return async (ranges) => {
    for (const range of ranges) {
      const left = pending.get(range.location);
      if (left === undefined) continue;
      if (left > 1) pending.set(range.location, left - 1);
      else {
        pending.delete(range.location);
        await runInSlices(draft.settleSteps(locationDraft(drafts, range.location)), slicer);
      }
    }
  };
}

function locationDraft(drafts: ReadonlyMap<string, LocationDraft>, location: string): LocationDraft {
  const found = drafts.get(location);
  if (!found) throw new Error(`range of unknown location ${location}`);
  return found;
}

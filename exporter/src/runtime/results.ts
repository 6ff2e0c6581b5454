/**
 * What refreshes produce: one immutable result per lane run, and the snapshot that
 * /metrics serves, which combines the latest result of each lane with the health
 * derived from them (per-source up, per-domain data time).
 */
import type { MetricFamily } from '../engine/types.ts';
import type { DomainName, LaneName, SourceName } from './pipeline.ts';

export interface UnitReport {
  name: string;
  ok: boolean;
  durationSeconds: number;
  error?: string;
  /** Absent for a lane's assembly, which reads no database. */
  domain?: DomainName;
  source?: SourceName;
}

export interface LaneResult {
  lane: LaneName;
  /** The fixed reference time every unit of this run computed for. */
  takenAt: Date;
  durationSeconds: number;
  /** True when every unit ran and succeeded, the locations read and the assembly included. */
  ok: boolean;
  families: readonly MetricFamily[];
  /** Locations first, then the units that ran (or were due to), then the assembly. */
  units: readonly UnitReport[];
  /** The domains of which every unit (and the assembly) succeeded in this run. */
  domainsRead: readonly DomainName[];
  /** False when the lane could not read its locations (ECM database down, most likely). */
  locationsRead: boolean;
  deadlineExceeded: boolean;
}

export interface RefreshLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface Health {
  /** Per source: every query on it answered in the latest run of each lane that has run. */
  sourceUp: Readonly<Record<SourceName, boolean>>;
  /** Per domain: `now` of the latest run that read all of it; undefined until one did. */
  dataTimestamp: Readonly<Record<DomainName, Date | undefined>>;
  refreshesTotal: Readonly<Record<LaneName, number>>;
  deadlineExceededTotal: Readonly<Record<LaneName, number>>;
  /** Cumulative errors per query label, every known query present from the start. */
  queryErrorsTotal: ReadonlyMap<string, number>;
  /**
   * When every lane's latest run had succeeded: the `now` of the oldest of those runs
   * (all data served was fully read since then). Undefined until then.
   */
  lastSuccessAt: Date | undefined;
}

export interface Snapshot {
  /** The latest result of each lane (absent until the lane has run once). */
  lanes: Readonly<Partial<Record<LaneName, LaneResult>>>;
  /** `now` of the most recent lane run; undefined before any. */
  takenAt: Date | undefined;
  /** True when every lane has run and every query of each lane's latest run succeeded. */
  ok: boolean;
  /** The families of every lane's latest result, safety first. */
  families: readonly MetricFamily[];
  /** The query reports of every lane's latest result, safety first. */
  units: readonly UnitReport[];
  health: Health;
}

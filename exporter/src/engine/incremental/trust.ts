/**
 * When the held partials cannot be trusted and a pass starts over from the
 * database, and why (each reason is logged and counted):
 *
 * - start: nothing held yet (first refresh after the exporter started);
 * - settings_changed: a setting the pass judges with (tolerances, targets, late threshold);
 * - clock_back: `now` earlier than the previous refresh's (system time set back);
 * - long_gap: no successful refresh for longer than the 28-day span;
 * - database_restarted: the server's start time changed (a restart, a failover, or a
 *   restore, which always restarts it);
 * - database_restored: the server's transaction counter went backwards (a restore
 *   from an older backup into a server that kept running is impossible, but a
 *   counter behind the one seen is the cheap proof that the data went back in time).
 *
 * Per location: location_added (computed in full), location_changed (go-live date,
 * timezone or bucket size: computed in full), location_removed (its partials dropped).
 */
import type { Queryable } from '../../db/types.ts';

export const SERVER_IDENTITY_SQL = `SELECT pg_postmaster_start_time()::text AS started, pg_snapshot_xmax(pg_current_snapshot())::text AS xmax`;

export interface ServerIdentity {
  startedAt: string;
  /** Next transaction id to be assigned (xid8, 64-bit: it never wraps). */
  xmax: bigint;
}

export type FullReason = 'start' | 'settings_changed' | 'clock_back' | 'long_gap' | 'database_restarted' | 'database_restored';
export type LocationReason = 'location_added' | 'location_changed' | 'location_removed';

export async function readServerIdentity(tx: Queryable): Promise<ServerIdentity> {
  const { rows } = await tx.query(SERVER_IDENTITY_SQL);
  const row = rows[0];
  const startedAt = row?.started;
  const xmax = row?.xmax;
  if (typeof startedAt !== 'string' || typeof xmax !== 'string' || !/^\d+$/.test(xmax)) throw new Error('server identity: unexpected answer');
  return { startedAt, xmax: BigInt(xmax) };
}

export interface TrustInput {
  previous: { nowMs: number; settingsKey: string; server: ServerIdentity } | undefined;
  nowMs: number;
  settingsKey: string;
  server: ServerIdentity;
  /** Longest gap between two refreshes that is still caught up incrementally. */
  maxGapMs: number;
}

/** Why the pass must be computed in full, or undefined when the held partials can be brought up to date. */
export function fullRecomputeReason({ previous, nowMs, settingsKey, server, maxGapMs }: TrustInput): FullReason | undefined {
  if (!previous) return 'start';
  if (previous.settingsKey !== settingsKey) return 'settings_changed';
  if (nowMs < previous.nowMs) return 'clock_back';
  if (nowMs - previous.nowMs > maxGapMs) return 'long_gap';
  if (previous.server.startedAt !== server.startedAt) return 'database_restarted';
  if (server.xmax < previous.server.xmax) return 'database_restored';
  return undefined;
}

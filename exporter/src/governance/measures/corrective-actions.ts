import type { Queryable } from '../../db/types.ts';
import { family, type MetricFamily, type Sample } from '../../engine/types.ts';
import { ACTION_KINDS } from '../import/logs.ts';
import { governanceUnit, key, locationLabel, locationsToPublish, type GovernanceContext } from '../measure.ts';
import { CORRECTIVE_ACTIONS_OPEN, CORRECTIVE_ACTIONS_OVERDUE } from '../../shared/metrics.ts';

/**
 * Corrective actions, live: open (no completed_at) and, of those, overdue
 * (due_at before now), by kind. Organisation-wide actions are published as
 * location="organisation". Not suppressed: they are the organisation's work.
 */
export const ACTIONS_OPEN_SQL = `
  SELECT location_id, kind,
         count(*)::int AS open,
         count(*) FILTER (WHERE due_at < $1::timestamptz)::int AS overdue
  FROM adoption.corrective_actions
  WHERE completed_at IS NULL
  GROUP BY 1, 2`;

type ActionRow = {
  location_id: string | null;
  kind: string;
  open: number;
  overdue: number;
};

async function read(tx: Queryable, now: Date): Promise<ActionRow[]> {
  return (await tx.query<ActionRow>(ACTIONS_OPEN_SQL, [now.toISOString()])).rows;
}

function assemble(rows: ActionRow[], context: GovernanceContext): MetricFamily[] {
  const byKey = new Map(rows.map((row) => [key(locationLabel(row.location_id), row.kind), row]));
  const open: Sample[] = [];
  const overdue: Sample[] = [];
  for (const location of locationsToPublish(
    context,
    rows.map((row) => locationLabel(row.location_id)),
    true,
  )) {
    for (const kind of ACTION_KINDS) {
      const row = byKey.get(key(location, kind));
      open.push({ labels: { kind, location }, value: row?.open ?? 0 });
      overdue.push({ labels: { kind, location }, value: row?.overdue ?? 0 });
    }
  }
  return [family(CORRECTIVE_ACTIONS_OPEN, open), family(CORRECTIVE_ACTIONS_OVERDUE, overdue)];
}

export const correctiveActionsUnit = governanceUnit({ measure: 'corrective_actions', read, assemble });

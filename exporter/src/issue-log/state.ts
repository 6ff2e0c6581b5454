/**
 * What one alert notification does to its issue (pure). Alertmanager repeats firing
 * notifications, retries failed deliveries and may deliver them late, so the state
 * only moves forward and is decided by the alert's own times, never by arrival order:
 *
 * - an older occurrence (startsAt before the one recorded) changes nothing but an
 *   earlier first-seen time;
 * - a newer occurrence (the alert fired again after resolving) reopens the issue, or
 *   records it resolved if only its resolution was delivered;
 * - within one occurrence, "resolved" resolves an open issue once; "firing" after that
 *   (a late replay) changes nothing; a status a person set (in_progress, closed) is kept.
 */
export type IssueStatus = 'open' | 'in_progress' | 'resolved' | 'closed';

export interface AlertEvent {
  status: 'firing' | 'resolved';
  startsAt: Date;
  /** Only for resolved alerts. */
  endsAt: Date | null;
  /** When the notification arrived. */
  receivedAt: Date;
}

export interface IssueState {
  status: IssueStatus;
  resolvedAt: Date | null;
  /** First seen: the earliest startsAt. */
  raisedAt: Date;
  alertStartedAt: Date;
  lastSeenAt: Date;
}

const later = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);
const earlier = (a: Date, b: Date): Date => (a.getTime() <= b.getTime() ? a : b);
const active = (status: IssueStatus): boolean => status === 'open' || status === 'in_progress';

/** The end time of a resolved alert, never before it started (the store checks resolved_at >= raised_at). */
const endOf = (event: AlertEvent): Date => later(event.endsAt ?? event.receivedAt, event.startsAt);

export function initialState(event: AlertEvent): IssueState {
  const resolved = event.status === 'resolved';
  return {
    status: resolved ? 'resolved' : 'open',
    resolvedAt: resolved ? endOf(event) : null,
    raisedAt: event.startsAt,
    alertStartedAt: event.startsAt,
    lastSeenAt: resolved ? endOf(event) : event.receivedAt,
  };
}

/** The state after the event; identical to `stored` (same values) when the event changes nothing. */
export function nextState(stored: IssueState, event: AlertEvent): IssueState {
  const started = event.startsAt.getTime();
  const current = stored.alertStartedAt.getTime();
  if (started < current) return { ...stored, raisedAt: earlier(stored.raisedAt, event.startsAt) };
  if (started > current) {
    const fresh = initialState(event);
    return { ...fresh, raisedAt: stored.raisedAt, lastSeenAt: later(stored.lastSeenAt, fresh.lastSeenAt) };
  }
  if (!active(stored.status)) return stored;
  if (event.status === 'resolved') {
    const end = later(endOf(event), stored.raisedAt);
    return { ...stored, status: 'resolved', resolvedAt: end, lastSeenAt: later(stored.lastSeenAt, end) };
  }
  return { ...stored, lastSeenAt: later(stored.lastSeenAt, event.receivedAt) };
}

export function sameState(a: IssueState, b: IssueState): boolean {
  return (
    a.status === b.status &&
    (a.resolvedAt?.getTime() ?? null) === (b.resolvedAt?.getTime() ?? null) &&
    a.raisedAt.getTime() === b.raisedAt.getTime() &&
    a.alertStartedAt.getTime() === b.alertStartedAt.getTime() &&
    a.lastSeenAt.getTime() === b.lastSeenAt.getTime()
  );
}

import { describe, expect, it } from 'vitest';
import { initialState, nextState, sameState, type AlertEvent, type IssueState } from '../../src/issue-log/state.ts';

const t = (iso: string): Date => new Date(`2026-02-${iso}Z`);
const firing = (startsAt: string, receivedAt: string): AlertEvent => ({ status: 'firing', startsAt: t(startsAt), endsAt: null, receivedAt: t(receivedAt) });
const resolved = (startsAt: string, endsAt: string, receivedAt: string): AlertEvent => ({
  status: 'resolved',
  startsAt: t(startsAt),
  endsAt: t(endsAt),
  receivedAt: t(receivedAt),
});

// Fired 10 Feb 09:00, first notified 10:00.
const OPEN: IssueState = { status: 'open', resolvedAt: null, raisedAt: t('10T09:00'), alertStartedAt: t('10T09:00'), lastSeenAt: t('10T10:00') };

describe('issue state from alert notifications', () => {
  it('a first notification opens the issue, or records it resolved', () => {
    expect(initialState(firing('10T09:00', '10T10:00'))).toEqual(OPEN);
    expect(initialState(resolved('10T09:00', '11T08:00', '11T08:05'))).toEqual({
      ...OPEN,
      status: 'resolved',
      resolvedAt: t('11T08:00'),
      lastSeenAt: t('11T08:00'),
    });
  });

  it('a repeat of the firing notification only moves last seen; a replay of it changes nothing more', () => {
    const repeated = nextState(OPEN, firing('10T09:00', '11T10:00'));
    expect(repeated).toEqual({ ...OPEN, lastSeenAt: t('11T10:00') });
    // The same notification again (Alertmanager retried it): nothing changes.
    expect(sameState(nextState(repeated, firing('10T09:00', '11T10:00')), repeated)).toBe(true);
  });

  it('resolves once; a late firing of the same occurrence does not reopen it', () => {
    const done = nextState(OPEN, resolved('10T09:00', '12T07:00', '12T07:01'));
    expect(done).toEqual({ ...OPEN, status: 'resolved', resolvedAt: t('12T07:00'), lastSeenAt: t('12T07:00') });
    expect(nextState(done, firing('10T09:00', '12T09:00'))).toBe(done);
    expect(nextState(done, resolved('10T09:00', '12T07:00', '12T09:00'))).toBe(done);
  });

  it('keeps the status a person set while the alert is still firing', () => {
    const inProgress = { ...OPEN, status: 'in_progress' as const };
    expect(nextState(inProgress, firing('10T09:00', '11T10:00')).status).toBe('in_progress');
    const closed = { ...OPEN, status: 'closed' as const, resolvedAt: t('11T12:00') };
    expect(nextState(closed, firing('10T09:00', '12T10:00'))).toBe(closed);
    // ...but an in-progress issue is resolved when its alert resolves.
    expect(nextState(inProgress, resolved('10T09:00', '12T07:00', '12T07:01')).status).toBe('resolved');
  });

  it('the alert firing again (a later start) reopens the issue, keeping the first seen time', () => {
    const done = { ...OPEN, status: 'resolved' as const, resolvedAt: t('12T07:00'), lastSeenAt: t('12T07:00') };
    expect(nextState(done, firing('15T09:00', '15T10:00'))).toEqual({
      status: 'open',
      resolvedAt: null,
      raisedAt: t('10T09:00'),
      alertStartedAt: t('15T09:00'),
      lastSeenAt: t('15T10:00'),
    });
    // Only the resolution of the new occurrence was delivered: resolved at its end.
    expect(nextState(OPEN, resolved('15T09:00', '16T09:00', '16T09:01'))).toEqual({
      status: 'resolved',
      resolvedAt: t('16T09:00'),
      raisedAt: t('10T09:00'),
      alertStartedAt: t('15T09:00'),
      lastSeenAt: t('16T09:00'),
    });
  });

  it('a late notification of an older occurrence changes nothing but an earlier first seen', () => {
    const reopened = { ...OPEN, alertStartedAt: t('15T09:00'), lastSeenAt: t('15T10:00') };
    expect(nextState(reopened, resolved('10T09:00', '12T07:00', '15T11:00'))).toEqual(reopened);
    expect(nextState(reopened, firing('08T09:00', '15T11:00'))).toEqual({ ...reopened, raisedAt: t('08T09:00') });
  });
});

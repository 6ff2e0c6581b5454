import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { alertAckOnTime } from '../../src/indicators/alert-ack-on-time.ts';
import { databaseTargets } from '../support/databases.ts';
import { at, countsFor, freshDatabase, insert } from '../support/fixtures.ts';

const NOW = at('2026-03-31T12:00:00Z'); // 7d = [03-24 12:00Z, now), 28d = [03-03 12:00Z, now)

describe.each(databaseTargets())('alert_ack_on_time on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('judges mature alerts against the target of their severity; never acknowledged is late', async () => {
    db = await freshDatabase(target);
    await insert(db, 'locations', [{ location_id: 'other' }]);
    const alert = (severity: string, raised: string, acknowledged: string | null, location = 'home') => ({
      location_id: location,
      severity,
      raised_at: at(raised),
      acknowledged_at: acknowledged ? at(acknowledged) : null,
    });
    // targets: critical 180 s, high 300 s, medium 900 s, low 3600 s
    await insert(db, 'alerts', [
      alert('high', '2026-03-30T10:00:00Z', '2026-03-30T10:04:00Z'), // 1: 240 s <= 300: on time
      alert('high', '2026-03-30T11:00:00Z', '2026-03-30T11:05:00Z'), // 2: exactly 300 s: on time
      alert('high', '2026-03-30T12:00:00Z', '2026-03-30T12:06:00Z'), // 3: 360 s: late
      alert('critical', '2026-03-30T02:00:00Z', null), // 4: never acknowledged, mature: late
      alert('low', '2026-03-31T11:30:00Z', null), // 5: 11:30 + 60 min > now: immature, not judged
      alert('critical', '2026-03-31T11:56:00Z', null), // 6: 11:56 + 3 min = 11:59 < now: mature, late
      alert('medium', '2026-03-29T03:00:00Z', '2026-03-29T03:10:00Z'), // 7: 600 s <= 900: on time
      alert('high', '2026-03-20T10:00:00Z', '2026-03-20T10:01:00Z'), // 8: 28d only, on time
      alert('high', '2026-03-30T10:00:00Z', '2026-03-30T10:01:00Z', 'other'), // 9: other location
    ]);
    // 7d: judged 1,2,3,4,6,7 = 6; on time 1,2,7 = 3. 28d: + 8 -> 4 of 7
    expect(await countsFor(db, alertAckOnTime, NOW)).toEqual({ '7d': [3, 6], '28d': [4, 7] });
  });
});

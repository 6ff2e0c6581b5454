import { dayText, idNumber, isAgency, localTime, recorderSlot, residentialDutyStaff, slotsOf, staffId } from './fragments.ts';

/**
 * Alerts from call bells and assistive technology. Each day a location has
 * alerts_per_day alerts at uniform times, plus (story d) night_falls_extra
 * falls-sensor alerts between 22:00 and 06:00. Acknowledgement targets by
 * severity: critical 3 min, high 5, medium 15, low 60. Takes $1 = plan idx.
 */

/** Twelve draws from four hashes of the alert id, computed once per row (see INSERT_ALERTS). */
const DRAWS = [0, 1, 2, 3].map((h) => `hashtextextended(a.alert_id, p.seed64 + ${30 + h}) AS h${h}`).join(', ');
const uh = (h: number, part: 0 | 1 | 2) => `(((x.h${h} >> ${part * 20}) & 1048575)::float8 / 1048576.0)`;
const U_COLUMNS = [
  ['u_source', uh(0, 0)],
  ['u_severity', uh(0, 1)],
  ['u_minute', uh(0, 2)],
  ['u_resident', uh(1, 0)],
  ['u_second', uh(1, 1)],
  ['u_recorder', uh(1, 2)],
  ['u_on_call', uh(2, 0)],
  ['u_unacked', uh(2, 1)],
  ['u_on_time', uh(2, 2)],
  ['u_delay', uh(3, 0)],
  ['u_reset', uh(3, 1)],
  ['u_resolve', uh(3, 2)],
]
  .map(([name, expr]) => `${expr} AS ${name}`)
  .join(', ');

/** Source by cumulative share: call bells most, then sensors, medication, clinical, system. */
const SOURCE = `CASE WHEN b.extra THEN 'falls_sensor'
  WHEN b.u_source < 0.55 THEN 'call_bell' WHEN b.u_source < 0.65 THEN 'bed_sensor' WHEN b.u_source < 0.75 THEN 'falls_sensor'
  WHEN b.u_source < 0.81 THEN 'door_sensor' WHEN b.u_source < 0.87 THEN 'acoustic' WHEN b.u_source < 0.93 THEN 'medication'
  WHEN b.u_source < 0.97 THEN 'clinical' ELSE 'system' END`;

const SEVERITY = `CASE c.source
  WHEN 'call_bell' THEN CASE WHEN c.u_severity < 0.7 THEN 'medium' ELSE 'low' END
  WHEN 'clinical' THEN CASE WHEN c.u_severity < 0.5 THEN 'critical' ELSE 'high' END
  WHEN 'falls_sensor' THEN 'high' WHEN 'door_sensor' THEN 'high'
  WHEN 'medication' THEN 'low' WHEN 'system' THEN 'low' ELSE 'medium' END`;

const TARGET_SECONDS = `(CASE d.severity WHEN 'critical' THEN 180 WHEN 'high' THEN 300 WHEN 'medium' THEN 900 ELSE 3600 END)`;

/** Minute within the day; minutes >= 1440 are the small hours after midnight. */
const MINUTE = `CASE WHEN b.extra THEN 1320 + floor(b.u_minute * 480)::int ELSE floor(b.u_minute * 1440)::int END`;

/**
 * Who acknowledges: on a residential rota the colleague on duty at that minute
 * (before 07:00 the night shift that began the evening before); in homecare the
 * on-call carer.
 */
const DUTY_DAY = `(CASE WHEN c.minute < 420 THEN c.dn - 1 ELSE c.dn END)`;
const DUTY_KIND = `(CASE WHEN c.minute < 420 OR c.minute >= 1320 THEN 2 WHEN c.minute < 870 THEN 0 ELSE 1 END)`;
const ON_CALL = `(floor(c.u_on_call * p.day_pool)::int)`;
const ACKNOWLEDGER = `CASE WHEN p.homecare THEN (CASE WHEN ${isAgency(ON_CALL)} THEN ${ON_CALL} - 1 ELSE ${ON_CALL} END)
  ELSE ${residentialDutyStaff(DUTY_DAY, DUTY_KIND, recorderSlot('c.u_recorder', slotsOf(DUTY_KIND), DUTY_DAY, DUTY_KIND))} END`;

/** Seconds to acknowledge, or NULL when never acknowledged. */
const ACK_SECONDS = `CASE
  WHEN d.night_fall AND d.u_unacked < p.night_falls_unacked THEN NULL
  WHEN d.u_on_time < p.ack_on_time THEN ${TARGET_SECONDS} * (0.1 + 0.8 * d.u_delay)
  WHEN d.u_delay < 0.3 THEN NULL
  ELSE ${TARGET_SECONDS} * (1.1 + 3 * d.u_delay) END`;

/** Each stage is fenced with OFFSET 0 so its expressions are computed once per row, not inlined per use. */
export const INSERT_ALERTS = `
WITH a AS (
  SELECT dn, k >= p.alerts_per_day AS extra, 'alr-' || p.nn || '-' || ${dayText('dn')} || '-' || lpad(k::text, 4, '0') AS alert_id
  FROM seed_plan p, generate_series(p.start_dnum, p.end_dnum) AS dn, generate_series(0, p.alerts_per_day + p.night_falls_extra - 1) AS k
  WHERE p.idx = $1 OFFSET 0
), b AS (
  SELECT x.dn, x.extra, x.alert_id, ${U_COLUMNS}
  FROM (SELECT a.*, ${DRAWS} FROM seed_plan p, a WHERE p.idx = $1 OFFSET 0) x OFFSET 0
), c AS (
  SELECT b.*, ${SOURCE} AS source, ${MINUTE} AS minute FROM b OFFSET 0
), d AS (
  SELECT c.*, ${SEVERITY} AS severity, ${ACKNOWLEDGER} AS acknowledger,
    ${localTime('c.dn', 'c.minute')} + floor(c.u_second * 60) * interval '1 second' AS raised_at,
    (c.source = 'falls_sensor' AND (c.minute % 1440 >= 1320 OR c.minute % 1440 < 360)) AS night_fall
  FROM seed_plan p, c WHERE p.idx = $1 OFFSET 0
), e AS (
  SELECT d.*, d.raised_at + (${ACK_SECONDS}) * interval '1 second' AS ack_at,
    d.raised_at + (20 + 70 * d.u_reset) * interval '1 minute' AS reset_at
  FROM seed_plan p, d WHERE p.idx = $1 OFFSET 0
), f AS (
  SELECT e.*, e.ack_at + (2 + 18 * e.u_resolve) * interval '1 minute' AS resolve_at FROM e OFFSET 0
)
INSERT INTO ecm.alerts (alert_id, location_id, service_user_id, source, severity, raised_at, acknowledged_at, acknowledged_by, resolved_at)
SELECT f.alert_id, p.location_id,
  CASE WHEN f.source = 'system' THEN NULL ELSE 'su-' || ${idNumber('floor(f.u_resident * p.residents)::int + 1')} END,
  f.source, f.severity, f.raised_at,
  CASE WHEN f.ack_at <= p.now_ts THEN f.ack_at END,
  CASE WHEN f.ack_at <= p.now_ts THEN ${staffId('f.acknowledger')} END,
  CASE
    WHEN f.resolve_at <= p.now_ts THEN f.resolve_at
    WHEN f.ack_at IS NULL AND f.u_reset < 0.5 AND f.reset_at <= p.now_ts THEN f.reset_at
  END
FROM seed_plan p, f WHERE p.idx = $1 AND f.raised_at <= p.now_ts`;

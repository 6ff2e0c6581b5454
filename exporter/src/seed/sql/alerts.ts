import { dayText, idNumber, isAgency, localTime, recorderSlot, residentialDutyStaff, slotsOf, staffId } from './fragments.ts';

/**
 * Alerts from call bells and assistive technology. Each day a location has
 * alerts_per_day alerts at uniform times, plus (story d) night_falls_extra
 * falls-sensor alerts between 22:00 and 06:00. Acknowledgement targets by
 * severity: critical 3 min, high 5, medium 15, low 60. Takes $1 = plan idx.
 */

const hu = (stream: number, part: 0 | 1 | 2) =>
  `(((hashtextextended(alert_id, p.seed64 + ${stream}) >> ${part * 20}) & 1048575)::float8 / 1048576.0)`;

/** Source by cumulative share: call bells most, then sensors, medication, clinical, system. */
const SOURCE = `CASE WHEN a.extra THEN 'falls_sensor' ELSE (CASE
  WHEN ${hu(30, 0)} < 0.55 THEN 'call_bell' WHEN ${hu(30, 0)} < 0.65 THEN 'bed_sensor' WHEN ${hu(30, 0)} < 0.75 THEN 'falls_sensor'
  WHEN ${hu(30, 0)} < 0.81 THEN 'door_sensor' WHEN ${hu(30, 0)} < 0.87 THEN 'acoustic' WHEN ${hu(30, 0)} < 0.93 THEN 'medication'
  WHEN ${hu(30, 0)} < 0.97 THEN 'clinical' ELSE 'system' END) END`;

const SEVERITY = `CASE b.source
  WHEN 'call_bell' THEN CASE WHEN ${hu(30, 1)} < 0.7 THEN 'medium' ELSE 'low' END
  WHEN 'clinical' THEN CASE WHEN ${hu(30, 1)} < 0.5 THEN 'critical' ELSE 'high' END
  WHEN 'falls_sensor' THEN 'high' WHEN 'door_sensor' THEN 'high'
  WHEN 'medication' THEN 'low' WHEN 'system' THEN 'low' ELSE 'medium' END`;

const TARGET_SECONDS = `(CASE c.severity WHEN 'critical' THEN 180 WHEN 'high' THEN 300 WHEN 'medium' THEN 900 ELSE 3600 END)`;

/** Minute within the day, minutes >= 1440 are the small hours after midnight. */
const MINUTE = `CASE WHEN a.extra THEN 1320 + floor(${hu(31, 0)} * 480)::int ELSE floor(${hu(31, 0)} * 1440)::int END`;

/**
 * Who acknowledges: on a residential rota the colleague on duty at that minute
 * (before 07:00 the night shift that began the evening before); in homecare the
 * on-call carer.
 */
const DUTY_DAY = `(CASE WHEN b.minute < 420 THEN b.dn - 1 ELSE b.dn END)`;
const DUTY_KIND = `(CASE WHEN b.minute < 420 OR b.minute >= 1320 THEN 2 WHEN b.minute < 870 THEN 0 ELSE 1 END)`;
const ON_CALL = `(floor(${hu(32, 2)} * p.day_pool)::int)`;
const ACKNOWLEDGER = `CASE WHEN p.homecare THEN (CASE WHEN ${isAgency(ON_CALL)} THEN ${ON_CALL} - 1 ELSE ${ON_CALL} END)
  ELSE ${residentialDutyStaff(DUTY_DAY, DUTY_KIND, recorderSlot(hu(32, 1), slotsOf(DUTY_KIND), DUTY_DAY, DUTY_KIND))} END`;

/** Seconds to acknowledge, or NULL when never acknowledged. */
const ACK_SECONDS = `CASE
  WHEN c.night_fall AND ${hu(33, 0)} < p.night_falls_unacked THEN NULL
  WHEN ${hu(33, 1)} < p.ack_on_time THEN ${TARGET_SECONDS} * (0.1 + 0.8 * ${hu(33, 2)})
  WHEN ${hu(33, 2)} < 0.3 THEN NULL
  ELSE ${TARGET_SECONDS} * (1.1 + 3 * ${hu(33, 2)}) END`;

export const INSERT_ALERTS = `
WITH a AS (
  SELECT dn, k, k >= p.alerts_per_day AS extra,
    'alr-' || p.nn || '-' || ${dayText('dn')} || '-' || lpad(k::text, 4, '0') AS alert_id
  FROM seed_plan p, generate_series(p.start_dnum, p.end_dnum) AS dn, generate_series(0, p.alerts_per_day + p.night_falls_extra - 1) AS k
  WHERE p.idx = $1
), b AS (
  SELECT a.*, ${SOURCE} AS source, ${MINUTE} AS minute, floor(${hu(31, 1)} * p.residents)::int AS resident
  FROM seed_plan p, a WHERE p.idx = $1
), c AS (
  SELECT b.*, ${SEVERITY} AS severity,
    ${localTime('b.dn', 'b.minute')} + floor(${hu(31, 2)} * 60) * interval '1 second' AS raised_at,
    (b.source = 'falls_sensor' AND (b.minute % 1440 >= 1320 OR b.minute % 1440 < 360)) AS night_fall,
    ${ACKNOWLEDGER} AS acknowledger
  FROM seed_plan p, b WHERE p.idx = $1
), d AS (
  SELECT c.*, c.raised_at + (${ACK_SECONDS}) * interval '1 second' AS ack_at,
    c.raised_at + (20 + 70 * ${hu(34, 0)}) * interval '1 minute' AS reset_at, ${hu(34, 1)} AS u_reset, ${hu(34, 2)} AS u_resolve
  FROM seed_plan p, c WHERE p.idx = $1
)
INSERT INTO ecm.alerts (alert_id, location_id, service_user_id, source, severity, raised_at, acknowledged_at, acknowledged_by, resolved_at)
SELECT d.alert_id, p.location_id,
  CASE WHEN d.source = 'system' THEN NULL ELSE 'su-' || ${idNumber('d.resident + 1')} END,
  d.source, d.severity, d.raised_at,
  CASE WHEN d.ack_at <= p.now_ts THEN d.ack_at END,
  CASE WHEN d.ack_at <= p.now_ts THEN ${staffId('d.acknowledger')} END,
  CASE
    WHEN d.ack_at IS NOT NULL AND d.ack_at + (2 + 18 * d.u_resolve) * interval '1 minute' <= p.now_ts THEN d.ack_at + (2 + 18 * d.u_resolve) * interval '1 minute'
    WHEN d.ack_at IS NULL AND d.u_reset < 0.5 AND d.reset_at <= p.now_ts THEN d.reset_at
  END
FROM seed_plan p, d WHERE p.idx = $1 AND d.raised_at <= p.now_ts`;

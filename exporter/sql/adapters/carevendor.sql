-- Worked example adapter: the CareVendor layout (carevendor.vendor-schema.sql)
-- presented as the canonical `ecm` read contract, as views. An IT team writes one
-- file like this for its own ECM database; the exporter then reads `ecm` only.
--
-- What it has to bridge:
--   * other names (care_home, employee, rota_entry, login_audit, ...), integer keys
--     -> the contract's text ids come from the vendor's reference codes;
--   * code values (care_model 'R', job titles, intervention types, device codes,
--     priorities) and a status code table -> the contract's words;
--   * LOCAL clock times without a zone -> timestamptz, using each home's zone
--     (`local AT TIME ZONE tz_name`). Across the spring change this is exact; in
--     the repeated hour of the autumn change a local time is ambiguous and
--     PostgreSQL reads it as the later (winter-time) instant. That is a limit of
--     storing local time, not of the adapter.
-- Unknown codes map to 'other' (or NULL for timestamps never set), so a vendor
-- upgrade that adds a code never hides rows; the exporter skips and counts
-- rows that break the contract.
CREATE SCHEMA IF NOT EXISTS ecm;

CREATE OR REPLACE VIEW ecm.locations AS
SELECT h.home_code AS location_id,
       h.home_name AS name,
       CASE h.care_model WHEN 'R' THEN 'residential' WHEN 'N' THEN 'nursing' WHEN 'H' THEN 'homecare' WHEN 'S' THEN 'supported_living' END AS service_type,
       h.went_live AS go_live_date,
       h.tz_name AS timezone
FROM carevendor.care_home h;

CREATE OR REPLACE VIEW ecm.staff AS
SELECT e.emp_ref AS staff_id,
       h.home_code AS location_id,
       CASE e.job_title
         WHEN 'Carer' THEN 'care_worker' WHEN 'Senior Carer' THEN 'senior_carer' WHEN 'Nurse' THEN 'nurse'
         WHEN 'Team Leader' THEN 'team_leader' WHEN 'Registered Manager' THEN 'manager' ELSE 'other' END AS role,
       e.team_name AS team
FROM carevendor.employee e
JOIN carevendor.care_home h ON h.home_no = e.home_no;

CREATE OR REPLACE VIEW ecm.shifts AS
SELECT r.rota_ref AS shift_id,
       h.home_code AS location_id,
       e.emp_ref AS staff_id,
       CASE r.entry_type WHEN 'V' THEN 'visit' ELSE 'shift' END AS kind,
       su.su_ref AS service_user_id,
       r.start_local AT TIME ZONE h.tz_name AS starts_at,
       r.end_local AT TIME ZONE h.tz_name AS ends_at
FROM carevendor.rota_entry r
JOIN carevendor.care_home h ON h.home_no = r.home_no
JOIN carevendor.employee e ON e.emp_no = r.emp_no
LEFT JOIN carevendor.service_user su ON su.su_no = r.su_no;

CREATE OR REPLACE VIEW ecm.sessions AS
SELECT l.audit_ref AS session_id,
       h.home_code AS location_id,
       e.emp_ref AS staff_id,
       l.login_local AT TIME ZONE h.tz_name AS started_at,
       l.logout_local AT TIME ZONE h.tz_name AS ended_at
FROM carevendor.login_audit l
JOIN carevendor.care_home h ON h.home_no = l.home_no
JOIN carevendor.employee e ON e.emp_no = l.emp_no;

CREATE OR REPLACE VIEW ecm.tasks AS
SELECT i.intervention_ref AS task_id,
       h.home_code AS location_id,
       su.su_ref AS service_user_id,
       CASE i.intervention_type
         WHEN 'PC' THEN 'personal_care' WHEN 'MED' THEN 'medication' WHEN 'NUT' THEN 'nutrition' WHEN 'HYD' THEN 'hydration'
         WHEN 'REPOS' THEN 'repositioning' WHEN 'OBS' THEN 'observation' WHEN 'VISIT' THEN 'visit' ELSE 'other' END AS category,
       i.scheduled_local AT TIME ZONE h.tz_name AS due_at,
       i.done_local AT TIME ZONE h.tz_name AS completed_at,
       e.emp_ref AS completed_by,
       CASE st.label
         WHEN 'Done' THEN 'completed' WHEN 'Declined by resident' THEN 'refused' WHEN 'Not needed' THEN 'not_required'
         WHEN 'Not done' THEN 'missed' WHEN 'Withdrawn' THEN 'cancelled' ELSE 'pending' END AS status
FROM carevendor.scheduled_intervention i
JOIN carevendor.service_user su ON su.su_no = i.su_no
JOIN carevendor.care_home h ON h.home_no = su.home_no
JOIN carevendor.intervention_status st ON st.code = i.status_code
LEFT JOIN carevendor.employee e ON e.emp_no = i.done_by_emp;

CREATE OR REPLACE VIEW ecm.care_notes AS
SELECT n.note_ref AS note_id,
       h.home_code AS location_id,
       su.su_ref AS service_user_id,
       e.emp_ref AS staff_id,
       CASE n.note_type
         WHEN 'Daily' THEN 'daily' WHEN 'Care plan' THEN 'care_plan' WHEN 'Incident' THEN 'incident' WHEN 'Risk' THEN 'risk_assessment'
         WHEN 'Review' THEN 'review' WHEN 'Handover' THEN 'handover' ELSE 'other' END AS section,
       n.event_local AT TIME ZONE h.tz_name AS occurred_at,
       n.entered_local AT TIME ZONE h.tz_name AS recorded_at,
       n.note_text AS body
FROM carevendor.resident_note n
JOIN carevendor.service_user su ON su.su_no = n.su_no
JOIN carevendor.care_home h ON h.home_no = su.home_no
JOIN carevendor.employee e ON e.emp_no = n.author_emp;

CREATE OR REPLACE VIEW ecm.alerts AS
SELECT a.alarm_ref AS alert_id,
       h.home_code AS location_id,
       su.su_ref AS service_user_id,
       CASE a.device
         WHEN 'CALL' THEN 'call_bell' WHEN 'FALL' THEN 'falls_sensor' WHEN 'BED' THEN 'bed_sensor' WHEN 'DOOR' THEN 'door_sensor'
         WHEN 'ACOUSTIC' THEN 'acoustic' WHEN 'MEDS' THEN 'medication' WHEN 'CLIN' THEN 'clinical' ELSE 'system' END AS source,
       CASE a.priority WHEN 1 THEN 'critical' WHEN 2 THEN 'high' WHEN 3 THEN 'medium' ELSE 'low' END AS severity,
       a.raised_local AT TIME ZONE h.tz_name AS raised_at,
       a.accepted_local AT TIME ZONE h.tz_name AS acknowledged_at,
       e.emp_ref AS acknowledged_by,
       a.cleared_local AT TIME ZONE h.tz_name AS resolved_at
FROM carevendor.alarm_event a
JOIN carevendor.care_home h ON h.home_no = a.home_no
LEFT JOIN carevendor.service_user su ON su.su_no = a.su_no
LEFT JOIN carevendor.employee e ON e.emp_no = a.accepted_by_emp;

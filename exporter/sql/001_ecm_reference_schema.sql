-- Reference schema for the canonical ECM read contract (schema `ecm`).
-- The exporter only ever reads these relations. A vendor database provides the
-- same names as views (see sql/adapters/). Idempotent: safe to run again.
CREATE SCHEMA IF NOT EXISTS ecm;

CREATE TABLE IF NOT EXISTS ecm.locations (
  location_id  text PRIMARY KEY,
  name         text NOT NULL,
  service_type text NOT NULL CHECK (service_type IN ('residential', 'nursing', 'homecare', 'supported_living')),
  go_live_date date NOT NULL,
  timezone     text NOT NULL DEFAULT 'Europe/London'
);

CREATE TABLE IF NOT EXISTS ecm.staff (
  staff_id    text PRIMARY KEY,
  location_id text NOT NULL REFERENCES ecm.locations (location_id),
  role        text NOT NULL CHECK (role IN ('care_worker', 'senior_carer', 'nurse', 'team_leader', 'manager', 'other')),
  team        text NULL
);

CREATE TABLE IF NOT EXISTS ecm.shifts (
  shift_id        text PRIMARY KEY,
  location_id     text NOT NULL REFERENCES ecm.locations (location_id),
  staff_id        text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('shift', 'visit')),
  service_user_id text NULL,
  starts_at       timestamptz NOT NULL,
  ends_at         timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS ecm.sessions (
  session_id  text PRIMARY KEY,
  location_id text NOT NULL REFERENCES ecm.locations (location_id),
  staff_id    text NOT NULL,
  started_at  timestamptz NOT NULL,
  ended_at    timestamptz NULL
);

CREATE TABLE IF NOT EXISTS ecm.tasks (
  task_id         text PRIMARY KEY,
  location_id     text NOT NULL REFERENCES ecm.locations (location_id),
  service_user_id text NOT NULL,
  category        text NOT NULL CHECK (category IN ('personal_care', 'medication', 'nutrition', 'hydration', 'repositioning', 'observation', 'visit', 'other')),
  due_at          timestamptz NOT NULL,
  completed_at    timestamptz NULL,
  completed_by    text NULL,
  status          text NOT NULL CHECK (status IN ('completed', 'refused', 'not_required', 'missed', 'cancelled', 'pending'))
);

CREATE TABLE IF NOT EXISTS ecm.care_notes (
  note_id         text PRIMARY KEY,
  location_id     text NOT NULL REFERENCES ecm.locations (location_id),
  service_user_id text NOT NULL,
  staff_id        text NOT NULL,
  section         text NOT NULL CHECK (section IN ('daily', 'care_plan', 'incident', 'risk_assessment', 'review', 'handover', 'other')),
  occurred_at     timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL,
  body            text NOT NULL
);

CREATE TABLE IF NOT EXISTS ecm.alerts (
  alert_id        text PRIMARY KEY,
  location_id     text NOT NULL REFERENCES ecm.locations (location_id),
  service_user_id text NULL,
  source          text NOT NULL CHECK (source IN ('call_bell', 'falls_sensor', 'bed_sensor', 'door_sensor', 'acoustic', 'medication', 'clinical', 'system')),
  severity        text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  raised_at       timestamptz NOT NULL,
  acknowledged_at timestamptz NULL,
  acknowledged_by text NULL,
  resolved_at     timestamptz NULL
);

-- Indexes: every indicator query filters one location and a time range.
CREATE INDEX IF NOT EXISTS staff_location_idx        ON ecm.staff (location_id);
-- The (location, time) indexes of rota, tasks, notes and alerts also carry the few columns the
-- indicators read (INCLUDE): the first refresh after a start reads every row since go-live,
-- and an index-only scan spares it one heap page per row (tasks: about twice as fast; notes:
-- their counts per hour, the wording being read from the table only once).
-- They supersede the plain (location, time) indexes of earlier versions, dropped below.
CREATE INDEX IF NOT EXISTS shifts_location_start_cover_idx ON ecm.shifts (location_id, starts_at) INCLUDE (staff_id, ends_at);
DROP INDEX IF EXISTS ecm.shifts_location_start_idx;
CREATE INDEX IF NOT EXISTS shifts_staff_start_idx    ON ecm.shifts (staff_id, starts_at);
CREATE INDEX IF NOT EXISTS sessions_staff_start_idx  ON ecm.sessions (staff_id, started_at);
CREATE INDEX IF NOT EXISTS sessions_location_start_idx ON ecm.sessions (location_id, started_at);
CREATE INDEX IF NOT EXISTS tasks_location_due_cover_idx ON ecm.tasks (location_id, due_at) INCLUDE (category, status, completed_at);
DROP INDEX IF EXISTS ecm.tasks_location_due_idx;
CREATE INDEX IF NOT EXISTS tasks_completed_by_idx    ON ecm.tasks (completed_by, completed_at);
CREATE INDEX IF NOT EXISTS notes_location_occurred_cover_idx ON ecm.care_notes (location_id, occurred_at) INCLUDE (recorded_at);
DROP INDEX IF EXISTS ecm.notes_location_occurred_idx;
CREATE INDEX IF NOT EXISTS notes_staff_recorded_idx  ON ecm.care_notes (staff_id, recorded_at);
CREATE INDEX IF NOT EXISTS alerts_location_raised_cover_idx ON ecm.alerts (location_id, raised_at) INCLUDE (severity, acknowledged_at);
DROP INDEX IF EXISTS ecm.alerts_location_raised_idx;
-- Incremental refresh: each refresh finds, per location, the rows changed since the previous
-- one by their change timestamp (an outcome recorded for a task due earlier, an alert
-- acknowledged, a note recorded after the time it is about) and recomputes only their hour,
-- instead of reading the location's whole history. Without these, that lookup would read
-- every row of the location.
CREATE INDEX IF NOT EXISTS tasks_location_completed_idx ON ecm.tasks (location_id, completed_at);
CREATE INDEX IF NOT EXISTS alerts_location_acknowledged_idx ON ecm.alerts (location_id, acknowledged_at);
CREATE INDEX IF NOT EXISTS notes_location_recorded_idx ON ecm.care_notes (location_id, recorded_at);
-- Live gauge: open alerts are few; a partial index keeps that lookup cheap.
CREATE INDEX IF NOT EXISTS alerts_unacknowledged_idx ON ecm.alerts (location_id, raised_at) WHERE acknowledged_at IS NULL;
-- Live gauge: tasks without an outcome are few too; the overdue count, read every minute, then reads
-- them only, not every task of the last day.
CREATE INDEX IF NOT EXISTS tasks_open_idx ON ecm.tasks (location_id, due_at) WHERE completed_at IS NULL;

-- The vendor layout that carevendor.sql adapts: an imagined but plausible ECM
-- product ("CareVendor") with its own names, integer keys, code tables and
-- LOCAL clock times stored without a time zone. Shipped so the adapter can be
-- read beside what it maps, and used by the tests to load sample data.
CREATE SCHEMA IF NOT EXISTS carevendor;

CREATE TABLE carevendor.care_home (
  home_no    integer PRIMARY KEY,
  home_code  text NOT NULL UNIQUE,          -- the code staff see, e.g. loc-01
  home_name  text NOT NULL,
  care_model char(1) NOT NULL,              -- R residential, N nursing, H homecare, S supported living
  went_live  date NOT NULL,
  tz_name    text NOT NULL                  -- IANA zone of the home's clock, e.g. Europe/London
);

CREATE TABLE carevendor.employee (
  emp_no    integer PRIMARY KEY,
  emp_ref   text NOT NULL UNIQUE,
  home_no   integer NOT NULL REFERENCES carevendor.care_home (home_no),
  job_title text NOT NULL,                  -- Carer, Senior Carer, Nurse, Team Leader, Registered Manager, Other
  team_name text NULL
);

CREATE TABLE carevendor.service_user (
  su_no   integer PRIMARY KEY,
  su_ref  text NOT NULL UNIQUE,
  home_no integer NOT NULL REFERENCES carevendor.care_home (home_no)
);

CREATE TABLE carevendor.rota_entry (
  rota_ref    text PRIMARY KEY,
  home_no     integer NOT NULL,
  emp_no      integer NOT NULL,
  entry_type  char(1) NOT NULL,             -- S shift in a home, V homecare visit
  su_no       integer NULL,                 -- the client of a visit
  start_local timestamp without time zone NOT NULL,
  end_local   timestamp without time zone NOT NULL
);

CREATE TABLE carevendor.login_audit (
  audit_ref    text PRIMARY KEY,
  home_no      integer NOT NULL,
  emp_no       integer NOT NULL,
  login_local  timestamp without time zone NOT NULL,
  logout_local timestamp without time zone NULL
);

CREATE TABLE carevendor.intervention_status (
  code  integer PRIMARY KEY,
  label text NOT NULL
);
INSERT INTO carevendor.intervention_status (code, label) VALUES
  (0, 'Open'), (1, 'Done'), (2, 'Declined by resident'), (3, 'Not needed'), (4, 'Not done'), (9, 'Withdrawn');

CREATE TABLE carevendor.scheduled_intervention (
  intervention_ref  text PRIMARY KEY,
  su_no             integer NOT NULL,
  intervention_type text NOT NULL,          -- PC, MED, NUT, HYD, REPOS, OBS, VISIT, OTH
  scheduled_local   timestamp without time zone NOT NULL,
  done_local        timestamp without time zone NULL,
  done_by_emp       integer NULL,
  status_code       integer NOT NULL REFERENCES carevendor.intervention_status (code)
);

CREATE TABLE carevendor.resident_note (
  note_ref      text PRIMARY KEY,
  su_no         integer NOT NULL,
  author_emp    integer NOT NULL,
  note_type     text NOT NULL,              -- Daily, Care plan, Incident, Risk, Review, Handover, Other
  event_local   timestamp without time zone NOT NULL,
  entered_local timestamp without time zone NOT NULL,
  note_text     text NOT NULL
);

CREATE TABLE carevendor.alarm_event (
  alarm_ref       text PRIMARY KEY,
  home_no         integer NOT NULL,
  su_no           integer NULL,
  device          text NOT NULL,            -- CALL, FALL, BED, DOOR, ACOUSTIC, MEDS, CLIN, SYS
  priority        integer NOT NULL,         -- 1 critical, 2 high, 3 medium, 4 low
  raised_local    timestamp without time zone NOT NULL,
  accepted_local  timestamp without time zone NULL,
  accepted_by_emp integer NULL,
  cleared_local   timestamp without time zone NULL
);

-- Indexes the exporter's reads need (see README, "Writing an adapter"): per home and time, per person and time.
CREATE INDEX ON carevendor.rota_entry (home_no, start_local);
CREATE INDEX ON carevendor.rota_entry (emp_no, start_local);
CREATE INDEX ON carevendor.login_audit (home_no, login_local);
CREATE INDEX ON carevendor.login_audit (emp_no, login_local);
CREATE INDEX ON carevendor.scheduled_intervention (su_no, scheduled_local);
CREATE INDEX ON carevendor.scheduled_intervention (done_by_emp, done_local);
CREATE INDEX ON carevendor.resident_note (su_no, event_local);
CREATE INDEX ON carevendor.resident_note (author_emp, entered_local);
CREATE INDEX ON carevendor.alarm_event (home_no, raised_local);
-- The incremental refresh finds what changed since its previous run by the change times (an outcome
-- recorded, a note entered, an alarm accepted), per home: without these it would read every row of a home.
CREATE INDEX ON carevendor.scheduled_intervention (su_no, done_local);
CREATE INDEX ON carevendor.resident_note (su_no, entered_local);
CREATE INDEX ON carevendor.alarm_event (home_no, accepted_local);
CREATE INDEX ON carevendor.service_user (home_no);
CREATE INDEX ON carevendor.employee (home_no);

-- Governance store (schema `adoption`): the logs a provider keeps beside the ECM system
-- (record audits, staff feedback, adoption issues, corrective actions, governance reviews).
-- Owned and migrated by this product, filled by `ecm-adoption-exporter import`; the exporter
-- only reads it. It may live in the ECM database or in a separate one (GOVERNANCE_DATABASE_URL).
-- Idempotent: safe to run again. location_id NULL means organisation-wide where allowed.
-- No staff or resident identifiers are kept: ids are the log's own reference numbers.
CREATE SCHEMA IF NOT EXISTS adoption;

CREATE TABLE IF NOT EXISTS adoption.record_audits (
  audit_id        text PRIMARY KEY,
  location_id     text NOT NULL,
  audited_at      timestamptz NOT NULL,
  record_type     text NOT NULL CHECK (record_type IN ('care_plan', 'daily_note', 'incident', 'risk_assessment', 'review')),
  complete        boolean NOT NULL,
  person_specific boolean NOT NULL,
  timely          boolean NOT NULL,
  correct_section boolean NOT NULL,
  gap_cause       text NULL CHECK (gap_cause IN ('training', 'confidence', 'workflow_design', 'individual_practice')),
  -- Deferred so one import can hold an audit and its follow-up in any order.
  follow_up_of    text NULL REFERENCES adoption.record_audits (audit_id) DEFERRABLE INITIALLY DEFERRED,
  CHECK (follow_up_of IS NULL OR follow_up_of <> audit_id),
  -- A gap cause explains a failed criterion; an audit passing all four has none.
  CHECK (gap_cause IS NULL OR NOT (complete AND person_specific AND timely AND correct_section))
);

CREATE TABLE IF NOT EXISTS adoption.staff_feedback (
  response_id  text PRIMARY KEY,
  location_id  text NOT NULL,
  submitted_at timestamptz NOT NULL,
  role         text NOT NULL CHECK (role IN ('care_worker', 'senior_carer', 'nurse', 'team_leader', 'manager', 'other')),
  confidence   smallint NOT NULL CHECK (confidence BETWEEN 1 AND 5),
  barrier_type text NOT NULL CHECK (barrier_type IN ('training', 'configuration', 'local_practice', 'none')),
  themes       text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE IF NOT EXISTS adoption.adoption_issues (
  issue_id    text PRIMARY KEY,
  location_id text NULL,
  raised_at   timestamptz NOT NULL,
  source      text NOT NULL CHECK (source IN ('usage_report', 'audit', 'feedback', 'alert')),
  category    text NOT NULL CHECK (category IN ('training', 'configuration', 'local_practice', 'supplier', 'workflow')),
  priority    text NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'critical')),
  status      text NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
  due_at      timestamptz NULL,
  resolved_at timestamptz NULL,
  summary     text NULL,
  CHECK ((status IN ('resolved', 'closed')) = (resolved_at IS NOT NULL)),
  CHECK (resolved_at IS NULL OR resolved_at >= raised_at)
);

CREATE TABLE IF NOT EXISTS adoption.corrective_actions (
  action_id             text PRIMARY KEY,
  location_id           text NULL,
  kind                  text NOT NULL CHECK (kind IN ('coaching', 'refresher_training', 'template_change', 'supervision', 'configuration', 'guidance', 'supplier_request')),
  -- Deferred: the import checks references first and names the line of a bad one.
  linked_issue_id       text NULL REFERENCES adoption.adoption_issues (issue_id) DEFERRABLE INITIALLY DEFERRED,
  linked_audit_id       text NULL REFERENCES adoption.record_audits (audit_id) DEFERRABLE INITIALLY DEFERRED,
  linked_feedback_theme text NULL,
  raised_at             timestamptz NOT NULL,
  due_at                timestamptz NULL,
  completed_at          timestamptz NULL,
  summary               text NULL,
  CHECK (num_nonnulls(linked_issue_id, linked_audit_id, linked_feedback_theme) >= 1),
  CHECK (completed_at IS NULL OR completed_at >= raised_at)
);

CREATE TABLE IF NOT EXISTS adoption.governance_reviews (
  review_id   text PRIMARY KEY,
  location_id text NULL,
  reviewed_at timestamptz NOT NULL,
  forum       text NOT NULL CHECK (forum IN ('project_board', 'registered_manager', 'team_leader')),
  cadence     text NOT NULL CHECK (cadence IN ('weekly', 'monthly')),
  decisions   text NULL
);

-- Indexes: every indicator query filters by location and a time range.
CREATE INDEX IF NOT EXISTS record_audits_location_audited_idx ON adoption.record_audits (location_id, audited_at);
CREATE INDEX IF NOT EXISTS record_audits_follow_up_idx        ON adoption.record_audits (follow_up_of) WHERE follow_up_of IS NOT NULL;
CREATE INDEX IF NOT EXISTS staff_feedback_location_submitted_idx ON adoption.staff_feedback (location_id, submitted_at);
CREATE INDEX IF NOT EXISTS adoption_issues_location_raised_idx ON adoption.adoption_issues (location_id, raised_at);
CREATE INDEX IF NOT EXISTS corrective_actions_location_raised_idx ON adoption.corrective_actions (location_id, raised_at);
CREATE INDEX IF NOT EXISTS corrective_actions_theme_idx ON adoption.corrective_actions (linked_feedback_theme) WHERE linked_feedback_theme IS NOT NULL;
CREATE INDEX IF NOT EXISTS governance_reviews_location_reviewed_idx ON adoption.governance_reviews (location_id, reviewed_at);

-- Issues recorded from governance alerts by `ecm-adoption-exporter issue-log-receiver`
-- (Alertmanager webhook), beside the issues imported from the CSV log. Idempotent.
--
-- Who writes what:
--   recorded_by = 'import'          rows of `import issues`: the CSV owns every column it has.
--   recorded_by = 'alert_receiver'  rows of the receiver: issue_id = 'alert:' || fingerprint (a
--                                   prefix the importer refuses), one row per alert fingerprint.
--                                   The receiver sets every column on insert and afterwards only
--                                   status, resolved_at, raised_at (earliest start seen),
--                                   alert_started_at and last_seen_at.
--   owner, notes (and priority, category, due_at, summary after insert) are people's to edit;
--   neither the receiver nor the importer ever writes owner or notes.
ALTER TABLE adoption.adoption_issues
  ADD COLUMN IF NOT EXISTS recorded_by       text NOT NULL DEFAULT 'import',
  -- Alertmanager's fingerprint of the alert's label set (16 hex digits).
  ADD COLUMN IF NOT EXISTS alert_fingerprint text NULL,
  ADD COLUMN IF NOT EXISTS alert_name        text NULL,
  ADD COLUMN IF NOT EXISTS indicator         text NULL,
  -- startsAt of the occurrence last seen: a later start is the alert firing again.
  ADD COLUMN IF NOT EXISTS alert_started_at  timestamptz NULL,
  -- When the receiver last heard the alert firing (or its end, once resolved).
  ADD COLUMN IF NOT EXISTS last_seen_at      timestamptz NULL,
  -- A role or team, never a person's name (no staff identifiers in the governance store).
  ADD COLUMN IF NOT EXISTS owner             text NULL,
  ADD COLUMN IF NOT EXISTS notes             text NULL;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'adoption_issues_recorded_by_check') THEN
    ALTER TABLE adoption.adoption_issues ADD CONSTRAINT adoption_issues_recorded_by_check
      CHECK (recorded_by IN ('import', 'alert_receiver'));
  END IF;
  -- One issue per alert: repeats, replays and restarts of the receiver find this row again.
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'adoption_issues_alert_fingerprint_key') THEN
    ALTER TABLE adoption.adoption_issues ADD CONSTRAINT adoption_issues_alert_fingerprint_key UNIQUE (alert_fingerprint);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'adoption_issues_alert_rows_check') THEN
    ALTER TABLE adoption.adoption_issues ADD CONSTRAINT adoption_issues_alert_rows_check
      CHECK ((recorded_by = 'alert_receiver') = (alert_fingerprint IS NOT NULL)
             AND (alert_fingerprint IS NULL OR (issue_id = 'alert:' || alert_fingerprint AND source = 'alert'
                                                AND alert_started_at IS NOT NULL AND last_seen_at IS NOT NULL)));
  END IF;
END
$$;

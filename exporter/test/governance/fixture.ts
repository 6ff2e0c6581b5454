/**
 * Hand-built governance logs for the indicator tests. now = 2026-11-25 12:00 UTC
 * (GMT, so UK time = UTC): 28d window = [2026-10-28 12:00, now), 90d = [2026-08-27 12:00, now).
 * Criteria order in the rows: complete, person_specific, timely, correct_section.
 */
export const NOW = new Date('2026-11-25T12:00:00Z');

export const FIXTURE_SQL = `
INSERT INTO adoption.record_audits (audit_id, location_id, audited_at, record_type, complete, person_specific, timely, correct_section, gap_cause, follow_up_of) VALUES
  ('A0', 'loc-A', '2026-10-01T10:00Z', 'daily_note', true,  false, true,  true,  NULL, NULL),                 -- 90d only, cause not recorded
  ('A1', 'loc-A', '2026-11-01T10:00Z', 'care_plan',  true,  true,  true,  true,  NULL, NULL),
  ('A2', 'loc-A', '2026-11-02T10:00Z', 'daily_note', true,  false, false, true,  'training', NULL),           -- passes 2
  ('A3', 'loc-A', '2026-11-03T10:00Z', 'incident',   true,  true,  true,  true,  NULL, NULL),
  ('A4', 'loc-A', '2026-11-04T10:00Z', 'review',     false, true,  true,  true,  'workflow_design', NULL),    -- passes 3
  ('A5', 'loc-A', '2026-11-05T10:00Z', 'care_plan',  true,  true,  true,  true,  NULL, NULL),
  ('A6', 'loc-A', '2026-11-20T10:00Z', 'daily_note', true,  true,  true,  true,  NULL, 'A2'),                -- follow-up: 2 -> 4
  ('A7', 'loc-A', '2026-11-22T10:00Z', 'review',     false, true,  true,  true,  'individual_practice', 'A4'), -- follow-up: 3 -> 3
  ('A8', 'loc-A', '2026-08-01T10:00Z', 'care_plan',  false, false, false, false, 'training', NULL),          -- before 90d
  ('A9', 'loc-A', '2026-11-25T12:00Z', 'care_plan',  false, false, false, false, 'training', NULL),          -- = now: outside
  ('B0', 'loc-B', '2026-09-01T10:00Z', 'care_plan',  true,  true,  true,  true,  NULL, NULL),
  ('B5', 'loc-B', '2026-09-15T10:00Z', 'care_plan',  true,  true,  false, true,  'confidence', 'B0'),        -- follow-up: 4 -> 3
  ('B1', 'loc-B', '2026-11-10T10:00Z', 'daily_note', true,  true,  true,  true,  NULL, NULL),
  ('B2', 'loc-B', '2026-11-11T10:00Z', 'daily_note', true,  true,  true,  true,  NULL, NULL),
  ('B3', 'loc-B', '2026-11-12T10:00Z', 'daily_note', true,  true,  true,  true,  NULL, NULL),
  ('B4', 'loc-B', '2026-11-13T10:00Z', 'daily_note', true,  true,  true,  true,  NULL, NULL);

INSERT INTO adoption.staff_feedback (response_id, location_id, submitted_at, role, confidence, barrier_type, themes) VALUES
  ('F1', 'loc-A', '2026-11-01T09:00Z', 'care_worker',  4, 'training',       '{night_notes}'),
  ('F2', 'loc-A', '2026-11-02T09:00Z', 'care_worker',  2, 'training',       '{}'),
  ('F3', 'loc-A', '2026-11-03T09:00Z', 'nurse',        3, 'configuration',  '{}'),
  ('F4', 'loc-A', '2026-11-04T09:00Z', 'senior_carer', 5, 'none',           '{}'),
  ('F5', 'loc-A', '2026-11-05T09:00Z', 'care_worker',  1, 'none',           '{}'),
  ('F6', 'loc-A', '2026-10-10T10:00Z', 'care_worker',  2, 'local_practice', '{handover}'),   -- 30-day mark 11-09: no action
  ('G1', 'loc-A', '2026-10-01T10:00Z', 'care_worker',  3, 'training',       '{night_notes}'), -- ACT1, completed after: acted on
  ('G2', 'loc-A', '2026-10-02T10:00Z', 'nurse',        3, 'configuration',  '{}'),            -- ACT2 org-wide, by type: acted on
  ('G3', 'loc-A', '2026-10-03T10:00Z', 'care_worker',  3, 'training',       '{handheld}'),    -- ACT3 is loc-B: not acted on
  ('G4', 'loc-A', '2026-10-04T10:00Z', 'team_leader',  3, 'local_practice', '{paper}'),       -- ACT4 completed before: not acted on
  ('G5', 'loc-A', '2026-09-01T10:00Z', 'care_worker',  3, 'training',       '{night_notes}'), -- mark 10-01: 90d only, acted on (ACT1)
  ('G6', 'loc-A', '2026-10-05T10:00Z', 'manager',      3, 'none',           '{}'),
  ('H1', 'loc-B', '2026-11-10T10:00Z', 'care_worker',  1, 'training',       '{}');

INSERT INTO adoption.adoption_issues (issue_id, location_id, raised_at, source, category, priority, status, due_at, resolved_at) VALUES
  ('I1', 'loc-A', '2026-11-01T00:00Z', 'audit',        'training',      'high',   'open',        '2026-11-20T00:00Z', NULL),
  ('I2', 'loc-A', '2026-11-02T00:00Z', 'feedback',     'training',      'high',   'in_progress', '2026-12-10T00:00Z', NULL),
  ('I3', NULL,    '2026-11-03T00:00Z', 'alert',        'configuration', 'medium', 'open',        NULL,                NULL),
  ('I4', 'loc-A', '2026-11-01T00:00Z', 'usage_report', 'workflow',      'low',    'resolved',    NULL,                '2026-11-11T00:00Z'), -- 10 days
  ('I5', 'loc-A', '2026-10-01T00:00Z', 'usage_report', 'workflow',      'low',    'resolved',    NULL,                '2026-11-04T00:00Z'), -- 34 days
  ('I6', 'loc-A', '2026-11-10T00:00Z', 'audit',        'training',      'medium', 'resolved',    NULL,                '2026-11-12T00:00Z'), -- 2 days
  ('I7', 'loc-A', '2026-11-01T00:00Z', 'audit',        'training',      'medium', 'closed',      NULL,                '2026-11-02T00:00Z'), -- closed: not a resolution
  ('I8', 'loc-A', '2026-08-01T00:00Z', 'audit',        'supplier',      'low',    'resolved',    NULL,                '2026-09-01T00:00Z'); -- 31 days, 90d only

INSERT INTO adoption.corrective_actions (action_id, location_id, kind, linked_issue_id, linked_audit_id, linked_feedback_theme, raised_at, due_at, completed_at) VALUES
  ('ACT1', 'loc-A', 'refresher_training', NULL, NULL, 'night_notes',   '2026-10-05T00:00Z', '2026-10-19T00:00Z', '2026-10-20T00:00Z'),
  ('ACT2', NULL,    'configuration',      NULL, NULL, 'configuration', '2026-10-10T00:00Z', '2026-11-01T00:00Z', NULL), -- open, overdue
  ('ACT3', 'loc-B', 'coaching',           NULL, NULL, 'handheld',      '2026-10-10T00:00Z', '2026-12-01T00:00Z', NULL), -- open
  ('ACT4', 'loc-A', 'guidance',           NULL, NULL, 'paper',         '2026-09-01T00:00Z', NULL,                '2026-09-20T00:00Z'),
  ('ACT5', 'loc-A', 'supervision',        'I1', 'A4', NULL,            '2026-11-05T00:00Z', NULL,                NULL);        -- open, no due date

INSERT INTO adoption.governance_reviews (review_id, location_id, reviewed_at, forum, cadence, decisions) VALUES
  ('R1', 'loc-A', '2026-11-10T12:00Z', 'registered_manager', 'weekly',  NULL),
  ('R2', NULL,    '2026-11-14T12:00Z', 'project_board',      'weekly',  'all locations'),
  ('R3', 'loc-B', '2026-11-20T12:00Z', 'team_leader',        'monthly', NULL),
  ('R4', NULL,    '2026-07-01T12:00Z', 'project_board',      'weekly',  NULL),
  ('R5', 'loc-A', '2026-11-25T12:00Z', 'team_leader',        'weekly',  NULL); -- = now: not yet counted
`;

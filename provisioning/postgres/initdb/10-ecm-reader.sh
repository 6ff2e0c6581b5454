#!/bin/sh
# Runs once when the compose PostgreSQL volume is created: a read-only login for the exporter.
# The `seed` service (superuser) creates the ecm tables later; default privileges grant SELECT.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v reader_password="$ECM_READER_PASSWORD" -v issue_log_password="$ISSUE_LOG_PASSWORD" <<'SQL'
CREATE ROLE ecm_reader LOGIN PASSWORD :'reader_password';
CREATE SCHEMA IF NOT EXISTS ecm;
GRANT USAGE ON SCHEMA ecm TO ecm_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA ecm GRANT SELECT ON TABLES TO ecm_reader;
-- The governance store (issue 6) is read by the exporter too.
CREATE SCHEMA IF NOT EXISTS adoption;
GRANT USAGE ON SCHEMA adoption TO ecm_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA adoption GRANT SELECT ON TABLES TO ecm_reader;
ALTER ROLE ecm_reader SET default_transaction_read_only = on;
-- The issue-log receiver's own login: the `seed` service grants it INSERT/UPDATE on
-- adoption.adoption_issues only (migrate-governance --issue-log-role), once the table exists.
CREATE ROLE ecm_issue_log LOGIN PASSWORD :'issue_log_password';
SQL

#!/bin/sh
# Runs once when the compose PostgreSQL volume is created: the exporter's read-only login, ecm_exporter
# (the README's "A read-only role for the exporter"). The `seed` service (superuser) creates the ecm
# tables and the governance store later; the default privileges below grant SELECT on them as created.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v exporter_password="$ECM_EXPORTER_PASSWORD" -v issue_log_password="$ISSUE_LOG_PASSWORD" <<'SQL'
CREATE ROLE ecm_exporter LOGIN PASSWORD :'exporter_password' CONNECTION LIMIT 8;
CREATE SCHEMA IF NOT EXISTS ecm;
GRANT USAGE ON SCHEMA ecm TO ecm_exporter;
ALTER DEFAULT PRIVILEGES IN SCHEMA ecm GRANT SELECT ON TABLES TO ecm_exporter;
-- The governance store (schema adoption) lives in the same database: the exporter reads it too.
CREATE SCHEMA IF NOT EXISTS adoption;
GRANT USAGE ON SCHEMA adoption TO ecm_exporter;
ALTER DEFAULT PRIVILEGES IN SCHEMA adoption GRANT SELECT ON TABLES TO ecm_exporter;
ALTER ROLE ecm_exporter SET default_transaction_read_only = on;
-- The issue-log receiver's own login: the `seed` service grants it INSERT/UPDATE on
-- adoption.adoption_issues only (migrate-governance --issue-log-role), once the table exists.
CREATE ROLE ecm_issue_log LOGIN PASSWORD :'issue_log_password';
SQL

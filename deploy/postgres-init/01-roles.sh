#!/bin/sh
# Runs once, when the PostgreSQL container initialises an empty volume (docker-entrypoint-initdb.d), as the superuser.
# Creates the two roles of docs/runbook.md ("Database roles"): the owner, which only the migration step uses, and the
# least-privilege app role the API and the worker connect as. Neither is a superuser.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$EHCP_OWNER_PASSWORD" -v app_password="$EHCP_APP_PASSWORD" <<'SQL'
CREATE ROLE ehcp_owner LOGIN NOSUPERUSER NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE ehcp_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';
CREATE DATABASE ehcp OWNER ehcp_owner;
REVOKE ALL ON DATABASE ehcp FROM PUBLIC;
GRANT CONNECT ON DATABASE ehcp TO ehcp_owner, ehcp_app;
SQL

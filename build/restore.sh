#!/usr/bin/env bash
# Restore a backup made by build/backup.sh (pg_dump -Fc) into a database.
#
#   bash build/restore.sh [--db NAME] [--force] FILE
#
# --db NAME   the database to restore into (default: the one build/backup.sh would back up:
#             ConnectionStrings__Crm, else PGDATABASE, else CRM_DB, see crm_db_target in build/lib.sh)
# --force     when that database has tables, drop it (disconnecting its sessions) and restore
#             into a fresh one; without --force a non-empty database is refused
# The database is created when missing. Objects belong to the user who restores (--no-owner).
# Stop the app first (docker compose stop app); it migrates nothing newer than the dump on start.
# Prints what it did; exits non-zero on failure (a database it created is dropped again).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
export ROOT
# shellcheck source=build/lib.sh
. "$ROOT/build/lib.sh"

usage="usage: build/restore.sh [--db NAME] [--force] FILE"
db="" force=0 file=""
while [ $# -gt 0 ]; do
  case "$1" in
    (--db) [ $# -ge 2 ] || die "$usage"; db=$2; shift 2 ;;
    (--db=*) db=${1#--db=}; shift ;;
    (--force) force=1; shift ;;
    (-h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    (-*) die "unknown option: $1 ($usage)" ;;
    (*) [ -z "$file" ] || die "$usage"; file=$1; shift ;;
  esac
done
[ -n "$file" ] || die "$usage"
[ -f "$file" ] || die "no such backup file: $file"

crm_db_target
db=${db:-$PGDATABASE}
case "$db" in (*[!A-Za-z0-9_-]*|'') die "database name must be letters, digits, _ or -: '$db'" ;; esac

"$PG_BIN/pg_restore" --list "$file" >/dev/null 2>&1 || die "$file is not a pg_dump custom-format archive (build/backup.sh makes one)"

# Create, check and drop through the maintenance database, never through the target itself.
admin() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 --no-password -d postgres "$@"; }

exists=$(admin -Atc "select 1 from pg_database where datname = '$db'") || die "cannot connect to PostgreSQL on $CRM_DB_SERVER"
created=0
if [ "$exists" = 1 ]; then
  tables=$("$PG_BIN/psql" -X -At --no-password -d "$db" -c "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'S') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'") \
    || die "cannot connect to database $db on $CRM_DB_SERVER"
  if [ "$tables" -gt 0 ]; then
    [ "$force" = 1 ] || die "database $db on $CRM_DB_SERVER is not empty ($tables tables, views or sequences): restore into another one with --db NAME, or replace it with --force"
    log "restore: --force: dropping database $db ($tables tables, views or sequences)"
    admin -c "drop database \"$db\" with (force)"
    exists=0
  fi
fi
if [ "$exists" != 1 ]; then
  log "restore: creating database $db on $CRM_DB_SERVER"
  admin -c "create database \"$db\""
  created=1
fi

log "restore: $file -> database $db on $CRM_DB_SERVER ($CRM_DB_WHERE)"
if ! "$PG_BIN/pg_restore" --dbname="$db" --no-owner --no-acl --exit-on-error --no-password "$file"; then
  if [ "$created" = 1 ]; then
    admin -c "drop database if exists \"$db\" with (force)" || true
    die "pg_restore failed; dropped the database $db it had created"
  fi
  die "pg_restore failed; database $db is partly restored"
fi
tables=$("$PG_BIN/psql" -X -At --no-password -d "$db" -c "select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')")
log "restore: done, database $db has $tables tables"

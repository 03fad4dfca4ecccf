#!/usr/bin/env bash
# Back up the CRM's database with pg_dump in the custom format (-Fc: compressed, restorable with
# build/restore.sh, or table by table with pg_restore).
#
#   bash build/backup.sh [FILE]
#
# FILE defaults to $CRM_BACKUP_DIR/<database>-<UTC time>.dump (CRM_BACKUP_DIR: .data/backups).
# Which database: see crm_db_target in build/lib.sh: ConnectionStrings__Crm, else PG* variables,
# else the local cluster of build/run.sh (CRM_PG_PORT, CRM_PG_DIR, CRM_DB, same defaults).
# In the container setup: docker compose exec db bash /opt/crm/build/backup.sh (see README.md).
#
# The dump is written beside FILE and renamed when complete, so FILE is never a partial dump.
# Prints what it did; exits non-zero on failure.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
export ROOT
# shellcheck source=build/lib.sh
. "$ROOT/build/lib.sh"

case "${1:-}" in
  (-h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  (-*) die "unknown option: $1 (usage: build/backup.sh [FILE])" ;;
esac
[ $# -le 1 ] || die "usage: build/backup.sh [FILE]"

crm_db_target
file=${1:-${CRM_BACKUP_DIR:-$ROOT/.data/backups}/$PGDATABASE-$(date -u +%Y%m%dT%H%M%SZ).dump}
mkdir -p "$(dirname "$file")"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT

log "backup: database $PGDATABASE on $CRM_DB_SERVER ($CRM_DB_WHERE) -> $file"
"$PG_BIN/pg_dump" --format=custom --no-password --file="$partial" \
  || die "pg_dump of database $PGDATABASE on $CRM_DB_SERVER failed; no backup written"
# The archive must read back whole before it replaces anything.
"$PG_BIN/pg_restore" --list "$partial" >/dev/null || die "the dump does not read back; no backup written"
mv -f "$partial" "$file"
trap - EXIT
log "backup: done, $(du -h "$file" | cut -f1) in $file"

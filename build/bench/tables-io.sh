#!/usr/bin/env bash
# Benchmarks the tables' export and import (issue 14, ADR 0010) over HTTP against the published host on a
# fresh database of the throwaway benchmark PostgreSQL (fsync off, port 55434):
#   export: N deals over all pipelines (default 1,000,000) loaded by SQL, then GET /api/deals/export as CSV
#           and as xlsx, sorted by last update: rows/s, bytes, and the host's resident memory sampled every
#           0.2 s before and during the export (flat memory: the peak should not grow with N);
#   import: M contacts (default 100,000, 1 % bad) as a CSV through POST /api/directory/imports, timed from
#           the upload to status "done".
# Targets (issue 14): export ≥ 50,000 rows/s with flat memory; 100,000 contacts imported in under 60 s.
#
#   bash build/bench/tables-io.sh [--deals N] [--contacts M] [--port P] [--db NAME]
#   bash build/bench/tables-io.sh --deals 20000 --contacts 2000      # a smoke run
#   bash build/bench/tables-io.sh --db crm_tables_20261206_230131 --contacts 0   # export the deals of a database
#                                     # kept by `tables.sh --keep-db` (migrated, kept); --contacts 0: no import
#
# Knobs (environment): CRM_BENCH_PG_PORT, CRM_BENCH_PG_DIR, CRM_BENCH_SKIP_PUBLISH (build/bench/lib.sh).
# Results: lines on stdout and build/bench/results/tables-io-<date>.json. The host is stopped at the end;
# the cluster is left running (bash build/pg.sh stop .data/pg-bench stops it).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=build/bench/lib.sh
. build/bench/lib.sh

DEALS=1000000
CONTACTS=100000
PORT=5391
KEPT_DB=""
while [ $# -gt 0 ]; do
  case "$1" in
    (--deals) DEALS=$2; shift 2 ;;
    (--contacts) CONTACTS=$2; shift 2 ;;
    (--port) PORT=$2; shift 2 ;;
    (--db) KEPT_DB=$2; shift 2 ;;
    (--help|-h) sed -n '2,18p' "$0"; exit 0 ;;
    (*) die "unknown option $1 (--help)" ;;
  esac
done

require_cmd curl "apt-get install -y curl"
PSQL=/usr/lib/postgresql/15/bin/psql
bench_cluster
bench_publish

DB=${KEPT_DB:-bench_tables_io_$$}
PG_PORT=${CRM_BENCH_PG_PORT:-55434}
[ -n "$KEPT_DB" ] || "$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database $DB"
WORK=$(mktemp -d)
HOST_PID=""
cleanup() {
  [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null && wait "$HOST_PID" 2>/dev/null || true
  [ -n "$KEPT_DB" ] || "$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "drop database if exists $DB with (force)" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
sql() { "$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$DB" -qAtc "$1"; }

log "==> host on 127.0.0.1:$PORT, database $DB"
ConnectionStrings__Crm="Host=127.0.0.1;Port=$PG_PORT;Database=$DB;Username=postgres" \
  CRM_ADMIN_EMAIL=bench-admin@crm.local CRM_ADMIN_PASSWORD=Bench-Admin-12345! \
  ASPNETCORE_URLS="http://127.0.0.1:$PORT" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  dotnet "$BENCH_APP_DIR/Crm.Host.dll" > "$WORK/host.log" 2>&1 &
HOST_PID=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null || { cat "$WORK/host.log"; die "the host did not start"; }

JAR="$WORK/cookies"
curl -fs -c "$JAR" -b "$JAR" "http://127.0.0.1:$PORT/api/identity/session" > /dev/null
xsrf() { awk '$6 == "XSRF-TOKEN" { print $7 }' "$JAR" | tail -1; }
curl -fs -c "$JAR" -b "$JAR" -H "X-XSRF-TOKEN: $(xsrf)" -H 'Content-Type: application/json' \
  -d '{"email":"bench-admin@crm.local","password":"Bench-Admin-12345!"}' "http://127.0.0.1:$PORT/api/identity/sign-in" > /dev/null
curl -fs -c "$JAR" -b "$JAR" "http://127.0.0.1:$PORT/api/identity/session" > /dev/null

if [ -n "$KEPT_DB" ]; then
  DEALS=$(sql "select count(*) from deals.deals where deleted_at is null")
  log "==> the $DEALS deals of $DB"
else
log "==> loading $DEALS deals"
for _ in $(seq 1 60); do [ "$(sql "select count(*) from deals.stages")" -gt 0 ] && break; sleep 0.5; done
sql "
with st as (select s.id, s.pipeline_id, row_number() over (order by s.pipeline_id, s.position) - 1 as k from deals.stages s
            where s.kind = 'open'),
     n as (select count(*) as c from st),
     u as (select id from deals.users limit 1),
     taken as (update deals.deal_numbers set last_number = last_number + $DEALS returning last_number - $DEALS as base)
insert into deals.deals (id, number, name, pipeline_id, stage_id, budget, currency, responsible_id, created_by,
                         created_at, updated_at, stage_entered_at, company_name)
select gen_random_uuid(), taken.base + g, 'Сделка ' || g, st.pipeline_id, st.id, (g % 1000) * 100, 'RUB', u.id, u.id,
       now() - g * interval '1 second', now() - g * interval '1 second', now(), 'ООО «Ромашка» ' || (g % 5000)
from generate_series(1, $DEALS) g cross join n cross join u cross join taken join st on st.k = g % n.c"
sql "analyze deals.deals"
fi

rss() { awk '/VmRSS/ { print $2 }' "/proc/$HOST_PID/status"; }
export_run() { # $1 = format
  local before peak=0 sampler out
  before=$(rss)
  ( while kill -0 "$HOST_PID" 2>/dev/null; do rss; sleep 0.2; done ) > "$WORK/rss-$1" &
  sampler=$!
  out=$(curl -fs -b "$JAR" -o "$WORK/export.$1" -w '%{time_total} %{size_download}' \
    "http://127.0.0.1:$PORT/api/deals/export?sort=-updated&format=$1&delimiter=semicolon")
  kill "$sampler" 2>/dev/null || true
  peak=$(sort -n "$WORK/rss-$1" | tail -1)
  local seconds=${out% *} bytes=${out#* }
  local rate
  rate=$(awk -v n="$DEALS" -v s="$seconds" 'BEGIN { printf "%d", n / s }')
  log "export $1: $DEALS rows in ${seconds}s = $rate rows/s, $bytes bytes; host RSS before ${before} kB, peak ${peak} kB" >&2
  printf '"%s": {"rows": %s, "seconds": %s, "rowsPerSecond": %s, "bytes": %s, "rssBeforeKb": %s, "rssPeakKb": %s}' \
    "$1" "$DEALS" "$seconds" "$rate" "$bytes" "$before" "$peak"
}
CSV_JSON=$(export_run csv)
XLSX_JSON=$(export_run xlsx)
lines=$(($(wc -l < "$WORK/export.csv") - 1))
[ "$lines" -ge "$DEALS" ] || log "warning: the CSV has $lines rows"

created=0 seconds=0 status=skipped
if [ "$CONTACTS" -gt 0 ]; then
log "==> importing $CONTACTS contacts (1 % bad)"
awk -v n="$CONTACTS" 'BEGIN {
  printf "\xef\xbb\xbfФИО;Телефон;Почта\r\n";
  for (i = 1; i <= n; i++) {
    if (i % 100 == 0) printf "Контакт %d;12;\r\n", i;
    else printf "Контакт %d;+7 927 %07d;c%d@bench.example\r\n", i, i, i;
  }
}' > "$WORK/contacts.csv"
start=$(date +%s.%N)
id=$(curl -fs -b "$JAR" -c "$JAR" -H "X-XSRF-TOKEN: $(xsrf)" -F "file=@$WORK/contacts.csv;type=text/csv" -F table=contacts \
  -F 'mapping={"fullName":"ФИО","phone":"Телефон","email":"Почта"}' -F duplicates=skip \
  "http://127.0.0.1:$PORT/api/directory/imports" | sed -E 's/.*"id":"([^"]+)".*/\1/')
status=""
while [ "$status" != done ] && [ "$status" != failed ]; do
  sleep 0.5
  status=$(curl -fs -b "$JAR" "http://127.0.0.1:$PORT/api/directory/imports/$id" | sed -E 's/.*"status":"([^"]+)".*/\1/')
done
seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
created=$(sql "select created_count from directory.imports where id = '$id'")
log "import: $CONTACTS rows ($created created) in ${seconds}s, status $status"
fi

mkdir -p build/bench/results
RESULT="build/bench/results/tables-io-$(date +%Y-%m-%d).json"
printf '{"sha": "%s", "load": "%s", "export": {%s, %s}, "import": {"rows": %s, "created": %s, "seconds": %s, "status": "%s"}}\n' \
  "$(git rev-parse --short HEAD)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$CSV_JSON" "$XLSX_JSON" "$CONTACTS" "$created" "$seconds" "$status" > "$RESULT"
log "==> $RESULT"

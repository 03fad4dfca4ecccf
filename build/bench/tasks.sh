#!/usr/bin/env bash
# Benchmarks the Tasks organizer (GET /api/tasks: today, overdue, tomorrow, week, ranges) and the board's task
# filters (GET /api/deals/board?tasks=none|overdue) over HTTP: publishes the host (Release) to .build/bench-app,
# starts it on a loopback port against a fresh database on the throwaway benchmark PostgreSQL (fsync off, port
# 55434), creates 50 managers (in their time zones), companies and contacts through the API, loads 150,000 deals
# and 3,000,000 tasks with what Deals and Directory keep of them, checks the loaded rows against API-written ones
# and times the requests. See the "tasks" section of build/bench/README.md.
#
#   bash build/bench/tasks.sh [tasks options]     e.g. --calls 1000 --clients 8 --keep-db
#
# Knobs (environment):
#   CRM_BENCH_PG_PORT      port of the benchmark PostgreSQL      (default 55434)
#   CRM_BENCH_PG_DIR       its data directory                    (default .data/pg-bench)
#   CRM_BENCH_PG           connection string of another server   (then no local cluster is started)
#   CRM_BENCH_SKIP_PUBLISH=1  reuse .build/bench-app as it is
#
# The host it starts is stopped at the end; the cluster is left running
# (bash build/pg.sh stop .data/pg-bench stops it).
# Results: a table on stdout and build/bench/results/tasks-<date>.json.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd -P)
export ROOT
# shellcheck source=build/lib.sh
. "$ROOT/build/lib.sh"
require_cmd dotnet "install the .NET 10 SDK"

PG_PORT=${CRM_BENCH_PG_PORT:-55434}
PG_DIR=${CRM_BENCH_PG_DIR:-$ROOT/.data/pg-bench}
APP_DIR="$ROOT/.build/bench-app"

if [ -z "${CRM_BENCH_PG:-}" ]; then
  bash "$ROOT/build/pg.sh" start "$PG_DIR" "$PG_PORT" --fast
  export CRM_BENCH_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres"
fi

if [ "${CRM_BENCH_SKIP_PUBLISH:-0}" = 1 ] && [ -f "$APP_DIR/Crm.Host.dll" ]; then
  log "==> CRM_BENCH_SKIP_PUBLISH=1: using .build/bench-app as it is"
else
  # The API only: the organizer and the board are JSON, so the Angular build (wwwroot) is not needed.
  log "==> dotnet publish backend/Crm.Host -c Release -> .build/bench-app"
  dotnet publish "$ROOT/backend/Crm.Host/Crm.Host.csproj" -c Release -o "$APP_DIR" -nologo -v:minimal
fi

CRM_BENCH_GIT_SHA=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
export CRM_BENCH_GIT_SHA
log "==> load average: $(cat /proc/loadavg) (other work on these cores shows up in every tail figure)"

# The benchmark starts the host as its child process and stops it (SIGTERM) when done, also on failure.
exec dotnet run -c Release --project "$ROOT/build/bench/Crm.Bench" -- tasks --app "$APP_DIR" "$@"

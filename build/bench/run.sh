#!/usr/bin/env bash
# Runs the event-bus benchmark against a throwaway local PostgreSQL (fsync off) on port 55434.
#
#   bash build/bench/run.sh [event-lag options]     e.g. --events 5000 --rate 200 --burst-publishers 4
#
# Knobs (environment):
#   CRM_BENCH_PG_PORT  port of the benchmark PostgreSQL   (default 55434)
#   CRM_BENCH_PG_DIR   its data directory                 (default .data/pg-bench)
#   CRM_BENCH_PG       connection string of another server (then no local cluster is started)
#
# The cluster is left running (it is cheap and the next run reuses it); stop it with
#   bash build/pg.sh stop .data/pg-bench
# Results: a table on stdout and build/bench/results/event-lag-<date>.json.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd -P)
export ROOT
# shellcheck source=build/lib.sh
. "$ROOT/build/lib.sh"
require_cmd dotnet "install the .NET 10 SDK"

PG_PORT=${CRM_BENCH_PG_PORT:-55434}
PG_DIR=${CRM_BENCH_PG_DIR:-$ROOT/.data/pg-bench}

if [ -z "${CRM_BENCH_PG:-}" ]; then
  bash "$ROOT/build/pg.sh" start "$PG_DIR" "$PG_PORT" --fast
  export CRM_BENCH_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres"
fi

CRM_BENCH_GIT_SHA=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
export CRM_BENCH_GIT_SHA

exec dotnet run -c Release --project "$ROOT/build/bench/Crm.Bench" -- event-lag "$@"

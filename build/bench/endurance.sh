#!/usr/bin/env bash
# The long runs of issue 10, in their own command and never in CI: publishes the host (Release) to
# .build/bench-app and runs, each on a fresh database on the throwaway benchmark PostgreSQL (fsync off):
#   kill9  SIGKILL the host every 1–4 s while clients create and move deals; nothing acknowledged may be lost
#   soak   one host under a mixed workload for 10 minutes: 5xx, RSS every 10 s and its slope
#   two    two hosts on one database: deals, moves, tasks with reminders; each reminder sent exactly once
# See the "endurance" section of build/bench/README.md.
#
#   bash build/bench/endurance.sh                 # all three (about 20 minutes)
#   bash build/bench/endurance.sh kill9 --rounds 20 --clients 8
#   bash build/bench/endurance.sh soak --minutes 30
#
# Knobs (environment): CRM_BENCH_PG_PORT, CRM_BENCH_PG_DIR, CRM_BENCH_PG, CRM_BENCH_SKIP_PUBLISH (build/bench/lib.sh).
#
# The hosts it starts are stopped at the end; the cluster is left running
# (bash build/pg.sh stop .data/pg-bench stops it).
# Results: a table per scenario on stdout and build/bench/results/endurance-<scenario>-<date>.json; the exit code
# is 1 when anything was lost, duplicated or inconsistent (never on a time).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=build/bench/lib.sh
. build/bench/lib.sh

bench_cluster
bench_publish
bench_run endurance "$@" --app "$BENCH_APP_DIR"

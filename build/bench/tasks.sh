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
# Knobs (environment): CRM_BENCH_PG_PORT, CRM_BENCH_PG_DIR, CRM_BENCH_PG, CRM_BENCH_SKIP_PUBLISH (build/bench/lib.sh).
#
# The host it starts is stopped at the end; the cluster is left running
# (bash build/pg.sh stop .data/pg-bench stops it).
# Results: a table on stdout and build/bench/results/tasks-<date>.json.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=build/bench/lib.sh
. build/bench/lib.sh

bench_cluster
bench_publish
bench_run tasks --app "$BENCH_APP_DIR" "$@"

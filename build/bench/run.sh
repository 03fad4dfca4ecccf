#!/usr/bin/env bash
# Runs the event-bus benchmark against a throwaway local PostgreSQL (fsync off) on port 55434.
#
#   bash build/bench/run.sh [event-lag options]     e.g. --rate 100 --burst-events 20000 --burst-publishers 4
#
# Knobs (environment): CRM_BENCH_PG_PORT, CRM_BENCH_PG_DIR, CRM_BENCH_PG (build/bench/lib.sh).
#
# The cluster is left running (it is cheap and the next run reuses it); stop it with
#   bash build/pg.sh stop .data/pg-bench
# Results: a table on stdout and build/bench/results/event-lag-crm-bus-<date>.json.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=build/bench/lib.sh
. build/bench/lib.sh

bench_cluster
bench_run event-lag "$@"

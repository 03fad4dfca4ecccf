#!/usr/bin/env bash
# Benchmarks the deals table over all pipelines and the top bar's global search over HTTP: publishes the host
# (Release) to .build/bench-app, starts it on a loopback port against a fresh database on the throwaway benchmark
# PostgreSQL (fsync off), loads 1,000,000 deals, 100,000 companies, 300,000 contacts and 500,000 tasks, and times
# the «без задач» view and its next pages, custom field filters and the four searches the top bar makes at once.
# See the "tables" section of build/bench/README.md (export and import: build/bench/tables-io.sh).
#
#   bash build/bench/tables.sh [tables options]     e.g. --deals 100000 --calls 100 --keep-db
#
# Knobs (environment): CRM_BENCH_PG_PORT, CRM_BENCH_PG_DIR, CRM_BENCH_PG, CRM_BENCH_SKIP_PUBLISH (build/bench/lib.sh).
#
# The host it starts is stopped at the end; the cluster is left running
# (bash build/pg.sh stop .data/pg-bench, or the CRM_BENCH_PG_DIR given, stops it).
# Results: a table on stdout and build/bench/results/tables-<date>.json.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=build/bench/lib.sh
. build/bench/lib.sh

bench_cluster
bench_publish
bench_run tables --app "$BENCH_APP_DIR" "$@"

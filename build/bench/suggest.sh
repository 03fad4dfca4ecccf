#!/usr/bin/env bash
# Benchmarks the Directory's suggestions (GET /api/directory/suggest) over HTTP: publishes the host (Release)
# to .build/bench-app, starts it on a loopback port against a fresh database on the throwaway benchmark
# PostgreSQL (fsync off, port 55434), loads 300,000 companies and 600,000 contacts and times a mix of
# queries. See the "suggest" section of build/bench/README.md.
#
#   bash build/bench/suggest.sh [suggest options]     e.g. --calls 1000 --clients 8 --keep-db
#
# Knobs (environment): CRM_BENCH_PG_PORT, CRM_BENCH_PG_DIR, CRM_BENCH_PG, CRM_BENCH_SKIP_PUBLISH (build/bench/lib.sh).
#
# The host it starts is stopped at the end; the cluster is left running
# (bash build/pg.sh stop .data/pg-bench stops it).
# Results: a table on stdout and build/bench/results/suggest-<date>.json.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=build/bench/lib.sh
. build/bench/lib.sh

bench_cluster
bench_publish
bench_run suggest --app "$BENCH_APP_DIR" "$@"

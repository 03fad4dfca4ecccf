#!/usr/bin/env bash
# Benchmarks the deals board over HTTP: publishes the host (Release) to .build/bench-app, starts it
# on a loopback port against a fresh database on the throwaway benchmark PostgreSQL (fsync off,
# port 55434), loads 100,000 deals into «Новые дилеры» (+50,000 elsewhere) and times the board
# requests. See the "board" section of build/bench/README.md.
#
#   bash build/bench/board.sh [board options]     e.g. --calls 1000 --clients 8 --deals 200000
#
# Knobs (environment): CRM_BENCH_PG_PORT, CRM_BENCH_PG_DIR, CRM_BENCH_PG, CRM_BENCH_SKIP_PUBLISH (build/bench/lib.sh).
#
# The host it starts is stopped at the end; the cluster is left running
# (bash build/pg.sh stop .data/pg-bench stops it).
# Results: a table on stdout and build/bench/results/board-<date>.json.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=build/bench/lib.sh
. build/bench/lib.sh

bench_cluster
bench_publish
bench_run board --app "$BENCH_APP_DIR" "$@"

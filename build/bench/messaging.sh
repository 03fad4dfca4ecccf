#!/usr/bin/env bash
# Benchmarks Messaging (issue 13) over HTTP: publishes the host (Release) to .build/bench-app, starts it on a
# loopback port against a fresh database on the throwaway benchmark PostgreSQL (fsync off), makes 50 managers,
# loads 5,000,000 feed entries (5,000 of them one deal's) and 1,000,000 chat messages in 50 channels, then times
# the deal's feed, the chat's unread counts, and how soon a message reaches another connected manager over
# SignalR. See the "messaging" section of build/bench/README.md.
#
#   bash build/bench/messaging.sh [messaging options]     e.g. --scenarios chat --messages 100000 --port 5096
#
# Knobs (environment): CRM_BENCH_PG_PORT, CRM_BENCH_PG_DIR, CRM_BENCH_PG, CRM_BENCH_SKIP_PUBLISH (build/bench/lib.sh).
# The host is stopped at the end; the cluster is left running (bash build/pg.sh stop .data/pg-bench stops it).
# Results: a table on stdout and build/bench/results/messaging-<date>.json.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=build/bench/lib.sh
. build/bench/lib.sh

case " $* " in
  (*" --help "*|*" -h "*) exec dotnet run -c Release --project "$ROOT/build/bench/Crm.Bench" -- messaging --help ;;
esac

bench_cluster
bench_publish
bench_run messaging --app "$BENCH_APP_DIR" "$@"

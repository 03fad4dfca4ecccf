#!/usr/bin/env bash
# Benchmarks «Неразобранное» (issue 12) over HTTP: publishes the host (Release) to .build/bench-app, starts
# it on a loopback port against a fresh database on the throwaway benchmark PostgreSQL (fsync off), loads
# 10,000 new requests into «Новые дилеры» (+ 90,000 decided ones across three pipelines) and times the
# board's column; then 100 managers accept at once; then a Dovecot of the benchmark's own (build/imap.sh)
# gets 1,000 mails and the shared mailbox is connected and timed until all are taken. See the "inbox"
# section of build/bench/README.md.
#
#   bash build/bench/inbox.sh [inbox options]     e.g. --scenarios board,accept --new 20000 --port 5095
#
# Knobs (environment): CRM_BENCH_PG_PORT, CRM_BENCH_PG_DIR, CRM_BENCH_PG, CRM_BENCH_SKIP_PUBLISH (build/bench/lib.sh);
#   CRM_BENCH_IMAP_PORT / CRM_BENCH_IMAPS_PORT  the Dovecot's plain and TLS ports  (default 10443 / 11293)
#   CRM_BENCH_IMAP_DIR                          its directory                      (default .data/imap-bench)
#
# The host and the Dovecot it starts are stopped at the end; the cluster is left running
# (bash build/pg.sh stop .data/pg-bench stops it).
# Results: a table on stdout and build/bench/results/inbox-<date>.json.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=build/bench/lib.sh
. build/bench/lib.sh

IMAP_PORT=${CRM_BENCH_IMAP_PORT:-10443}
IMAPS_PORT=${CRM_BENCH_IMAPS_PORT:-11293}
IMAP_DIR=${CRM_BENCH_IMAP_DIR:-$ROOT/.data/imap-bench}

case " $* " in
  (*" --help "*|*" -h "*) exec dotnet run -c Release --project "$ROOT/build/bench/Crm.Bench" -- inbox --help ;;
esac

bench_cluster
bench_publish
bash "$ROOT/build/imap.sh" start "$IMAP_DIR" "$IMAP_PORT" "$IMAPS_PORT"
trap 'bash "$ROOT/build/imap.sh" stop "$IMAP_DIR"' EXIT
export CRM_BENCH_IMAP="127.0.0.1:$IMAP_PORT"
# In a subshell: bench_run execs, and the trap above must still stop Dovecot afterwards.
(bench_run inbox --app "$BENCH_APP_DIR" "$@")

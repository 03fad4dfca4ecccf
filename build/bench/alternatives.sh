#!/usr/bin/env bash
# Runs the event-lag benchmark against an alternative bus (ADR 0006), on the same throwaway local
# PostgreSQL (fsync off) as run.sh, so the figures compare with ours.
#
#   bash build/bench/alternatives.sh wolverine|cap [event-lag options]
#       e.g. bash build/bench/alternatives.sh wolverine --steady-events 400 --burst-events 2000
#
# Each alternative is a console program in build/bench/Alternatives/ that wires that library to the
# Crm.Bench.Kit scenario (IBusUnderTest). Knobs (environment): CRM_BENCH_PG_PORT, CRM_BENCH_PG_DIR,
# CRM_BENCH_PG (build/bench/lib.sh); CRM_BENCH_WOLVERINE_PARALLEL (messages in flight per local
# queue, default 1: see WolverineBus.cs).
# Results: a table on stdout and build/bench/results/event-lag-<bus>-<date>.json (--out to change).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=build/bench/lib.sh
. build/bench/lib.sh

usage="usage: bash build/bench/alternatives.sh wolverine|cap [event-lag options]"
case "${1:-}" in
  wolverine) project=build/bench/Alternatives/Crm.Bench.Wolverine ;;
  cap) project=build/bench/Alternatives/Crm.Bench.Cap ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
shift

bench_cluster
CRM_BENCH_PROJECT="$ROOT/$project" bench_run event-lag "$@"

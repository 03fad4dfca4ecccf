#!/usr/bin/env bash
# The abuse limits of issue 10 as shipped, measured from the client's side (never in CI): publishes the host (Release)
# to .build/bench-app and runs each scenario on a fresh database on the throwaway benchmark PostgreSQL (fsync off),
# the host with the shipped limits (the other benchmarks lift the per-IP sign-in limit; this one does not) and a
# trusted proxy on loopback, so each request names its client IP in X-Forwarded-For:
#   bodies          10 anonymous sign-ins with a 28 MB password at once: 413 each; the host's RSS before/after/max
#   one-ip          200 wrong sign-ins to one account from one IP, 20 at a time; the owner from another IP still signs in
#   many-ips        200 wrong sign-ins to the admin, each from its own IP; the admin from a trusted IP still signs in
#   unknown-emails  200 sign-ins with unknown e-mails from many IPs (the hashing gate), a user's GETs meanwhile
#   tokens          one user creates API tokens until refused
# See the "abuse" section of build/bench/README.md.
#
#   bash build/bench/abuse.sh                          # all five: a few minutes
#   bash build/bench/abuse.sh one-ip --concurrency 50
#   CRM_BENCH_PG_DIR=.data/pg-bench-abuse CRM_BENCH_PG_PORT=55437 bash build/bench/abuse.sh --port 5097
#
# Knobs (environment): CRM_BENCH_PG_PORT, CRM_BENCH_PG_DIR, CRM_BENCH_PG, CRM_BENCH_SKIP_PUBLISH (build/bench/lib.sh).
#
# The host is stopped after each scenario; the cluster is left running (bash build/pg.sh stop .data/pg-bench stops it).
# Results: a table on stdout and build/bench/results/abuse[-<scenario>]-<date>.json; the exit code is 1 when an
# expectation of the design fails (a 5xx other than the gate's 503, a 413 missing, the owner or a trusted IP refused,
# more tokens than the limit), never on a time.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=build/bench/lib.sh
. build/bench/lib.sh

bench_cluster
bench_publish
bench_run abuse "$@" --app "$BENCH_APP_DIR"

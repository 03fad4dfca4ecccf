# shellcheck shell=bash
# What the benchmark scripts share (sourced by run.sh, board.sh, suggest.sh, tasks.sh, inbox.sh, … after they cd to
# the repository root): the throwaway benchmark cluster, the published host, and the run itself.
#
# Knobs (environment):
#   CRM_BENCH_PG_PORT         port of the benchmark PostgreSQL      (default 55434)
#   CRM_BENCH_PG_DIR          its data directory                    (default .data/pg-bench)
#   CRM_BENCH_PG              connection string of another server   (then no local cluster is started)
#   CRM_BENCH_SKIP_PUBLISH=1  reuse .build/bench-app as it is

ROOT=$(pwd -P)
export ROOT
# shellcheck source=build/lib.sh
. "$ROOT/build/lib.sh"
require_cmd dotnet "install the .NET 10 SDK"

BENCH_APP_DIR="$ROOT/.build/bench-app"

# Starts the throwaway cluster (fsync off) unless CRM_BENCH_PG names another server; it is left
# running for the next run (bash build/pg.sh stop .data/pg-bench stops it).
bench_cluster() {
  if [ -z "${CRM_BENCH_PG:-}" ]; then
    local port=${CRM_BENCH_PG_PORT:-55434}
    bash "$ROOT/build/pg.sh" start "${CRM_BENCH_PG_DIR:-$ROOT/.data/pg-bench}" "$port" --fast
    export CRM_BENCH_PG="Host=127.0.0.1;Port=$port;Username=postgres"
  fi
}

# Publishes the host (Release, ReadyToRun for this machine as build/Dockerfile does for the image; the API only:
# the benchmarks read JSON, so no Angular build) to .build/bench-app, unless CRM_BENCH_SKIP_PUBLISH=1 and one is there.
bench_publish() {
  if [ "${CRM_BENCH_SKIP_PUBLISH:-0}" = 1 ] && [ -f "$BENCH_APP_DIR/Crm.Host.dll" ]; then
    log "==> CRM_BENCH_SKIP_PUBLISH=1: using .build/bench-app as it is"
  else
    log "==> dotnet publish backend/Crm.Host -c Release (ReadyToRun) -> .build/bench-app"
    dotnet publish "$ROOT/backend/Crm.Host/Crm.Host.csproj" -c Release -o "$BENCH_APP_DIR" -nologo -v:minimal \
      --use-current-runtime --self-contained false -p:PublishReadyToRun=true
  fi
}

# Runs a Crm.Bench command in place of this shell (another benchmark program, e.g. an alternative
# bus in build/bench/Alternatives/, when CRM_BENCH_PROJECT names its project directory). A benchmark
# that starts the host does so as its child process and stops it (SIGTERM) when done, also on failure.
bench_run() {
  CRM_BENCH_GIT_SHA=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  export CRM_BENCH_GIT_SHA
  log "==> load average: $(cat /proc/loadavg) (other work on these cores shows up in every tail figure)"
  exec dotnet run -c Release --project "${CRM_BENCH_PROJECT:-$ROOT/build/bench/Crm.Bench}" -- "$@"
}

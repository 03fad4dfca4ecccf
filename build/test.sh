#!/usr/bin/env bash
# shellcheck disable=SC2016 # the bash -c snippets expand in the child shell
# The one test command: back-end tests (xunit against a real local PostgreSQL), front-end unit tests
# (Vitest), and end-to-end tests (Playwright in Debian's Chromium against the published app).
#
#   bash build/test.sh
#
# Knobs (environment):
#   CRM_TEST_ONLY      comma-separated parts to run: backend, frontend, e2e (default: all)
#   CRM_TEST_PG_PORT   port of the throwaway test PostgreSQL     (default 55433)
#   CRM_TEST_PG_DIR    its data directory                        (default .data/pg-test)
#   CRM_E2E_PORT       port of the app under e2e test            (default 5090)
#   CRM_TEST_REDIS_PORT port of the throwaway Redis (two-instance test) (default 56379)
#   CRM_TEST_IMAP_PORT port of the throwaway IMAP server, Dovecot (Inbox tests): plain IMAP with
#                      STARTTLS                               (default 10143)
#   CRM_TEST_IMAPS_PORT its implicit-TLS port                  (default 10993)
#   CRM_TEST_IMAP_DIR  its config, certificate and mail        (default .data/imap-test)
#                      (started for backend and e2e; Playwright gets E2E_IMAP=127.0.0.1:<port> and
#                      E2E_IMAP_PASSWORD for e2e/mailbox.spec.ts)
#   CRM_E2E_SPECS     only these Playwright specs (space-separated, e.g. "e2e/inbox.spec.ts e2e/deals.spec.ts";
#                      default: all of frontend/e2e)
#   CRM_TEST_KEEP_PG=1 leave the test PostgreSQL running at exit
#   NPM_CI_ALWAYS=1    always run npm ci (the default when CI=true)
#
# Exits non-zero when anything fails. Logs and test results go to .data/test-results/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd -P)
export ROOT
# shellcheck source=build/lib.sh
. "$ROOT/build/lib.sh"

ONLY=${CRM_TEST_ONLY:-all}
PG_PORT=${CRM_TEST_PG_PORT:-55433}
PG_DIR=${CRM_TEST_PG_DIR:-$ROOT/.data/pg-test}
E2E_PORT=${CRM_E2E_PORT:-5090}
REDIS_PORT=${CRM_TEST_REDIS_PORT:-56379}
REDIS_DIR="$ROOT/.data/redis-test"
IMAP_PORT=${CRM_TEST_IMAP_PORT:-10143}
IMAPS_PORT=${CRM_TEST_IMAPS_PORT:-10993}
IMAP_DIR=${CRM_TEST_IMAP_DIR:-$ROOT/.data/imap-test}
IMAP_PASSWORD=test-pass
E2E_URL="http://127.0.0.1:$E2E_PORT"
E2E_DB=crm_e2e
E2E_ADMIN_EMAIL=admin@crm.local
E2E_ADMIN_PASSWORD='Change-me-admin-1'
E2E_APP_DIR="$ROOT/.build/e2e-app"
E2E_LOG="$ROOT/.data/e2e-app.log"
E2E_PID_FILE="$ROOT/.data/e2e-app.pid"
RESULTS="$ROOT/.data/test-results"
SLN="$ROOT/Crm.Modular.sln"

if [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; then
  export NPM_CI_ALWAYS=${NPM_CI_ALWAYS:-1}
  # No long-lived MSBuild worker nodes holding on to CI's output after the run.
  export MSBUILDDISABLENODEREUSE=1
fi

want() {
  [ "$ONLY" = all ] && return 0
  case ",${ONLY// /}," in (*",$1,"*) return 0 ;; esac
  return 1
}
for part in ${ONLY//,/ }; do
  case "$part" in (all|backend|frontend|e2e) ;; (*) die "CRM_TEST_ONLY: unknown part '$part' (backend, frontend, e2e)" ;; esac
done

T0=$SECONDS
mkdir -p "$ROOT/.data"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

hr() { printf '\n==================== %s ====================\n' "$*"; }

# step "title" cmd args...: runs one command with a header and its timing.
step() {
  local title=$1 t=$SECONDS rc=0
  shift
  printf '\n--- %s\n' "$title"
  "$@" || rc=$?
  if [ "$rc" -eq 0 ]; then
    printf -- '--- ok: %s (%ss)\n' "$title" "$((SECONDS - t))"
  else
    printf -- '--- FAILED (exit %s): %s (%ss)\n' "$rc" "$title" "$((SECONDS - t))"
  fi
  return "$rc"
}

# Test counts per part, written to $RESULTS/<part>.counts as "passed failed skipped".
write_counts() { printf '%s %s %s\n' "${2:-0}" "${3:-0}" "${4:-0}" >"$RESULTS/$1.counts"; }

strip_ansi() { sed -E 's/\x1B\[[0-9;]*[A-Za-z]//g'; }

# Sum the <Counters> of all .trx files under a directory.
count_trx() {
  local dir=$1 f line p=0 fl=0 s=0 total executed passed failed
  while IFS= read -r -d '' f; do
    line=$(grep -o '<Counters [^>]*>' "$f" | head -n1) || continue
    total=$(sed -nE 's/.* total="([0-9]+)".*/\1/p' <<<"$line")
    executed=$(sed -nE 's/.* executed="([0-9]+)".*/\1/p' <<<"$line")
    passed=$(sed -nE 's/.* passed="([0-9]+)".*/\1/p' <<<"$line")
    failed=$(sed -nE 's/.* failed="([0-9]+)".*/\1/p' <<<"$line")
    p=$((p + ${passed:-0}))
    fl=$((fl + ${failed:-0}))
    s=$((s + ${total:-0} - ${passed:-0} - ${failed:-0}))
    : "$executed"
  done < <(find "$dir" -name '*.trx' -print0 2>/dev/null)
  echo "$p $fl $s"
}

# Vitest's summary line: "Tests  3 failed | 40 passed | 2 skipped (45)".
count_vitest() {
  strip_ansi <"$1" | awk '
    /^[[:space:]]*Tests[[:space:]]+[0-9]/ { line = $0 }
    END {
      p = f = s = 0
      n = split(line, w, /[[:space:]|()]+/)
      for (i = 2; i <= n; i++) {
        if (w[i] == "passed") p += w[i-1]
        else if (w[i] == "failed") f += w[i-1]
        else if (w[i] == "skipped" || w[i] == "todo") s += w[i-1]
      }
      print p, f, s
    }'
}

# Playwright's closing lines: "  12 passed (30s)", "  1 failed", "  2 skipped", "  1 flaky".
count_playwright() {
  strip_ansi <"$1" | awk '
    /^[[:space:]]+[0-9]+ (passed|flaky)/ { split($0, w, " "); if ($2 == "passed") p = w[1]; else k = w[1] }
    /^[[:space:]]+[0-9]+ (failed|interrupted)/ { split($0, w, " "); f[$2] = w[1] }
    /^[[:space:]]+[0-9]+ did not run/ { split($0, w, " "); d = w[1] }
    /^[[:space:]]+[0-9]+ skipped/ { split($0, w, " "); s = w[1] }
    END { print p + k, f["failed"] + f["interrupted"] + d, s + 0 }'
}

# Names of the failed tests in the .trx files under a directory, one per line, with the
# first line of the message, so the tail of a CI log says what failed.
failed_trx() {
  local dir=$1 f
  while IFS= read -r -d '' f; do
    python3 - "$f" <<'PY' 2>/dev/null || grep -o 'testName="[^"]*"[^>]*outcome="Failed"' "$f" | sed -E 's/testName="([^"]*)".*/  \1/'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") == "Failed":
        m = r.find(".//t:Message", ns)
        first = (m.text or "").strip().splitlines()[0][:300] if m is not None and m.text else ""
        print(f"  {r.get('testName')}\n      {first}")
PY
  done < <(find "$dir" -name '*.trx' -print0 2>/dev/null)
}

# Names of the failed Playwright tests in the list reporter's log, each with the first line of its
# error, so the tail of a CI log says what failed (the app's log is printed before the summary).
failed_playwright() {
  strip_ansi <"$1" | awk '
    /^[[:space:]]+[0-9]+\) / { t = $0; sub(/[[:space:]]*(─)+[[:space:]]*$/, "", t); sub(/^[[:space:]]+/, "", t)
                               print "  " t; want = 1; next }
    want && /^[[:space:]]+(Error|TimeoutError|Test timeout)/ { e = $0; sub(/^[[:space:]]+/, "", e)
                               print "      " substr(e, 1, 300); want = 0 }'
}

stop_e2e_app() {
  if [ -f "$E2E_PID_FILE" ]; then
    stop_pid "$(cat "$E2E_PID_FILE")"
    rm -f "$E2E_PID_FILE"
  fi
}

print_summary() {
  local part st counts p fl s tp=0 tf=0 ts=0 line=""
  hr "summary"
  for part in backend frontend e2e; do
    st=$(cat "$RESULTS/$part.status" 2>/dev/null || echo "not run")
    counts=$(cat "$RESULTS/$part.counts" 2>/dev/null || echo "0 0 0")
    read -r p fl s <<<"$counts"
    tp=$((tp + p)); tf=$((tf + fl)); ts=$((ts + s))
    printf '  %-9s %-8s %s passed, %s failed, %s skipped\n' "$part" "$st" "$p" "$fl" "$s"
    line="$line $part=$st"
  done
  if [ -d "$RESULTS/dotnet" ] && [ "$(cut -d' ' -f2 "$RESULTS/backend.counts" 2>/dev/null || echo 0)" != 0 ]; then
    printf '  failed backend tests:\n'
    failed_trx "$RESULTS/dotnet"
  fi
  if [ -f "$RESULTS/playwright.log" ] && [ "$(cut -d' ' -f2 "$RESULTS/e2e.counts" 2>/dev/null || echo 0)" != 0 ]; then
    printf '  failed e2e tests:\n'
    failed_playwright "$RESULTS/playwright.log"
  fi
  printf '  total time %ss;%s\n' "$((SECONDS - T0))" "$line"
  printf 'summary: %s passed, %s failed, %s skipped\n' "$tp" "$tf" "$ts"
}

cleanup() {
  local rc=$?
  set +e
  stop_e2e_app
  if [ "${CRM_TEST_KEEP_PG:-0}" != 1 ] && declare -F pg_stop >/dev/null; then
    pg_stop "$PG_DIR" >/dev/null 2>&1
  fi
  if declare -F imap_stop >/dev/null; then
    imap_stop "$IMAP_DIR" >/dev/null 2>&1
  fi
  if [ -f "$REDIS_DIR/redis.pid" ]; then
    kill "$(cat "$REDIS_DIR/redis.pid")" >/dev/null 2>&1
    rm -f "$REDIS_DIR/redis.pid"
  fi
  if [ "${__USED_DOTNET:-0}" = 1 ]; then
    dotnet build-server shutdown >/dev/null 2>&1
  fi
  if [ -n "${__SETUP_FAILED:-}" ]; then
    printf '\nFAILED during setup: %s\n' "$__SETUP_FAILED"
  fi
  print_summary
  if [ "$rc" -eq 0 ]; then
    printf 'ALL TESTS PASSED (%ss)\n' "$((SECONDS - T0))"
  else
    printf 'TESTS FAILED (exit %s, %ss)\n' "$rc" "$((SECONDS - T0))"
  fi
  exit "$rc"
}
on_signal() {
  trap - INT TERM
  printf '\ninterrupted: stopping\n' >&2
  if [ -n "${PART_PID:-}" ]; then
    kill_tree "$PART_PID"
    wait "$PART_PID" 2>/dev/null
  fi
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# ================================================================================================
# Parts. Each runs in its own subshell with errexit on, so one failing part does not stop the others.
# ================================================================================================

part_backend() {
  [ -f "$SLN" ] || die "Crm.Modular.sln not found at the repository root"
  step "dotnet build Crm.Modular.sln -c Release" \
    timeout -k 30 1800 dotnet build "$SLN" -c Release -nologo -v:minimal -clp:NoSummary
  local rc=0
  step "dotnet test Crm.Modular.sln -c Release --no-build" \
    timeout -k 30 2400 dotnet test "$SLN" -c Release --no-build -nologo \
      --logger "console;verbosity=minimal" --logger trx --results-directory "$RESULTS/dotnet" \
      --blame-hang-timeout 10m --blame-hang-dump-type none || rc=$?
  # shellcheck disable=SC2046
  write_counts backend $(count_trx "$RESULTS/dotnet")
  read -r p f s <"$RESULTS/backend.counts"
  if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
    warn "dotnet test found no tests"
  fi
  return "$rc"
}

part_frontend() {
  require_cmd node "install Node.js 20"
  require_cmd npm "install Node.js 20"
  local rc=0
  step "npm ci (frontend)" timeout -k 30 900 bash -c '. "$ROOT/build/lib.sh" && npm_ci_if_needed'
  # Module boundaries (features through their index.ts), and the proof that the rule bites.
  step "npm run lint + lint:selftest (frontend)" \
    bash -c 'cd "$ROOT/frontend" && timeout -k 30 300 npm run lint && timeout -k 30 300 npm run lint:selftest'
  step "npm test (frontend, Vitest)" \
    bash -c 'set -o pipefail; cd "$ROOT/frontend" && timeout -k 30 900 npm test 2>&1 | tee "$1"' _ "$RESULTS/vitest.log" || rc=$?
  # shellcheck disable=SC2046
  write_counts frontend $(count_vitest "$RESULTS/vitest.log")
  [ "$rc" -eq 0 ] || return "$rc"
  step "npm run build (frontend -> backend/Crm.Host/wwwroot)" \
    bash -c 'cd "$ROOT/frontend" && timeout -k 30 900 npm run build'
  touch "$RESULTS/frontend.built"
}

part_e2e() {
  require_cmd node "install Node.js 20"
  [ -f "$ROOT/backend/Crm.Host/Crm.Host.csproj" ] || die "backend/Crm.Host/Crm.Host.csproj not found"
  if [ ! -f "$RESULTS/frontend.built" ]; then
    step "npm ci (frontend)" timeout -k 30 900 bash -c '. "$ROOT/build/lib.sh" && npm_ci_if_needed'
    step "npm run build (frontend -> backend/Crm.Host/wwwroot)" \
      bash -c 'cd "$ROOT/frontend" && timeout -k 30 900 npm run build'
  fi

  step "fresh database $E2E_DB" \
    pg_psql "$PG_PORT" -d postgres -q \
      -c "drop database if exists \"$E2E_DB\" with (force)" -c "create database \"$E2E_DB\""

  step "dotnet publish backend/Crm.Host -> .build/e2e-app" \
    timeout -k 30 1200 dotnet publish "$ROOT/backend/Crm.Host/Crm.Host.csproj" -c Release -o "$E2E_APP_DIR" \
      -nologo -v:minimal -clp:NoSummary

  if curl -fsS -o /dev/null --max-time 2 "$E2E_URL/health/live" 2>/dev/null; then
    die "something already answers on $E2E_URL: stop it (or set CRM_E2E_PORT)"
  fi

  printf '\n--- starting the app on %s (log: .data/e2e-app.log)\n' "$E2E_URL"
  (
    cd "$E2E_APP_DIR"
    export ConnectionStrings__Crm="Host=127.0.0.1;Port=$PG_PORT;Database=$E2E_DB;Username=postgres"
    export CRM_ADMIN_EMAIL="$E2E_ADMIN_EMAIL" CRM_ADMIN_PASSWORD="$E2E_ADMIN_PASSWORD"
    export ASPNETCORE_URLS="$E2E_URL" ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
    # The public address: a web form's snippet (e2e/inbox.spec.ts) posts to it from another origin.
    export App__PublicUrl="$E2E_URL"
    # A mailbox that was read is read again a second later (not a minute): e2e/mailbox.spec.ts puts a
    # mail in after the mailbox's first poll and waits for it on the board.
    export Inbox__Mail__PollInterval=00:00:01
    # Tasks' reminders and overdue notices polled every 2 s (not 15): e2e/notifications.spec.ts waits for
    # a task's reminder and then for a task to fall due.
    export Tasks__Reminders__Interval=00:00:02
    exec dotnet Crm.Host.dll
  ) >"$E2E_LOG" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$E2E_PID_FILE"
  trap stop_e2e_app EXIT

  local t=$SECONDS
  if ! wait_http_ok "$E2E_URL/health/ready" 60 "$pid"; then
    printf -- '--- FAILED: the app did not become ready; last lines of .data/e2e-app.log:\n'
    tail -n 60 "$E2E_LOG" || true
    return 1
  fi
  printf -- '--- ok: app ready after %ss\n' "$((SECONDS - t))"

  local rc=0
  # shellcheck disable=SC2086 # CRM_E2E_SPECS is a list of spec paths
  step "npm run e2e (Playwright, /usr/bin/chromium)${CRM_E2E_SPECS:+: $CRM_E2E_SPECS}" \
    bash -c 'set -o pipefail; cd "$ROOT/frontend" && E2E_BASE_URL="$1" E2E_ADMIN_EMAIL="$2" E2E_ADMIN_PASSWORD="$3" \
      timeout -k 30 1800 npm run e2e -- "${@:5}" 2>&1 | tee "$4"' \
      _ "$E2E_URL" "$E2E_ADMIN_EMAIL" "$E2E_ADMIN_PASSWORD" "$RESULTS/playwright.log" ${CRM_E2E_SPECS:-} || rc=$?
  # shellcheck disable=SC2046
  write_counts e2e $(count_playwright "$RESULTS/playwright.log")
  if [ "$rc" -ne 0 ]; then
    printf -- '--- last lines of .data/e2e-app.log:\n'
    tail -n 60 "$E2E_LOG" || true
  fi
  return "$rc"
}

run_part() {
  local part=$1 t=$SECONDS rc=0
  hr "$part"
  # Not "( ... ) || rc=$?": errexit would be ignored inside the subshell. In the background plus
  # `wait`, so that INT/TERM reach on_signal at once.
  set +e
  ( set -euo pipefail; "part_$part" ) &
  PART_PID=$!
  wait "$PART_PID"
  rc=$?
  PART_PID=""
  set -e
  if [ "$rc" -eq 0 ]; then
    echo passed >"$RESULTS/$part.status"
    printf '\n[%s] passed in %ss\n' "$part" "$((SECONDS - t))"
  else
    echo FAILED >"$RESULTS/$part.status"
    printf '\n[%s] FAILED (exit %s) after %ss\n' "$part" "$rc" "$((SECONDS - t))"
    FAILED_PARTS="${FAILED_PARTS:-} $part"
  fi
}

# ================================================================================================
# Setup
# ================================================================================================
hr "setup"
printf 'parts: %s; repo: %s\n' "$ONLY" "$ROOT"
if want backend || want e2e; then
  __SETUP_FAILED="dotnet"
  require_cmd dotnet "install the .NET 10 SDK"
  __USED_DOTNET=1
  printf 'dotnet %s, ' "$(dotnet --version)"
fi
if want frontend || want e2e; then
  __SETUP_FAILED="node"
  require_cmd node "install Node.js 20"
  printf 'node %s, npm %s' "$(node --version)" "$(npm --version)"
fi
echo
t=$SECONDS
__SETUP_FAILED="curl"
ensure_curl
if want backend || want e2e; then
  __SETUP_FAILED="PostgreSQL"
  ensure_postgres
  log "PostgreSQL binaries: $(pg__find_bindir)"
  export PG_EXTRA_OPTS=${PG_EXTRA_OPTS:-"-c max_connections=300"}
  pg_start "$PG_DIR" "$PG_PORT" --fast
  export CRM_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres"
  log "CRM_TEST_PG=$CRM_TEST_PG"
fi
if want backend; then
  __SETUP_FAILED="Redis"
  ensure_redis
  mkdir -p "$REDIS_DIR"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
  done
  redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG || die "Redis did not start on port $REDIS_PORT"
  export CRM_TEST_REDIS="127.0.0.1:$REDIS_PORT"
  log "CRM_TEST_REDIS=$CRM_TEST_REDIS"
fi
if want backend || want e2e; then
  # Dovecot for the Inbox mailbox tests and e2e/mailbox.spec.ts: any user logs in with $IMAP_PASSWORD,
  # each its own mailbox.
  __SETUP_FAILED="IMAP (Dovecot)"
  # shellcheck source=build/imap.sh
  . "$ROOT/build/imap.sh"
  imap_ensure || die "could not install Dovecot (dovecot-imapd)"
  IMAP_PASSWORD=$IMAP_PASSWORD imap_start "$IMAP_DIR" "$IMAP_PORT" "$IMAPS_PORT" \
    || die "Dovecot did not start on ports $IMAP_PORT/$IMAPS_PORT"
  export CRM_TEST_IMAP="127.0.0.1:$IMAP_PORT" CRM_TEST_IMAPS="127.0.0.1:$IMAPS_PORT" CRM_TEST_IMAP_PASSWORD=$IMAP_PASSWORD
  # The e2e specs (Playwright) put mail in with IMAP APPEND through the plain port.
  export E2E_IMAP=$CRM_TEST_IMAP E2E_IMAP_PASSWORD=$IMAP_PASSWORD
  log "CRM_TEST_IMAP=$CRM_TEST_IMAP CRM_TEST_IMAPS=$CRM_TEST_IMAPS"
fi
if want e2e; then
  __SETUP_FAILED="chromium"
  ensure_chromium
  log "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo '?')"
fi
__SETUP_FAILED=""
log "setup done in $((SECONDS - t))s"

FAILED_PARTS=""
for part in backend frontend e2e; do
  if want "$part"; then run_part "$part"; else echo skipped >"$RESULTS/$part.status"; fi
done

[ -z "$FAILED_PARTS" ] || exit 1

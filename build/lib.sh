# shellcheck shell=bash
# Shared helpers for build/run.sh and build/test.sh. Source it; it does not change shell options.
# Expects ROOT (the repository root, absolute) to be set by the caller.

: "${ROOT:?ROOT must be set before sourcing build/lib.sh}"

# A sane environment for non-interactive runs (CI has no stdin and maybe no HOME).
if [ -z "${HOME:-}" ]; then
  HOME=$(getent passwd "$(id -u)" | cut -d: -f6)
  export HOME
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_GENERATE_ASPNET_CERTIFICATE=false
export NG_CLI_ANALYTICS=false NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

log() { printf '%s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run apt-get as root (or through sudo); `apt-get update` only once per script run.
__APT_UPDATED=0
apt_install() {
  local sudo=""
  if ! is_root; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to apt-get install $*"
    sudo="sudo"
  fi
  if [ "$__APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    $sudo apt-get update -qq || die "apt-get update failed"
    __APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "$@" >/dev/null \
    || die "apt-get install $* failed"
}

# Install Debian's PostgreSQL when missing, then define the pg_* functions.
ensure_postgres() {
  # shellcheck source=build/pg.sh
  . "$ROOT/build/pg.sh"
  if ! pg__find_bindir >/dev/null; then
    apt_install postgresql postgresql-contrib
  fi
  pg_ensure_binaries || die "no PostgreSQL 15+ binaries"
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return 0; fi
  apt_install chromium
  [ -x /usr/bin/chromium ] || die "chromium installed but /usr/bin/chromium is missing"
}

# Debian's Redis, for the two-instance test's SignalR backplane.
ensure_redis() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  command -v redis-server >/dev/null 2>&1 || die "redis-server installed but not on PATH"
}

ensure_curl() {
  command -v curl >/dev/null 2>&1 || apt_install curl
}

require_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "$1 not found on PATH${2:+ ($2)}"
}

# `npm ci` in frontend/ unless node_modules already matches package-lock.json (a stamp records the
# lock's hash and the node/npm versions). NPM_CI_ALWAYS=1 forces it.
npm_ci_if_needed() {
  local fe="$ROOT/frontend" stamp want
  [ -f "$fe/package.json" ] || die "frontend/package.json not found"
  [ -f "$fe/package-lock.json" ] || die "frontend/package-lock.json not found (npm ci needs it)"
  stamp="$fe/node_modules/.crm-npm-ci.stamp"
  want="$(sha256sum "$fe/package-lock.json" "$fe/package.json" | cut -d' ' -f1 | tr '\n' ' ')node=$(node --version) npm=$(npm --version)"
  if [ "${NPM_CI_ALWAYS:-0}" != 1 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    log "node_modules is up to date with package-lock.json: skipping npm ci"
    return 0
  fi
  (cd "$fe" && npm ci --no-audit --no-fund --prefer-offline) || return 1
  mkdir -p "$fe/node_modules" && printf '%s' "$want" >"$stamp"
}

# Wait until URL answers 2xx; fail after TIMEOUT seconds or when PID (optional) has exited.
wait_http_ok() {
  local url=$1 timeout=$2 pid=${3:-} start=$SECONDS
  while :; do
    if curl -fsS -o /dev/null --max-time 3 "$url" 2>/dev/null; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      printf 'process %s exited while waiting for %s\n' "$pid" "$url" >&2
      return 1
    fi
    if [ $((SECONDS - start)) -ge "$timeout" ]; then
      printf 'timed out after %ss waiting for %s\n' "$timeout" "$url" >&2
      return 1
    fi
    sleep 1
  done
}

# Stop a process by pid: TERM, wait up to 15 s, then KILL.
stop_pid() {
  local pid=$1 _i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _i in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
}

# Child pids of a process (pgrep when there, else /proc).
child_pids() {
  if command -v pgrep >/dev/null 2>&1; then
    pgrep -P "$1" 2>/dev/null || true
    return 0
  fi
  local st
  for st in /proc/[0-9]*/stat; do
    # field 4 (ppid), counted after the ")" that closes the command name
    [ "$(sed -E 's/.*\) [A-Za-z] ([0-9]+) .*/\1/' "$st" 2>/dev/null)" = "$1" ] || continue
    st=${st#/proc/}; printf '%s\n' "${st%/stat}"
  done
}

# All descendants of a process, parents before children.
descendant_pids() {
  local c
  for c in $(child_pids "$1"); do
    printf '%s\n' "$c"
    descendant_pids "$c"
  done
}

# TERM a process and everything it started (used when the run is interrupted).
kill_tree() {
  local pids
  pids="$1 $(descendant_pids "$1" | tr '\n' ' ')"
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
}

# Which PostgreSQL database build/backup.sh and build/restore.sh work on, exported as libpq's PG*
# variables. In order: the app's own connection string (ConnectionStrings__Crm, Npgsql's
# "Host=…;Port=…;Database=…;Username=…;Password=…", as in docker-compose.yml); PG* variables already
# set (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD: e.g. inside the db container); otherwise the
# project-local cluster of build/run.sh (CRM_PG_PORT, CRM_PG_DIR, CRM_DB), started when it is not running.
# Sets PG_BIN to the directory of pg_dump/pg_restore/psql.
crm_db_target() {
  if [ -n "${ConnectionStrings__Crm:-}" ]; then
    local part key value
    local IFS=';'
    for part in $ConnectionStrings__Crm; do
      key=$(printf '%s' "${part%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')
      value=${part#*=}
      case "$key" in
        (host|server) export PGHOST="$value" ;;
        (port) export PGPORT="$value" ;;
        (database|db) export PGDATABASE="$value" ;;
        (username|userid|user|uid) export PGUSER="$value" ;;
        (password|pwd) export PGPASSWORD="$value" ;;
      esac
    done
    CRM_DB_WHERE="ConnectionStrings__Crm"
  elif [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}${PGDATABASE:-}" ]; then
    CRM_DB_WHERE="PG* environment"
  else
    local port=${CRM_PG_PORT:-55432} dir=${CRM_PG_DIR:-$ROOT/.data/pg}
    ensure_postgres
    pg_start "$dir" "$port" || die "could not start the local PostgreSQL in $dir on port $port"
    export PGHOST=127.0.0.1 PGPORT="$port" PGUSER=postgres PGDATABASE="${CRM_DB:-crm}"
    CRM_DB_WHERE="local cluster ${dir#"$ROOT"/}"
  fi
  export PGDATABASE="${PGDATABASE:-${CRM_DB:-crm}}"
  # shellcheck source=build/pg.sh
  . "$ROOT/build/pg.sh"
  if PG_BIN=$(pg__find_bindir 2>/dev/null); then :;
  elif command -v pg_dump >/dev/null 2>&1; then PG_BIN=$(dirname "$(command -v pg_dump)");
  else die "pg_dump not found: install the PostgreSQL client (postgresql-client)"; fi
  CRM_DB_SERVER="${PGHOST:-local socket}:${PGPORT:-5432}"
}

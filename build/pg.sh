#!/usr/bin/env bash
# Project-local PostgreSQL helper.
#
#   build/pg.sh start <dir> <port> [--fast]   init (once) and start a cluster in <dir> on 127.0.0.1:<port>
#   build/pg.sh stop <dir>                    stop it (no-op when not running)
#   build/pg.sh status <dir>                  exit 0 when running
#   build/pg.sh bindir                        print the PostgreSQL bin directory (installs when missing)
#
# Can also be sourced: it then only defines the pg_* functions below (pg_bindir, pg_ensure_binaries,
# pg_start, pg_stop, pg_status, pg_psql) and does not change the caller's shell options.
#
# PG_EXTRA_OPTS (environment) adds server options when the server is started, e.g. "-c max_connections=300".
# --fast turns off fsync, synchronous_commit and full_page_writes: for throwaway test data only.
# Auth is "trust" for local connections, superuser "postgres": a developer/test cluster, never production.
# As root, initdb/pg_ctl run as the postgres user and <dir> is owned by postgres. If the postgres user
# cannot reach <dir> (e.g. the repo lives under a 0700 home), the cluster lives in
# /var/tmp/crm-pg/<hash of dir> instead and <dir> becomes a symlink to it.

pg__log() { printf '[pg] %s\n' "$*" >&2; }
pg__die() { printf '[pg] ERROR: %s\n' "$*" >&2; return 1; }

pg__is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as the cluster owner (postgres when we are root), from a directory it can read.
pg__as_owner() {
  if pg__is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# Print the bin directory of the newest PostgreSQL >= 15 found, or fail.
pg__find_bindir() {
  local d best="" bestv=0 v
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      v=$("$d/pg_ctl" --version 2>/dev/null | sed -E 's/[^0-9]*([0-9]+).*/\1/')
      if [ "${v:-0}" -ge 15 ] 2>/dev/null; then best=$d; bestv=$v; fi
    fi
  fi
  for d in /usr/lib/postgresql/*/bin; do
    if [ ! -x "$d/initdb" ] || [ ! -x "$d/pg_ctl" ]; then continue; fi
    v=$(basename "$(dirname "$d")")
    case "$v" in (*[!0-9]*|'') continue ;; esac
    if [ "$v" -ge 15 ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
  done
  [ -n "$best" ] || return 1
  printf '%s\n' "$best"
}

# Install Debian's PostgreSQL when no usable binaries are there.
pg_ensure_binaries() {
  if pg__find_bindir >/dev/null; then return 0; fi
  pg__log "PostgreSQL binaries not found; installing postgresql + postgresql-contrib via apt"
  local sudo=""
  if ! pg__is_root; then
    command -v sudo >/dev/null 2>&1 || { pg__die "not root and no sudo: install postgresql (15+) yourself"; return 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq || { pg__die "apt-get update failed"; return 1; }
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 \
    postgresql postgresql-contrib >/dev/null || { pg__die "apt-get install postgresql failed"; return 1; }
  pg__find_bindir >/dev/null || { pg__die "PostgreSQL installed but no 15+ binaries found"; return 1; }
}

pg_bindir() {
  pg_ensure_binaries || return 1
  pg__find_bindir
}

# Absolute path of <dir> (need not exist yet).
pg__abspath() {
  local p=$1
  case "$p" in (/*) ;; (*) p="$PWD/$p" ;; esac
  # normalise without requiring existence
  local parent base
  parent=$(dirname "$p"); base=$(basename "$p")
  mkdir -p "$parent"
  printf '%s/%s\n' "$(cd "$parent" && pwd -P)" "$base"
}

# The directory that really holds the cluster for <dir> (see the header about the fallback).
pg__datadir() {
  local dir abs
  abs=$(pg__abspath "$1") || return 1
  if [ -L "$abs" ]; then
    readlink -f "$abs"; return 0
  fi
  if pg__is_root && [ ! -d "$abs/base" ]; then
    local parent
    parent=$(dirname "$abs")
    if ! runuser -u postgres -- test -x "$parent" 2>/dev/null; then
      local h
      h=$(printf '%s' "$abs" | sha256sum | cut -c1-12)
      dir="/var/tmp/crm-pg/$h"
      printf '%s\n' "$dir"; return 0
    fi
  fi
  printf '%s\n' "$abs"
}

# Port of the running server in <datadir>, from postmaster.pid (4th line).
pg__running_port() { sed -n '4p' "$1/postmaster.pid" 2>/dev/null; }

pg_status() {
  local bindir data
  bindir=$(pg__find_bindir) || return 1
  data=$(pg__datadir "$1") || return 1
  [ -f "$data/PG_VERSION" ] || return 1
  pg__as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
}

pg_start() {
  local dir=${1:?usage: pg_start <dir> <port> [--fast]} port=${2:?usage: pg_start <dir> <port> [--fast]}
  local fast=0 arg
  shift 2
  for arg in "$@"; do
    case "$arg" in
      (--fast) fast=1 ;;
      (*) pg__die "unknown option: $arg"; return 1 ;;
    esac
  done
  case "$port" in (*[!0-9]*|'') pg__die "port must be a number: $port"; return 1 ;; esac

  pg_ensure_binaries || return 1
  local bindir abs data
  bindir=$(pg__find_bindir) || return 1
  abs=$(pg__abspath "$dir") || return 1
  data=$(pg__datadir "$dir") || return 1
  if [ "$data" != "$abs" ] && [ ! -e "$abs" ]; then
    pg__log "postgres user cannot reach $abs; keeping the cluster in $data (symlinked)"
    mkdir -p "$data"
    chmod 755 "$(dirname "$data")"
    ln -s "$data" "$abs"
  fi

  # Initialise once.
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    if [ -n "$(ls -A "$data" 2>/dev/null)" ]; then
      pg__die "$data exists, is not empty and is not a PostgreSQL cluster"; return 1
    fi
    pg__is_root && chown postgres:postgres "$data"
    chmod 700 "$data"
    pg__log "initdb $data"
    if ! pg__as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$data.initdb.log" 2>&1; then
      cat "$data.initdb.log" >&2
      pg__die "initdb failed"; return 1
    fi
    rm -f "$data.initdb.log"
  elif pg__is_root && [ "$(stat -c %U "$data")" != postgres ]; then
    chown -R postgres:postgres "$data"
  fi

  # Already running?
  if pg__as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    local running
    running=$(pg__running_port "$data")
    if [ "$running" = "$port" ]; then
      pg__log "already running on 127.0.0.1:$port ($dir)"
      return 0
    fi
    pg__log "running on port ${running:-?}, wanted $port: restarting"
    pg__as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null || { pg__die "could not stop"; return 1; }
  fi

  local opts="-c listen_addresses=127.0.0.1 -p $port -k $data"
  if [ "$fast" -eq 1 ]; then
    opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  # Extra server options, e.g. PG_EXTRA_OPTS="-c max_connections=300" (applied when it starts).
  if [ -n "${PG_EXTRA_OPTS:-}" ]; then
    opts="$opts $PG_EXTRA_OPTS"
  fi
  pg__log "starting on 127.0.0.1:$port ($dir)$([ "$fast" -eq 1 ] && echo ', fast: fsync off')"
  if ! pg__as_owner "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 -o "$opts" start >/dev/null; then
    echo "---- $data/server.log (tail) ----" >&2
    tail -n 30 "$data/server.log" >&2 2>/dev/null || true
    pg__die "PostgreSQL did not start on port $port (port in use by another server?)"; return 1
  fi
}

pg_stop() {
  local dir=${1:?usage: pg_stop <dir>}
  local bindir data
  bindir=$(pg__find_bindir) || { pg__log "no PostgreSQL binaries: nothing to stop"; return 0; }
  data=$(pg__datadir "$dir") || return 1
  if [ ! -f "$data/PG_VERSION" ]; then
    pg__log "no cluster in $dir: nothing to stop"; return 0
  fi
  if ! pg__as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    pg__log "not running ($dir)"; return 0
  fi
  pg__log "stopping ($dir)"
  pg__as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
}

# psql against a local cluster: pg_psql <port> [psql args...] (as superuser postgres over TCP).
pg_psql() {
  local port=${1:?usage: pg_psql <port> [args]}
  shift
  local bindir
  bindir=$(pg__find_bindir) || return 1
  PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" \
    "$bindir/psql" -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  cmd=${1:-}
  shift || true
  case "$cmd" in
    (start) pg_start "$@" ;;
    (stop) pg_stop "$@" ;;
    (status) pg_status "$@" ;;
    (bindir) pg_bindir ;;
    (*) echo "usage: $0 start <dir> <port> [--fast] | stop <dir> | status <dir> | bindir" >&2; exit 2 ;;
  esac
fi

#!/usr/bin/env bash
# Project-local IMAP server for tests: Debian's Dovecot as a throwaway instance on loopback.
#
#   build/imap.sh start <dir> <port> [<tlsport>]   start (config, certificate, mail under <dir>)
#   build/imap.sh stop <dir>                      stop it (no-op when not running; the mail stays)
#   build/imap.sh status <dir>                    exit 0 when running
#   build/imap.sh ensure                          install dovecot-imapd when missing
#
# Can also be sourced: it then only defines the imap_* functions below and does not change the
# caller's shell options.
#
# What the instance is (see docs/adr/0008-imap-test-server.md):
# - 127.0.0.1:<port> plain IMAP with STARTTLS, 127.0.0.1:<tlsport> implicit TLS (IMAPS); both take
#   plaintext logins (the tests log in over the plain port too).
# - ANY user name logs in with the one password (IMAP_PASSWORD, default "test-pass"), and each user
#   is a separate maildir under <dir>/mail/<user>: a test that takes a fresh user has its own
#   empty mailbox, and may create folders in it freely. Never a real mail server.
# - A self-signed certificate (CN=localhost, SAN localhost + 127.0.0.1) is made at every start,
#   <dir>/cert.pem: clients must not trust it unless told to.
# - Its own config (<dir>/dovecot.conf, nothing read from /etc/dovecot), log (<dir>/dovecot.log),
#   and runtime directory (/tmp/crm-imap-<hash of dir>: socket paths must stay short). The mail
#   (and with it each folder's UIDVALIDITY and UIDs) survives stop/start.
# - As root, the master runs as root, the mail processes as the package's "dovecot" user (Dovecot
#   refuses uid 0 for mail) and the login processes as "dovenull"; as another user, everything runs
#   as that user. <dir>/mail belongs to the mail user (see imap__maildir for unreachable <dir>s).
# No failure delay and no auth penalty after a wrong password: the tests stay quick.
#
# IMAP_PASSWORD (environment) sets the password when the instance is started.

imap__log() { printf '[imap] %s\n' "$*" >&2; }
imap__die() { printf '[imap] ERROR: %s\n' "$*" >&2; return 1; }

imap__is_root() { [ "$(id -u)" -eq 0 ]; }

imap__abspath() {
  local p=$1 parent base
  case "$p" in (/*) ;; (*) p="$PWD/$p" ;; esac
  parent=$(dirname "$p"); base=$(basename "$p")
  mkdir -p "$parent"
  printf '%s/%s\n' "$(cd "$parent" && pwd -P)" "$base"
}

imap__rundir() { printf '/tmp/crm-imap-%s\n' "$(printf '%s' "$1" | sha256sum | cut -c1-12)"; }

# Install Debian's Dovecot (IMAP only) when missing. apt may not start the system service here
# (policy-rc.d); where it does, that one listens on 143/993, not on our ports.
imap_ensure() {
  command -v dovecot >/dev/null 2>&1 && [ -x /usr/lib/dovecot/imap ] && return 0
  imap__log "dovecot not found; installing dovecot-imapd via apt"
  local sudo=""
  if ! imap__is_root; then
    command -v sudo >/dev/null 2>&1 || { imap__die "not root and no sudo: install dovecot-imapd yourself"; return 1; }
    sudo="sudo"
  fi
  if [ "${__APT_UPDATED:-0}" -eq 0 ]; then
    $sudo apt-get update -qq || { imap__die "apt-get update failed"; return 1; }
    __APT_UPDATED=1
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 \
    dovecot-imapd >/dev/null || { imap__die "apt-get install dovecot-imapd failed"; return 1; }
  command -v dovecot >/dev/null 2>&1 || { imap__die "dovecot installed but not on PATH"; return 1; }
  command -v openssl >/dev/null 2>&1 || { imap__die "openssl not found (dovecot-core depends on it)"; return 1; }
}

# The user the mail processes run as when we are root (Dovecot refuses uid 0 for mail access).
IMAP_MAIL_USER=${IMAP_MAIL_USER:-dovecot}

# Make and print the directory holding the users' maildirs: <dir>/mail, owned by the mail user. When
# root and that user cannot reach <dir> (e.g. a repository under a 0700 home), the mail lives in
# /var/tmp/crm-imap/<hash>/mail instead and <dir>/mail is a symlink to it.
imap__maildir() {
  local abs=$1 mail="$1/mail" real
  if [ -L "$mail" ]; then
    real=$(readlink -f "$mail")
    mkdir -p "$real"
    mail=$real
  elif imap__is_root && [ ! -d "$mail" ] && ! runuser -u "$IMAP_MAIL_USER" -- test -x "$abs" 2>/dev/null; then
    real="/var/tmp/crm-imap/$(printf '%s' "$abs" | sha256sum | cut -c1-12)/mail"
    imap__log "user $IMAP_MAIL_USER cannot reach $abs; keeping the mail in $real (symlinked)"
    mkdir -p "$real"
    chmod 755 /var/tmp/crm-imap "$(dirname "$real")"
    ln -s "$real" "$mail"
    mail=$real
  else
    mkdir -p "$mail"
  fi
  if imap__is_root; then
    chown "$IMAP_MAIL_USER:" "$mail"
  fi
  printf '%s\n' "$mail"
}

imap__pid() {
  local pidfile
  pidfile="$(imap__rundir "$1")/master.pid"
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile" 2>/dev/null)
  [ -n "$pid" ] && imap__alive "$pid" || return 1
  printf '%s\n' "$pid"
}

imap_status() {
  local abs
  abs=$(imap__abspath "${1:?usage: imap_status <dir>}") || return 1
  imap__pid "$abs" >/dev/null
}

# Wait until 127.0.0.1:<port> greets with "* OK" (up to <tries> × 0.1 s).
imap__wait_greeting() {
  local port=$1 tries=$2 i line
  for ((i = 0; i < tries; i++)); do
    if exec 9<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
      line=""
      IFS= read -r -t 2 line <&9 || true
      exec 9<&- 9>&-
      case "$line" in ("* OK"*) return 0 ;; esac
    fi
    sleep 0.1
  done
  return 1
}

imap__write_config() {
  local abs=$1 port=$2 tlsport=$3 run=$4 password=$5 mail=$6 uid gid user
  uid=$(id -u); gid=$(id -g); user=$(id -un)
  if imap__is_root; then
    uid=$(id -u "$IMAP_MAIL_USER"); gid=$(id -g "$IMAP_MAIL_USER")
  fi
  {
    cat <<EOF
# Written by build/imap.sh at every start: a throwaway test instance, never a real mail server.
protocols = imap
listen = 127.0.0.1
base_dir = $run
state_dir = $abs/state
instance_name = crm-imap-$(basename "$run")
log_path = $abs/dovecot.log
info_log_path = $abs/dovecot.log
login_greeting = crm test imap ready

ssl = yes
ssl_cert = <$abs/cert.pem
ssl_key = <$abs/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
auth_cache_size = 0

# Any user name, one password; each user its own maildir.
passdb {
  driver = static
  args = password=$password
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$mail/%u
}
mail_location = maildir:~/Maildir
first_valid_uid = $uid
first_valid_gid = $gid
mail_max_userip_connections = 200

namespace inbox {
  inbox = yes
  separator = /
}

service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $tlsport
    ssl = yes
  }
}
# No auth penalty: Dovecot would otherwise slow down every login from 127.0.0.1 after a wrong password.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    port = 0
  }
}
service submission-login {
  inet_listener submission {
    port = 0
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0600
  }
}
EOF
    if ! imap__is_root; then
      # Dovecot as an ordinary user: every service runs as that user, no chroots.
      cat <<EOF
default_login_user = $user
default_internal_user = $user
default_internal_group = $(id -gn)
service anvil {
  chroot =
}
service imap-login {
  chroot =
  user = $user
}
EOF
    fi
  } >"$abs/dovecot.conf"
}

imap_start() {
  local dir=${1:?usage: imap_start <dir> <port> [<tlsport>]} port=${2:?usage: imap_start <dir> <port> [<tlsport>]}
  local tlsport=${3:-$((port + 850))}
  local p
  for p in "$port" "$tlsport"; do
    case "$p" in (*[!0-9]*|'') imap__die "port must be a number: $p"; return 1 ;; esac
  done
  imap_ensure || return 1
  local abs run password=${IMAP_PASSWORD:-test-pass}
  abs=$(imap__abspath "$dir") || return 1
  run=$(imap__rundir "$abs")
  if imap__pid "$abs" >/dev/null; then
    imap__log "already running ($dir): restarting with the current settings"
    imap_stop "$dir" || return 1
  fi
  mkdir -p "$abs/state"
  local mail
  mail=$(imap__maildir "$abs") || return 1
  # A fresh self-signed certificate at every start (EC P-256: made in milliseconds).
  if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 \
      -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
      -keyout "$abs/key.pem" -out "$abs/cert.pem" >/dev/null 2>&1; then
    imap__die "openssl could not make the self-signed certificate"; return 1
  fi
  chmod 600 "$abs/key.pem"
  imap__write_config "$abs" "$port" "$tlsport" "$run" "$password" "$mail"
  : >>"$abs/dovecot.log"
  imap__log "starting Dovecot on 127.0.0.1:$port (STARTTLS) and 127.0.0.1:$tlsport (TLS) ($dir)"
  if ! dovecot -c "$abs/dovecot.conf" 2>"$abs/start.err"; then
    cat "$abs/start.err" >&2
    tail -n 20 "$abs/dovecot.log" >&2 2>/dev/null || true
    imap__die "Dovecot did not start (ports $port/$tlsport in use?)"; return 1
  fi
  if ! imap__wait_greeting "$port" 100 || ! imap__wait_greeting_tls "$tlsport"; then
    tail -n 20 "$abs/dovecot.log" >&2 2>/dev/null || true
    imap_stop "$dir" >/dev/null 2>&1
    imap__die "Dovecot started but does not answer on 127.0.0.1:$port/$tlsport (ports in use?)"; return 1
  fi
}

# The TLS port answers a TLS handshake (the plain greeting is checked first, so it is up by now).
imap__wait_greeting_tls() {
  local port=$1 i
  for ((i = 0; i < 50; i++)); do
    if printf 'a logout\r\n' | timeout 5 openssl s_client -connect "127.0.0.1:$port" -quiet 2>/dev/null | grep -q '^\* OK'; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

imap_stop() {
  local abs pid i
  abs=$(imap__abspath "${1:?usage: imap_stop <dir>}") || return 1
  if ! pid=$(imap__pid "$abs"); then
    imap__log "not running ($1)"; return 0
  fi
  imap__log "stopping ($1)"
  # The master stops its services, but an IMAP process with a client still connected outlives it
  # (it says BYE and waits for the client): those are killed, so that once this returns no client
  # of this instance is served any more. Dovecot's indexes survive a kill.
  local children
  children=$(imap__children "$pid")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    imap__alive "$pid" || break
    sleep 0.05
  done
  # shellcheck disable=SC2086
  kill -KILL "$pid" $children 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    imap__any_alive "$pid $children" || break
    sleep 0.05
  done
  rm -rf "$(imap__rundir "$abs")"
}

# Pids whose parent is $1 (from /proc in one pass: procps may be missing; a process that ends
# while awk reads is no error).
imap__children() {
  awk -v parent="$1" '{ pid = $1; sub(/.*\) /, ""); if ($2 == parent) printf "%s ", pid }' /proc/[0-9]*/stat 2>/dev/null || true
}

# A process is alive while it exists and is not a zombie: Dovecot's master daemonises, so its
# parent is init, which (in a container) may take its time to reap it.
imap__alive() {
  local line state
  { IFS= read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
  state=${line##*) }
  state=${state%% *}
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

imap__any_alive() {
  local p
  for p in $1; do
    imap__alive "$p" && return 0
  done
  return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  cmd=${1:-}
  shift || true
  case "$cmd" in
    (start) imap_start "$@" ;;
    (stop) imap_stop "$@" ;;
    (status) imap_status "$@" ;;
    (ensure) imap_ensure ;;
    (*) echo "usage: $0 start <dir> <port> [<tlsport>] | stop <dir> | status <dir> | ensure" >&2; exit 2 ;;
  esac
fi

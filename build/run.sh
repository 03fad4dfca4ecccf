#!/usr/bin/env bash
# Build and run the CRM on this machine against a project-local PostgreSQL (started here).
#
#   bash build/run.sh
#
# Knobs (environment):
#   CRM_PORT            HTTP port of the app                      (default 5080)
#   CRM_HOST            address the app listens on                (default 127.0.0.1)
#   CRM_PG_PORT         port of the local PostgreSQL              (default 55432)
#   CRM_PG_DIR          data directory of the local PostgreSQL    (default .data/pg)
#   CRM_DB              database name                             (default crm)
#   CRM_ADMIN_EMAIL     first admin, created when there are no users (default admin@crm.local)
#   CRM_ADMIN_PASSWORD  its password                              (default Change-me-admin-1)
#   CRM_PUBLIC_URL      the address users reach the app at (App__PublicUrl: web forms' snippets,
#                       calendar links)                         (default http://CRM_HOST:CRM_PORT)
#   CRM_SKIP_BUILD=1    reuse the last build in .build/app (no npm/dotnet build)
#   NPM_CI_ALWAYS=1     run npm ci even when node_modules looks up to date
#
# Stop with Ctrl+C; the PostgreSQL server keeps running (stop it with: bash build/pg.sh stop .data/pg).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd -P)
export ROOT
# shellcheck source=build/lib.sh
. "$ROOT/build/lib.sh"

CRM_PORT=${CRM_PORT:-5080}
CRM_HOST=${CRM_HOST:-127.0.0.1}
CRM_PG_PORT=${CRM_PG_PORT:-55432}
CRM_PG_DIR=${CRM_PG_DIR:-$ROOT/.data/pg}
CRM_DB=${CRM_DB:-crm}
CRM_ADMIN_EMAIL=${CRM_ADMIN_EMAIL:-admin@crm.local}
CRM_ADMIN_PASSWORD=${CRM_ADMIN_PASSWORD:-Change-me-admin-1}
APP_DIR="$ROOT/.build/app"

require_cmd dotnet "install the .NET 10 SDK"

# ---- PostgreSQL --------------------------------------------------------------------------------
log "==> PostgreSQL (local cluster in ${CRM_PG_DIR#"$ROOT"/}, port $CRM_PG_PORT)"
ensure_postgres
pg_start "$CRM_PG_DIR" "$CRM_PG_PORT"
if [ "$(pg_psql "$CRM_PG_PORT" -d postgres -Atc "select 1 from pg_database where datname = '$CRM_DB'")" != 1 ]; then
  log "creating database $CRM_DB"
  pg_psql "$CRM_PG_PORT" -d postgres -qc "create database \"$CRM_DB\""
fi

# ---- Build -------------------------------------------------------------------------------------
if [ "${CRM_SKIP_BUILD:-0}" = 1 ] && [ -f "$APP_DIR/Crm.Host.dll" ]; then
  log "==> CRM_SKIP_BUILD=1: using the existing build in .build/app"
else
  require_cmd node "install Node.js 20"
  require_cmd npm "install Node.js 20"
  log "==> Front end (npm ci, npm run build)"
  npm_ci_if_needed
  (cd "$ROOT/frontend" && npm run build)

  log "==> Back end (dotnet publish backend/Crm.Host, ReadyToRun as the image -> .build/app)"
  [ -f "$ROOT/backend/Crm.Host/Crm.Host.csproj" ] || die "backend/Crm.Host/Crm.Host.csproj not found"
  dotnet publish "$ROOT/backend/Crm.Host/Crm.Host.csproj" -c Release -o "$APP_DIR" -nologo -v:minimal \
    --use-current-runtime --self-contained false -p:PublishReadyToRun=true
fi

# ---- Migrate and run ---------------------------------------------------------------------------
export ConnectionStrings__Crm="Host=127.0.0.1;Port=$CRM_PG_PORT;Database=$CRM_DB;Username=postgres"
export CRM_ADMIN_EMAIL CRM_ADMIN_PASSWORD
export ASPNETCORE_URLS="http://$CRM_HOST:$CRM_PORT"
# Where a web form's snippet posts and calendar links point: what users (and the company's site) reach.
export App__PublicUrl=${CRM_PUBLIC_URL:-http://$CRM_HOST:$CRM_PORT}
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}

log "==> Migrating database $CRM_DB"
(cd "$APP_DIR" && dotnet Crm.Host.dll migrate)

cat <<EOF

================================================================================
  CRM is starting at   http://$CRM_HOST:$CRM_PORT/
  Sign in with
      e-mail:    $CRM_ADMIN_EMAIL
      password:  the value of CRM_ADMIN_PASSWORD (not printed; the default is in build/run.sh)
  (the admin is created on the first start, when the database has no users;
   if you already had users, use those accounts)
  Health:      http://$CRM_HOST:$CRM_PORT/health/ready
  Database:    Host=127.0.0.1;Port=$CRM_PG_PORT;Database=$CRM_DB;Username=postgres
  Stop with Ctrl+C.
================================================================================

EOF

cd "$APP_DIR"
exec dotnet Crm.Host.dll

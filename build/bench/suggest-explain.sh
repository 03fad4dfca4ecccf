#!/usr/bin/env bash
# EXPLAIN (ANALYZE, BUFFERS) of the suggest queries for one q, on a database kept by `suggest.sh --keep-db`.
#
#   bash build/bench/suggest-explain.sh <database> <q> [company|contact] [limit]
#   e.g. bash build/bench/suggest-explain.sh crm_suggest_20261127_013200 'Ива' contact
#
# The SQL is a copy of backend/Modules/Directory/Crm.Modules.Directory/Features/Suggest.cs (Hits, CompaniesSql,
# ContactsSql) with the parameters inlined as literals; the patterns are built as the handler builds them
# (SearchKeys.Fold, Phones.SearchDigits). If Suggest.cs changes, change this copy too.
# Connects to CRM_BENCH_PG_PORT (default 55434) on 127.0.0.1 as postgres.
set -euo pipefail
[ $# -ge 2 ] || { sed -n 2,10p "$0"; exit 2; }
DB=$1 Q=$2 KIND=${3:-} LIMIT=${4:-8}
PORT=${CRM_BENCH_PG_PORT:-55434}
PSQL=(psql -h 127.0.0.1 -p "$PORT" -U postgres -d "$DB" -X -q -v ON_ERROR_STOP=1)
if ! command -v psql >/dev/null; then PSQL=("$(bash "$(dirname "$0")/../pg.sh" bindir)/psql" "${PSQL[@]:1}"); fi

python3 - "$Q" "$KIND" "$LIMIT" > /tmp/suggest-explain.$$.sql <<'PY'
import re, sys
q, kind, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
folded = re.sub(r"\s+", " ", q.strip().lower().replace("ё", "е"))
digits = "".join(c for c in q if c.isascii() and c.isdigit())
if len(digits) > 1 and digits[0] == "8" and not q.lstrip().startswith("+"):
    digits = "7" + digits[1:]
esc = lambda s: s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
lit = lambda s: "'" + s.replace("'", "''") + "'"
P = dict(Limit=str(limit), Wide=str(limit * 2), Prefix=lit(esc(folded) + "%"), Contains=lit("%" + esc(folded) + "%"),
         Word=lit("% " + esc(folded) + "%"), Digits=lit("%" + esc(digits) + "%"))
short, phone = len(folded) < 3, len(digits) >= 3
def matches(col): return f"({col} like @Prefix or {col} like @Word)" if short else f"{col} like @Contains"
def hits(t):
    ph = f"union all (select id, 2 from directory.{t} where deleted_at is null and phone_digits like @Digits limit @Limit)" if phone else ""
    return f"""with hits as (
    (select id, 0 as rank from directory.{t}
     where deleted_at is null and name_key like @Prefix order by name_key, id limit @Limit)
    union all
    (select id, 1 from directory.{t} where deleted_at is null and {matches("search")} limit @Wide)
    {ph}
), best as (select id, min(rank) as rank from hits group by id)
"""
companies = hits("companies") + f"""select 'company' as Kind, c.id as Id, c.name as Name, null::uuid as CompanyId, null as CompanyName,
    (select p.number from directory.company_phones p where p.company_id = c.id order by p.position limit 1) as Phone,
    (select e.address from directory.company_emails e where e.company_id = c.id order by e.position limit 1) as Email,
    case when b.rank = 2 then 'phone' when b.rank = 0 or {matches("c.name_key")} then 'name'
         when {matches("coalesce(c.tax_id, '')")} then 'taxId' else 'email' end as MatchedOn,
    b.rank as Rank, c.name_key as NameKey
from best b join directory.companies c on c.id = b.id
order by b.rank, c.name_key, c.id limit @Limit"""
contacts = hits("contacts") + f"""select 'contact' as Kind, c.id as Id, c.full_name as Name, c.company_id as CompanyId, co.name as CompanyName,
    (select p.number from directory.contact_phones p where p.contact_id = c.id order by p.position limit 1) as Phone,
    (select e.address from directory.contact_emails e where e.contact_id = c.id order by e.position limit 1) as Email,
    case when b.rank = 2 then 'phone' when b.rank = 0 or {matches("c.name_key")} then 'name' else 'email' end as MatchedOn,
    b.rank as Rank, c.name_key as NameKey
from best b join directory.contacts c on c.id = b.id
left join directory.companies co on co.id = c.company_id
order by b.rank, c.name_key, c.id limit @Limit"""
def sub(sql):
    for k in sorted(P, key=len, reverse=True):
        sql = sql.replace("@" + k, P[k])
    return sql
print(f"\\echo q={q!r} folded={folded!r} digits={digits!r} short={short} phone={phone}")
for name, sql, k in (("companies", companies, "company"), ("contacts", contacts, "contact")):
    if kind and kind != k:
        continue
    print(f"\\echo ---- {name}")
    print("explain (analyze, buffers, timing on) " + sub(sql) + ";")
PY
"${PSQL[@]}" -f /tmp/suggest-explain.$$.sql
rm -f /tmp/suggest-explain.$$.sql

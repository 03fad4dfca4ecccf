using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using Npgsql;
using static Crm.Bench.Suggest.Vocabulary;

namespace Crm.Bench.Suggest;

public sealed record DirectoryLoadResult(
    int Companies, int Contacts, long ContactsWithCompany, long ContactsDeleted, long CompanyPhones, long CompanyEmails,
    long ContactPhones, long ContactEmails, long CompaniesWithTaxId, long RareSurnameContacts,
    double LoadSeconds, double IndexSeconds, double AnalyzeSeconds, Dictionary<string, string> Sizes, string[] RebuiltIndexes);

/// <summary>
/// Companies and contacts straight into the Directory tables with <c>insert … select … generate_series</c>, one
/// transaction, <c>setseed</c> first (ids are md5 of the row number), so every run loads the same rows. Every column
/// the suggest query reads is written as the app writes it (Companies.CreateAsync / Contacts.CreateAsync, Channels.WriteAsync):
/// <c>name_key</c> = the folded name, <c>search</c> = the folded name, the e-mails (already lower case) and a company's
/// tax id, space-separated, empty parts left out; <c>phone_digits</c> = the E.164 numbers without "+", space-separated;
/// phones in E.164 and e-mails in the child tables at positions 0, 1. The words are folded in C# by the app's rules
/// (<see cref="Vocabulary.Fold"/>); the SQL only concatenates them.
/// The secondary indexes of the six tables are dropped for the load and created again from their own definitions
/// (<c>pg_indexes.indexdef</c>, so exactly the migration's), which builds the trigram indexes in one pass.
/// </summary>
internal static class DirectoryLoad
{
    private static readonly string[] Tables = ["companies", "contacts", "company_phones", "company_emails", "contact_phones", "contact_emails"];

    public static async Task<DirectoryLoadResult> RunAsync(NpgsqlConnection conn, Guid admin, int companies, int contacts, int seed, CancellationToken ct)
    {
        var p = Parameters(admin, companies, contacts);
        var watch = Stopwatch.StartNew();
        double loaded, indexed;
        string[] rebuilt;
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await conn.ExecuteAsync("select setseed(@Seed)", new { Seed = seed / (double)int.MaxValue }, tx);
            await conn.ExecuteAsync("set local maintenance_work_mem = '256MB'", transaction: tx);
            var indexes = (await conn.QueryAsync<(string Name, string Definition)>(
                """
                select indexname, indexdef from pg_indexes
                where schemaname = 'directory' and tablename = any(@Tables) and indexname not like '%\_pkey'
                order by tablename, indexname
                """, new { Tables }, tx)).ToList();
            foreach (var (name, _) in indexes)
            {
                await conn.ExecuteAsync($"drop index directory.{name}", transaction: tx);
            }
            // The idle totals' row trigger (M0004) updated one row per inserted record: 400,000 versions of one row in one
            // transaction took tens of minutes. Inserts are now counted per statement (M0014); the row trigger is still
            // off for the load, and the totals set in one statement at the end, as the triggers keep them.
            await conn.ExecuteAsync(
                "alter table directory.companies disable trigger keep_idle_total; alter table directory.contacts disable trigger keep_idle_total",
                transaction: tx);
            await conn.ExecuteAsync(CompaniesSql, p, tx);
            await conn.ExecuteAsync(ContactsSql, p, tx);
            await conn.ExecuteAsync(
                """
                update directory.idle_totals t set count = case t.list
                    when 'companies' then (select count(*) from directory.companies where deleted_at is null and idle)
                    else (select count(*) from directory.contacts where deleted_at is null and idle) end;
                alter table directory.companies enable trigger keep_idle_total;
                alter table directory.contacts enable trigger keep_idle_total;
                """, transaction: tx);
            loaded = watch.Elapsed.TotalSeconds;
            watch.Restart();
            foreach (var (_, definition) in indexes)
            {
                await conn.ExecuteAsync(definition, transaction: tx);
            }
            rebuilt = indexes.Select(i => i.Name).ToArray();
            await tx.CommitAsync(ct);
            indexed = watch.Elapsed.TotalSeconds;
        }
        watch.Restart();
        foreach (var table in Tables)
        {
            await conn.ExecuteAsync($"vacuum analyze directory.{table}");
        }
        var analyzed = watch.Elapsed.TotalSeconds;

        var counts = await conn.QuerySingleAsync<(long, long, long, long, long, long, long, long)>(
            """
            select (select count(*) from directory.contacts where company_id is not null),
                   (select count(*) from directory.contacts where deleted_at is not null),
                   (select count(*) from directory.company_phones), (select count(*) from directory.company_emails),
                   (select count(*) from directory.contact_phones), (select count(*) from directory.contact_emails),
                   (select count(*) from directory.companies where tax_id is not null),
                   (select count(*) from directory.contacts where name_key like @Rare and deleted_at is null)
            """, new { Rare = Fold(RareSurname)[..^2] + "%" });
        var sizes = (await conn.QueryAsync<(string, string)>(
            "select t, pg_size_pretty(pg_total_relation_size(('directory.' || t)::regclass)) from unnest(@Tables) t",
            new { Tables })).ToDictionary(r => r.Item1, r => r.Item2);
        return new DirectoryLoadResult(companies, contacts, counts.Item1, counts.Item2, counts.Item3, counts.Item4, counts.Item5,
            counts.Item6, counts.Item7, counts.Item8, Math.Round(loaded, 2), Math.Round(indexed, 2), Math.Round(analyzed, 2), sizes, rebuilt);
    }

    private static DynamicParameters Parameters(Guid admin, int companies, int contacts)
    {
        var surnames = Surnames.Append(RareSurname).ToArray();
        var female = surnames.Select(Female).ToArray();
        var p = new DynamicParameters();
        p.Add("Admin", admin);
        p.Add("Companies", companies);
        p.Add("Contacts", contacts);
        p.Add("SurCount", Surnames.Length);
        p.Add("RareIndex", surnames.Length);
        p.Add("SurM", surnames);
        p.Add("SurMK", surnames.Select(Fold).ToArray());
        p.Add("SurML", surnames.Select(Latin).ToArray());
        p.Add("SurF", female);
        p.Add("SurFK", female.Select(Fold).ToArray());
        p.Add("SurFL", female.Select(Latin).ToArray());
        p.Add("NameM", MaleNames);
        p.Add("NameMK", MaleNames.Select(Fold).ToArray());
        p.Add("NameML", MaleNames.Select(Latin).ToArray());
        p.Add("NameF", FemaleNames);
        p.Add("NameFK", FemaleNames.Select(Fold).ToArray());
        p.Add("NameFL", FemaleNames.Select(Latin).ToArray());
        p.Add("PatM", Patronymics.Select(x => x.Male).ToArray());
        p.Add("PatMK", Patronymics.Select(x => Fold(x.Male)).ToArray());
        p.Add("PatF", Patronymics.Select(x => x.Female).ToArray());
        p.Add("PatFK", Patronymics.Select(x => Fold(x.Female)).ToArray());
        p.Add("Positions", Positions);
        p.Add("Forms", Forms.Select(f => f.Form).ToArray());
        p.Add("FormsK", Forms.Select(f => Fold(f.Form)).ToArray());
        p.Add("B1", BrandFirst);
        p.Add("B1K", BrandFirst.Select(Fold).ToArray());
        p.Add("B1L", BrandFirst.Select(Latin).ToArray());
        p.Add("B2", BrandSecond);
        p.Add("B2K", BrandSecond.Select(Fold).ToArray());
        p.Add("B2L", BrandSecond.Select(Latin).ToArray());
        p.Add("Places", Places);
        p.Add("PlacesK", Places.Select(Fold).ToArray());
        p.Add("Ini", Initials);
        p.Add("IniK", Initials.Select(Fold).ToArray());
        p.Add("Regions", Regions);
        p.Add("FreeMail", FreeMail);
        p.Add("Boxes", CompanyMailboxes);
        p.Add("Mobile", MobileCodes);
        p.Add("Moscow", MoscowCodes);
        return p;
    }

    /// <summary>The form's index (1-based) from one random number, by the forms' shares.</summary>
    private static string FormCase(string r)
    {
        var sb = new StringBuilder("case");
        double cumulative = 0;
        for (var i = 0; i < Forms.Length - 1; i++)
        {
            cumulative += Forms[i].Share;
            sb.Append(CultureInfo.InvariantCulture, $" when {r} < {cumulative:0.####} then {i + 1}");
        }
        sb.Append(CultureInfo.InvariantCulture, $" else {Forms.Length} end");
        return sb.ToString();
    }

    private static int IpIndex => Array.FindIndex(Forms, f => f.Form == "ИП") + 1;

    /// <summary>
    /// Companies: a temp table of the drawn rows (kept for the contacts' e-mail domains), then the rows and their phones
    /// and e-mails. The innermost select draws every random number once per row (a subquery with volatile output is not
    /// flattened, so each is read as one value).
    /// </summary>
    private static string CompaniesSql => $$"""
        create temp table bench_companies on commit drop as
        select n, id, is_ip, name, name_key, domain, website, region, tax_id, created_at, updated_at,
               email1, nullif(email2, email1) as email2, phone1, phone1_type, nullif(phone2, phone1) as phone2, phone2_type
        from (
            select n, md5('crm-bench-company-' || n)::uuid as id, is_ip,
                   case when is_ip then 'ИП ' || sur || ' ' || (@Ini::text[])[i1] || '. ' || (@Ini::text[])[i2] || '.'
                        else (@Forms::text[])[form] || ' «' || brand || '»' end as name,
                   case when is_ip then 'ип ' || sur_k || ' ' || (@IniK::text[])[i1] || '. ' || (@IniK::text[])[i2] || '.'
                        else (@FormsK::text[])[form] || ' «' || brand_k || '»' end as name_key,
                   domain,
                   case when web and domain is not null then 'https://' || domain end as website,
                   (@Regions::text[])[region] as region,
                   case when is_ip then case when tax < 0.7 then tax12 end else case when tax < 0.75 then tax10 end end as tax_id,
                   created_at, case when upd < 0.7 then created_at else created_at + interval '1 second' * floor(upd * 86400 * 90) end as updated_at,
                   case when em then case when is_ip then sur_l || '.ip@' || (@FreeMail::text[])[free] else (@Boxes::text[])[box1] || '@' || domain end end as email1,
                   case when em and em2 and not is_ip then (@Boxes::text[])[box2] || '@' || domain end as email2,
                   case when ph then '+7' || case when ph_mobile then (@Mobile::text[])[mob] else (@Moscow::text[])[msk1] end || digits1 end as phone1,
                   case when ph_mobile then 'mobile' else 'work' end as phone1_type,
                   case when ph and ph2 then '+7' || (@Moscow::text[])[msk2] || digits2 end as phone2,
                   case when fax then 'fax' else 'work' end as phone2_type
            from (
                select r.*,
                       case when female then (@SurF::text[])[sur_i] else (@SurM::text[])[sur_i] end as sur,
                       case when female then (@SurFK::text[])[sur_i] else (@SurMK::text[])[sur_i] end as sur_k,
                       case when female then (@SurFL::text[])[sur_i] else (@SurML::text[])[sur_i] end as sur_l,
                       case when style < 0.5 then (@B1::text[])[b1] || (@B2::text[])[b2]
                            when style < 0.8 then (@B1::text[])[b1] || '-' || (@B2::text[])[b2]
                            else (@B1::text[])[b1] || ' ' || (@B2::text[])[b2] end
                         || coalesce(' ' || (@Places::text[])[place], '') as brand,
                       case when style < 0.5 then (@B1K::text[])[b1] || (@B2K::text[])[b2]
                            when style < 0.8 then (@B1K::text[])[b1] || '-' || (@B2K::text[])[b2]
                            else (@B1K::text[])[b1] || ' ' || (@B2K::text[])[b2] end
                         || coalesce(' ' || (@PlacesK::text[])[place], '') as brand_k,
                       case when not is_ip then (@B1L::text[])[b1] || case when style >= 0.5 and style < 0.8 then '-' else '' end
                                              || (@B2L::text[])[b2] || '.ru' end as domain
                from (
                    select n, form, form = {{IpIndex}} as is_ip, female, sur_i, i1, i2, b1, b2, style, place, web, region, tax, tax10, tax12,
                           created_at, upd, em, em2, box1, box2, free, ph, ph_mobile, mob, msk1, digits1, ph2, msk2, digits2, fax
                    from (
                        select n,
                               {{FormCase("random()")}} as form,
                               random() < 0.3 as female,
                               1 + floor(power(random(), 1.5) * @SurCount)::int as sur_i,
                               1 + floor(random() * cardinality(@Ini::text[]))::int as i1,
                               1 + floor(random() * cardinality(@Ini::text[]))::int as i2,
                               1 + floor(random() * cardinality(@B1::text[]))::int as b1,
                               1 + floor(random() * cardinality(@B2::text[]))::int as b2,
                               random() as style,
                               case when random() < 0.3 then 1 + floor(random() * cardinality(@Places::text[]))::int end as place,
                               random() < 0.5 as web,
                               case when random() < 0.8 then 1 + floor(power(random(), 2) * cardinality(@Regions::text[]))::int end as region,
                               random() as tax,
                               lpad(floor(random() * 1e10)::bigint::text, 10, '0') as tax10,
                               lpad(floor(random() * 1e12)::bigint::text, 12, '0') as tax12,
                               timestamptz '2026-11-01 09:00:00+03' - interval '1 second' * floor(random() * 3 * 365 * 86400) as created_at,
                               random() as upd,
                               random() < 0.6 as em,
                               random() < 0.15 as em2,
                               1 + floor(random() * cardinality(@Boxes::text[]))::int as box1,
                               1 + floor(random() * cardinality(@Boxes::text[]))::int as box2,
                               1 + floor(power(random(), 1.5) * cardinality(@FreeMail::text[]))::int as free,
                               random() < 0.85 as ph,
                               random() < 0.3 as ph_mobile,
                               1 + floor(random() * cardinality(@Mobile::text[]))::int as mob,
                               1 + floor(random() * cardinality(@Moscow::text[]))::int as msk1,
                               lpad(floor(random() * 1e7)::int::text, 7, '0') as digits1,
                               random() < 0.25 as ph2,
                               1 + floor(random() * cardinality(@Moscow::text[]))::int as msk2,
                               lpad(floor(random() * 1e7)::int::text, 7, '0') as digits2,
                               random() < 0.2 as fax
                        from generate_series(1, @Companies) n
                    ) draws
                ) r
            ) named
        ) c;

        insert into directory.companies (id, name, website, address, region, tax_id, notes, responsible_id, custom,
                                         name_key, search, phone_digits, created_by, created_at, updated_by, updated_at, version)
        select id, name, website, null, region, tax_id, null, @Admin, '{}'::jsonb,
               name_key, concat_ws(' ', name_key, email1, email2, tax_id), concat_ws(' ', substr(phone1, 2), substr(phone2, 2)),
               @Admin, created_at, @Admin, updated_at, case when updated_at = created_at then 1 else 2 end
        from bench_companies order by n;

        insert into directory.company_phones (company_id, position, number, type)
        select id, 0, phone1, phone1_type from bench_companies where phone1 is not null
        union all
        select id, 1, phone2, phone2_type from bench_companies where phone2 is not null;

        insert into directory.company_emails (company_id, position, address, type)
        select id, 0, email1, 'work' from bench_companies where email1 is not null
        union all
        select id, 1, email2, 'work' from bench_companies where email2 is not null;
        """;

    /// <summary>
    /// Contacts: «Фамилия Имя Отчество» (15 % «Имя Фамилия», 15 % without a patronymic), 85 % in a company (skewed: some
    /// companies have dozens), 92 % a mobile, 20 % also a Moscow work phone, 70 % an e-mail (at the company's domain or a
    /// free mail service), 10 % a second one; 1 % deleted.
    /// </summary>
    private const string ContactsSql = """
        create temp table bench_contacts on commit drop as
        select n, id, company_id, full_name, name_key, position, created_at, updated_at, deleted,
               email1, nullif(email2, email1) as email2, phone1, nullif(phone2, phone1) as phone2
        from (
            select r.n, md5('crm-bench-contact-' || r.n)::uuid as id, co.id as company_id,
                   case when first_first then first || ' ' || sur else sur || ' ' || first || coalesce(' ' || patr, '') end as full_name,
                   case when first_first then first_k || ' ' || sur_k else sur_k || ' ' || first_k || coalesce(' ' || patr_k, '') end as name_key,
                   (@Positions::text[])[pos] as position,
                   r.created_at, case when upd < 0.7 then r.created_at else r.created_at + interval '1 second' * floor(upd * 86400 * 90) end as updated_at,
                   deleted,
                   case when em then
                       case when style < 0.4 then left(first_l, 1) || '.' || sur_l
                            when style < 0.8 then sur_l || '.' || left(first_l, 1)
                            else first_l || '.' || sur_l end
                       || case when corp and co.domain is not null then '@' || co.domain
                               else case when num then dd else '' end || '@' || (@FreeMail::text[])[free1] end
                   end as email1,
                   case when em and em2 then first_l || '.' || sur_l || dd || '@' || (@FreeMail::text[])[free2] end as email2,
                   case when ph then '+7' || (@Mobile::text[])[mob] || digits1 end as phone1,
                   case when ph and ph2 then '+7' || (@Moscow::text[])[msk] || digits2 end as phone2
            from (
                select d.*,
                       case when male then (@SurM::text[])[sur_i] else (@SurF::text[])[sur_i] end as sur,
                       case when male then (@SurMK::text[])[sur_i] else (@SurFK::text[])[sur_i] end as sur_k,
                       case when male then (@SurML::text[])[sur_i] else (@SurFL::text[])[sur_i] end as sur_l,
                       case when male then (@NameM::text[])[nm] else (@NameF::text[])[nf] end as first,
                       case when male then (@NameMK::text[])[nm] else (@NameFK::text[])[nf] end as first_k,
                       case when male then (@NameML::text[])[nm] else (@NameFL::text[])[nf] end as first_l,
                       case when male then (@PatM::text[])[pat] else (@PatF::text[])[pat] end as patr,
                       case when male then (@PatMK::text[])[pat] else (@PatFK::text[])[pat] end as patr_k
                from (
                    select n,
                           random() < 0.55 as male,
                           case when random() < 0.00005 then @RareIndex else 1 + floor(power(random(), 1.5) * @SurCount)::int end as sur_i,
                           1 + floor(power(random(), 1.3) * cardinality(@NameM::text[]))::int as nm,
                           1 + floor(power(random(), 1.3) * cardinality(@NameF::text[]))::int as nf,
                           case when random() < 0.85 then 1 + floor(power(random(), 1.3) * cardinality(@PatM::text[]))::int end as pat,
                           random() < 0.15 as first_first,
                           case when random() < 0.7 then 1 + floor(random() * cardinality(@Positions::text[]))::int end as pos,
                           case when random() < 0.85 then 1 + floor(power(random(), 1.3) * @Companies)::int end as company_n,
                           timestamptz '2026-11-01 09:00:00+03' - interval '1 second' * floor(random() * 3 * 365 * 86400) as created_at,
                           random() as upd,
                           random() < 0.01 as deleted,
                           random() < 0.92 as ph,
                           1 + floor(random() * cardinality(@Mobile::text[]))::int as mob,
                           lpad(floor(random() * 1e7)::int::text, 7, '0') as digits1,
                           random() < 0.2 as ph2,
                           1 + floor(random() * cardinality(@Moscow::text[]))::int as msk,
                           lpad(floor(random() * 1e7)::int::text, 7, '0') as digits2,
                           random() < 0.7 as em,
                           random() as style,
                           random() < 0.6 as corp,
                           random() < 0.5 as num,
                           lpad(floor(random() * 100)::int::text, 2, '0') as dd,
                           1 + floor(power(random(), 1.5) * cardinality(@FreeMail::text[]))::int as free1,
                           random() < 0.1 as em2,
                           1 + floor(power(random(), 1.5) * cardinality(@FreeMail::text[]))::int as free2
                    from generate_series(1, @Contacts) n
                ) d
            ) r
            left join bench_companies co on co.n = r.company_n
        ) c;

        insert into directory.contacts (id, full_name, position, company_id, responsible_id, custom,
                                        name_key, search, phone_digits, created_by, created_at, updated_by, updated_at,
                                        deleted_at, deleted_by, version)
        select id, full_name, position, company_id, @Admin, '{}'::jsonb,
               name_key, concat_ws(' ', name_key, email1, email2), concat_ws(' ', substr(phone1, 2), substr(phone2, 2)),
               @Admin, created_at, @Admin, updated_at,
               case when deleted then updated_at end, case when deleted then @Admin::uuid end,
               case when updated_at = created_at then 1 else 2 end + case when deleted then 1 else 0 end
        from bench_contacts order by n;

        insert into directory.contact_phones (contact_id, position, number, type)
        select id, 0, phone1, 'mobile' from bench_contacts where phone1 is not null
        union all
        select id, 1, phone2, 'work' from bench_contacts where phone2 is not null;

        insert into directory.contact_emails (contact_id, position, address, type)
        select id, 0, email1, 'work' from bench_contacts where email1 is not null
        union all
        select id, 1, email2, 'personal' from bench_contacts where email2 is not null;
        """;
}

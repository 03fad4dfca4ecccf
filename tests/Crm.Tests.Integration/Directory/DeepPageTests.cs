using System.Net;
using System.Text.Json;
using Crm.Modules.Directory.Common;
using Crm.Modules.Directory.Features;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Directory;

/// <summary>
/// A deep page of the company and contact lists does the page's work only: the per-row subplans
/// (first phone, e-mail, contact count, company) run once per row of the page, not once per
/// skipped row. Read from the plan PostgreSQL ran (EXPLAIN ANALYZE), not from a timing.
/// </summary>
public sealed class DeepPageTests(CrmApp app) : IClassFixture<CrmApp>
{
    private const int Rows = 3000;
    private const int PageSize = 20;
    private const long Offset = 2000;

    private async Task SeedAsync(string tag)
    {
        await using var db = await app.OpenDatabaseAsync();
        var who = Guid.NewGuid();
        await db.ExecuteAsync(
            """
            insert into directory.companies (id, name, responsible_id, name_key, search, created_by, created_at, updated_by, updated_at)
            select gen_random_uuid(), @Tag || lpad(i::text, 6, '0'), @Who, @Tag || lpad(i::text, 6, '0'), @Tag || lpad(i::text, 6, '0'),
                @Who, now(), @Who, now()
            from generate_series(1, @Rows) i;
            insert into directory.company_phones (company_id, position, number, type)
            select id, 0, '+7900' || lpad((row_number() over ())::text, 7, '0'), 'work' from directory.companies where name like @Tag || '%';
            insert into directory.contacts (id, full_name, company_id, responsible_id, name_key, search, created_by, created_at, updated_by, updated_at)
            select gen_random_uuid(), c.name, c.id, @Who, c.name_key, c.search, @Who, now(), @Who, now()
            from directory.companies c where c.name like @Tag || '%';
            insert into directory.contact_emails (contact_id, position, address, type)
            select id, 0, 'k' || (row_number() over ())::text || '@example.com', 'work' from directory.contacts where full_name like @Tag || '%';
            analyze directory.companies; analyze directory.contacts; analyze directory.company_phones; analyze directory.contact_emails;
            """,
            new { Tag = tag, Who = who, Rows });
    }

    /// <summary>The most loops of any subplan (and of any node under one) in the plan of <paramref name="sql"/>.</summary>
    private async Task<long> MostSubplanLoopsAsync(string sql)
    {
        await using var db = await app.OpenDatabaseAsync();
        var json = await db.ExecuteScalarAsync<string>(
            "explain (analyze, format json) " + sql, new { PageSize, Offset, Contains = "", Digits = "", CompanyId = (Guid?)null });
        using var plan = JsonDocument.Parse(json!);
        long most = 0;
        void Walk(JsonElement node, bool inSubplan)
        {
            var sub = inSubplan || (node.TryGetProperty("Parent Relationship", out var rel) && rel.GetString() == "SubPlan");
            if (sub)
            {
                most = Math.Max(most, node.GetProperty("Actual Loops").GetInt64());
            }
            if (node.TryGetProperty("Plans", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    Walk(child, sub);
                }
            }
        }
        Walk(plan.RootElement[0].GetProperty("Plan"), false);
        return most;
    }

    [Fact]
    public async Task A_deep_page_of_companies_runs_the_row_subplans_for_the_page_only()
    {
        await SeedAsync("deepco ");
        foreach (var sort in new[] { "name", "-name", "createdAt", "-updatedAt" })
        {
            var loops = await MostSubplanLoopsAsync(ListCompanies.PageSql("", Listing.Key(sort, "name")!));
            Assert.InRange(loops, 1, PageSize);
        }
    }

    [Fact]
    public async Task A_deep_page_of_contacts_runs_the_row_subplans_for_the_page_only()
    {
        await SeedAsync("deepkt ");
        foreach (var sort in new[] { "fullName", "-fullName", "createdAt", "-updatedAt" })
        {
            var loops = await MostSubplanLoopsAsync(ListContacts.PageSql("", Listing.Key(sort, "fullName")!));
            Assert.InRange(loops, 1, PageSize);
        }
    }

    [Fact]
    public async Task A_deep_page_answers_the_rows_of_that_page_in_order()
    {
        await SeedAsync("deeppg ");
        var client = await app.SignedInAsync();
        var page = await (await client.GetAsync($"/api/directory/companies?q=deeppg&page=101&pageSize={PageSize}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(Rows, page.GetProperty("total").GetInt64());
        var names = page.GetProperty("items").EnumerateArray().Select(i => i.Text("name")).ToList();
        Assert.Equal(Enumerable.Range(2001, PageSize).Select(i => $"deeppg {i:000000}"), names);
        Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.Equal(1, i.GetProperty("contactCount").GetInt32()));
        Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.NotNull(i.Text("phone")));
    }
}

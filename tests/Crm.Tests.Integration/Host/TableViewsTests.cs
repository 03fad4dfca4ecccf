using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Host;

/// <summary>
/// Saved views and chosen columns (BuildingBlocks Tables/TableViews), the same routes under every module
/// with tables, each over its own schema: a manager's own views, an admin's shared ones, who may change
/// what, names unique per owner and table in any case, and the columns kept per user and table.
/// </summary>
public sealed class TableViewsTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Theory]
    [InlineData("deals", "deals")]
    [InlineData("directory", "companies")]
    [InlineData("directory", "contacts")]
    [InlineData("tasks", "tasks")]
    public async Task A_manager_saves_a_view_finds_it_renames_and_deletes_it(string module, string table)
    {
        var (manager, managerId) = await app.UserAsync();
        using var _ = manager;
        var created = await (await manager.PostAsync($"/api/{module}/saved-filters",
            new { table, name = "  Мои без задач ", query = "?sort=-updated&f.nextTask=empty", shared = false })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("Мои без задач", created.GetProperty("name").GetString());
        Assert.Equal("sort=-updated&f.nextTask=empty", created.GetProperty("query").GetString());
        Assert.Equal(managerId, created.GetProperty("ownerId").GetGuid());
        Assert.True(created.GetProperty("mine").GetBoolean());
        var id = created.GetProperty("id").GetGuid();

        var listed = await (await manager.GetAsync($"/api/{module}/saved-filters?table={table}")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(listed.EnumerateArray(), f => f.GetProperty("id").GetGuid() == id);

        var renamed = await (await manager.PutAsync($"/api/{module}/saved-filters/{id}",
            new { name = "Без задач", query = "f.nextTask=empty", shared = false })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Без задач", renamed.GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"/api/{module}/saved-filters/{id}")).StatusCode);
        var after = await (await manager.GetAsync($"/api/{module}/saved-filters?table={table}")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(after.EnumerateArray(), f => f.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.DeleteAsync($"/api/{module}/saved-filters/{id}")).StatusCode);
    }

    [Fact]
    public async Task Another_managers_view_is_not_seen_and_cannot_be_touched()
    {
        var (owner, _) = await app.UserAsync();
        var (other, _) = await app.UserAsync();
        using var o = owner;
        using var x = other;
        var id = (await (await owner.PostAsync("/api/deals/saved-filters",
            new { table = "deals", name = "Крупные", query = "f.budget=1000000..", shared = false })).JsonAsync(HttpStatusCode.Created)).Id();

        var seen = await (await other.GetAsync("/api/deals/saved-filters?table=deals")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(seen.EnumerateArray(), f => f.GetProperty("id").GetGuid() == id);
        await (await other.PutAsync($"/api/deals/saved-filters/{id}", new { name = "Моё", query = "", shared = false }))
            .ProblemAsync(HttpStatusCode.NotFound);
        await (await other.DeleteAsync($"/api/deals/saved-filters/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        // the same name is another user's own
        await (await other.PostAsync("/api/deals/saved-filters", new { table = "deals", name = "крупные", query = "", shared = false }))
            .JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_admin_shares_a_view_with_everyone_and_only_an_admin_changes_it()
    {
        using var admin = await app.SignedInAsync();
        var (manager, _) = await app.UserAsync();
        using var m = manager;
        await (await manager.PostAsync("/api/deals/saved-filters", new { table = "deals", name = "Всем", query = "", shared = true }))
            .ProblemAsync(HttpStatusCode.Forbidden);

        var name = $"Просроченные {Guid.NewGuid():N}";
        var id = (await (await admin.PostAsync("/api/deals/saved-filters",
            new { table = "deals", name, query = "f.nextTask=..2026-12-01", shared = true })).JsonAsync(HttpStatusCode.Created)).Id();
        var seen = await (await manager.GetAsync("/api/deals/saved-filters?table=deals")).JsonAsync(HttpStatusCode.OK);
        var shared = Assert.Single(seen.EnumerateArray(), f => f.GetProperty("id").GetGuid() == id);
        Assert.False(shared.GetProperty("mine").GetBoolean());
        Assert.True(shared.GetProperty("shared").GetBoolean());
        // not in another table, nor in another module
        var companies = await (await manager.GetAsync("/api/directory/saved-filters?table=companies")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(companies.EnumerateArray(), f => f.GetProperty("id").GetGuid() == id);

        await (await manager.PutAsync($"/api/deals/saved-filters/{id}", new { name = "Моё", query = "", shared = true }))
            .ProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.DeleteAsync($"/api/deals/saved-filters/{id}")).ProblemAsync(HttpStatusCode.Forbidden);

        // a manager's own view cannot be made shared by its owner
        var own = (await (await manager.PostAsync("/api/deals/saved-filters",
            new { table = "deals", name = "Своё", query = "", shared = false })).JsonAsync(HttpStatusCode.Created)).Id();
        await (await manager.PutAsync($"/api/deals/saved-filters/{own}", new { name = "Своё", query = "", shared = true }))
            .ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/deals/saved-filters/{id}")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_a_field_error()
    {
        var (manager, _) = await app.UserAsync();
        using var m = manager;
        async Task<string[]> ErrorsAsync(object body, string field) =>
            (await (await manager.PostAsync("/api/deals/saved-filters", body)).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors(field);

        Assert.NotEmpty(await ErrorsAsync(new { table = "deals", name = "  ", query = "", shared = false }, "name"));
        Assert.NotEmpty(await ErrorsAsync(new { table = "deals", name = new string('я', 101), query = "", shared = false }, "name"));
        Assert.NotEmpty(await ErrorsAsync(new { table = "deals", name = "Длинный", query = new string('a', 4001), shared = false }, "query"));
        Assert.NotEmpty(await ErrorsAsync(new { table = "companies", name = "Чужая таблица", query = "", shared = false }, "table"));
        await (await manager.PostAsync("/api/deals/saved-filters", new { table = "deals", name = "Дубль", query = "", shared = false }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.NotEmpty(await ErrorsAsync(new { table = "deals", name = "ДУБЛЬ", query = "sort=name", shared = false }, "name"));
        await (await manager.GetAsync("/api/deals/saved-filters?table=nope")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Chosen_columns_are_kept_per_user_and_table()
    {
        var (manager, _) = await app.UserAsync();
        var (other, _) = await app.UserAsync();
        using var m = manager;
        using var o = other;
        var none = await (await manager.GetAsync("/api/directory/table-columns/contacts")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, none.GetProperty("columns").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent,
            (await manager.PutAsync("/api/directory/table-columns/contacts", new { columns = new[] { "name", "phone", "company" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await manager.PutAsync("/api/directory/table-columns/contacts", new { columns = new[] { "company", "name" } })).StatusCode);
        var kept = await (await manager.GetAsync("/api/directory/table-columns/contacts")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["company", "name"], kept.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!));

        var others = await (await other.GetAsync("/api/directory/table-columns/contacts")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, others.GetProperty("columns").ValueKind);
        var companies = await (await manager.GetAsync("/api/directory/table-columns/companies")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, companies.GetProperty("columns").ValueKind);

        await (await manager.PutAsync("/api/directory/table-columns/contacts", new { columns = Array.Empty<string>() }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        await (await manager.PutAsync("/api/directory/table-columns/contacts", new { columns = new[] { "name", "name" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        await (await manager.PutAsync("/api/directory/table-columns/deals", new { columns = new[] { "name" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
    }
}

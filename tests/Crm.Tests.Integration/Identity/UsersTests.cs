using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Identity;

public sealed class UsersTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static object NewManager(string email, string password = "manager-password") =>
        new { email, displayName = "Иван Петров", role = "Manager", password };

    private static async Task<JsonElement> CreateAsync(CrmClient admin, object user) =>
        await (await admin.PostAsync("/api/identity/users", user)).JsonAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Admin_creates_a_manager_who_can_sign_in_and_UserCreated_is_delivered()
    {
        using var admin = await app.SignedInAsync();
        var user = await CreateAsync(admin, NewManager("Ivan@Crm.Local"));
        Assert.Equal("ivan@crm.local", user.GetProperty("email").GetString());
        Assert.Equal("Manager", user.GetProperty("role").GetString());
        Assert.True(user.GetProperty("isActive").GetBoolean());

        using var manager = await app.SignedInAsync("ivan@crm.local", "manager-password");
        var me = await (await manager.GetAsync("/api/identity/me")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Manager", me.GetProperty("role").GetString());

        var users = await (await manager.GetAsync("/api/identity/users")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(users.EnumerateArray(), u => u.GetProperty("email").GetString() == "ivan@crm.local");

        await using var db = await app.OpenDatabaseAsync();
        var payload = await db.QuerySingleAsync<string>(
            "select payload::text from bus.outbox where event_type = 'Crm.Modules.Identity.Contracts.UserCreated' and payload->'user'->>'userId' = @Id",
            new { Id = user.GetProperty("id").GetString() });
        Assert.Contains("ivan@crm.local", payload, StringComparison.Ordinal);
        await Eventually.TrueAsync(
            async () => await db.ExecuteScalarAsync<bool>(
                "select not exists (select 1 from bus.deliveries d join bus.outbox o on o.id = d.event_id where o.payload->'user'->>'userId' = @Id and not d.dead)", new { Id = user.GetProperty("id").GetString() }),
            "UserCreated marked delivered");
    }

    [Fact]
    public async Task Bad_input_gets_a_message_for_each_field()
    {
        using var admin = await app.SignedInAsync();
        var response = await admin.PostAsync("/api/identity/users",
            new { email = "not-an-email", displayName = new string('я', 10_000), role = "Boss", password = "short" });
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("email"));
        Assert.NotEmpty(problem.FieldErrors("displayName"));
        Assert.Equal(["Роль: Admin, HeadOfSales или Manager"], problem.FieldErrors("role"));
        Assert.NotEmpty(problem.FieldErrors("password"));

        var blank = await (await admin.PostAsync("/api/identity/users", new { email = "blank@crm.local", displayName = "   ", role = "Manager", password = "long-enough" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Введите имя"], blank.FieldErrors("displayName"));
    }

    [Fact]
    public async Task A_taken_email_is_refused_whatever_its_case()
    {
        using var admin = await app.SignedInAsync();
        await CreateAsync(admin, NewManager("twice@crm.local"));
        var problem = await (await admin.PostAsync("/api/identity/users", NewManager("TWICE@crm.local"))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Пользователь с таким e-mail уже есть"], problem.FieldErrors("email"));
    }

    [Fact]
    public async Task Managers_cannot_manage_users_and_anonymous_callers_cannot_list_them()
    {
        using var admin = await app.SignedInAsync();
        var user = await CreateAsync(admin, NewManager("plain@crm.local"));
        using var manager = await app.SignedInAsync("plain@crm.local", "manager-password");

        await (await manager.PostAsync("/api/identity/users", NewManager("sneaky@crm.local"))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.PostAsync($"/api/identity/users/{user.GetProperty("id")}/deactivate")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.PutAsync($"/api/identity/users/{user.GetProperty("id")}",
            new { email = "plain@crm.local", displayName = "Boss", role = "Admin", version = 1 })).ProblemAsync(HttpStatusCode.Forbidden);

        using var anonymous = app.Client();
        await (await anonymous.GetAsync("/api/identity/users")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Update_with_a_stale_version_is_a_conflict()
    {
        using var admin = await app.SignedInAsync();
        var user = await CreateAsync(admin, NewManager("versioned@crm.local"));
        var id = user.GetProperty("id").GetString();
        var version = user.GetProperty("version").GetInt32();

        var updated = await (await admin.PutAsync($"/api/identity/users/{id}",
            new { email = "versioned@crm.local", displayName = "Новое имя", role = "HeadOfSales", version })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Новое имя", updated.GetProperty("displayName").GetString());
        Assert.Equal("HeadOfSales", updated.GetProperty("role").GetString());
        Assert.Equal(version + 1, updated.GetProperty("version").GetInt32());

        await (await admin.PutAsync($"/api/identity/users/{id}",
            new { email = "versioned@crm.local", displayName = "Stale", role = "Manager", version })).ProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PutAsync($"/api/identity/users/{Guid.NewGuid()}",
            new { email = "ghost@crm.local", displayName = "Ghost", role = "Manager", version = 1 })).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_role_change_reaches_the_open_session()
    {
        using var admin = await app.SignedInAsync();
        var user = await CreateAsync(admin, NewManager("promoted@crm.local"));
        using var manager = await app.SignedInAsync("promoted@crm.local", "manager-password");
        await (await manager.PostAsync("/api/identity/users", NewManager("x@crm.local"))).ProblemAsync(HttpStatusCode.Forbidden);

        await (await admin.PutAsync($"/api/identity/users/{user.GetProperty("id")}",
            new { email = "promoted@crm.local", displayName = "Promoted", role = "Admin", version = user.GetProperty("version").GetInt32() }))
            .JsonAsync(HttpStatusCode.OK);
        await (await manager.PostAsync("/api/identity/users", NewManager("y@crm.local"))).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_deactivated_user_loses_the_open_session_and_cannot_sign_in_until_activated()
    {
        using var admin = await app.SignedInAsync();
        var user = await CreateAsync(admin, NewManager("leaving@crm.local"));
        var id = user.GetProperty("id").GetString();
        using var manager = await app.SignedInAsync("leaving@crm.local", "manager-password");

        var deactivated = await (await admin.PostAsync($"/api/identity/users/{id}/deactivate")).JsonAsync(HttpStatusCode.OK);
        Assert.False(deactivated.GetProperty("isActive").GetBoolean());

        await (await manager.GetAsync("/api/identity/me")).ProblemAsync(HttpStatusCode.Unauthorized);
        using var again = app.Client();
        await (await again.SignInAsync("leaving@crm.local", "manager-password")).ProblemAsync(HttpStatusCode.Unauthorized);

        await (await admin.PostAsync($"/api/identity/users/{id}/activate")).JsonAsync(HttpStatusCode.OK);
        await (await again.SignInAsync("leaving@crm.local", "manager-password")).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_admin_cannot_lock_themselves_out()
    {
        using var admin = await app.SignedInAsync();
        var me = await (await admin.GetAsync("/api/identity/me")).JsonAsync(HttpStatusCode.OK);
        var id = me.GetProperty("id").GetString();
        await (await admin.PostAsync($"/api/identity/users/{id}/deactivate")).ProblemAsync(HttpStatusCode.BadRequest);

        var users = await (await admin.GetAsync("/api/identity/users")).JsonAsync(HttpStatusCode.OK);
        var version = users.EnumerateArray().Single(u => u.GetProperty("id").GetString() == id).GetProperty("version").GetInt32();
        var demote = await (await admin.PutAsync($"/api/identity/users/{id}",
            new { email = CrmApp.AdminEmail, displayName = "Admin", role = "Manager", version })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(demote.FieldErrors("role"));
    }

    [Fact]
    public async Task Reset_password_ends_old_sessions_and_the_new_password_works()
    {
        using var admin = await app.SignedInAsync();
        var user = await CreateAsync(admin, NewManager("forgetful@crm.local"));
        var id = user.GetProperty("id").GetString();
        using var manager = await app.SignedInAsync("forgetful@crm.local", "manager-password");

        await (await admin.PostAsync($"/api/identity/users/{id}/reset-password", new { password = "x" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/identity/users/{id}/reset-password", new { password = "brand-new-password" })).StatusCode);

        await (await manager.GetAsync("/api/identity/me")).ProblemAsync(HttpStatusCode.Unauthorized);
        using var client = app.Client();
        await (await client.SignInAsync("forgetful@crm.local", "manager-password")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.SignInAsync("forgetful@crm.local", "brand-new-password")).JsonAsync(HttpStatusCode.OK);
    }
}

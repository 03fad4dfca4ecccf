using System.Net;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Directory;

/// <summary>
/// A company or contact is given only to an active user (issue 10, item 7): Directory checks the
/// responsible against its own copy of users (CopyUsers, from Identity's state events) on create and
/// update, and a user created a moment ago, whose event the copy has not taken yet, is waited for.
/// </summary>
public sealed class ResponsiblesTests(CrmApp app) : IClassFixture<CrmApp>
{
    private const string Refused = "Ответственный не найден или отключён";

    [Fact]
    public async Task An_id_that_is_no_user_is_refused_on_create_and_update_and_nothing_changes()
    {
        using var admin = await app.SignedInAsync();
        var company = await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Своя") });
        var contact = await admin.CreateContactAsync(new { fullName = DirectoryKit.Unique("Свой") });
        var before = await SnapshotAsync();
        var nobody = Guid.NewGuid();

        Assert.Equal([Refused], (await (await admin.PostCompanyAsync(new { name = DirectoryKit.Unique("Ничья"), responsibleId = nobody }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("responsibleId"));
        Assert.Equal([Refused], (await (await admin.PostAsync("/api/directory/contacts", new { fullName = DirectoryKit.Unique("Ничей"), responsibleId = nobody }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("responsibleId"));
        Assert.Equal([Refused], (await (await admin.PutAsync($"/api/directory/companies/{company.Id()}", new { name = "Отдать", responsibleId = nobody, version = 1 }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("responsibleId"));
        Assert.Equal([Refused], (await (await admin.PutAsync($"/api/directory/contacts/{contact.Id()}", new { fullName = "Отдать", responsibleId = nobody, version = 1 }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("responsibleId"));

        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(1, (await admin.CompanyAsync(company.Id())).Version());
        Assert.Equal(1, (await admin.ContactAsync(contact.Id())).Version());
    }

    [Fact]
    public async Task A_deactivated_user_is_refused_and_a_record_they_still_hold_is_saved_as_it_is()
    {
        using var admin = await app.SignedInAsync();
        var (_, leaverId) = await app.UserAsync();
        var theirs = await admin.CreateContactAsync(new { fullName = DirectoryKit.Unique("Их"), responsibleId = leaverId });
        var company = await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Чья-то") });
        await (await admin.PostAsync($"/api/identity/users/{leaverId}/deactivate")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal([Refused], (await (await admin.PutAsync($"/api/directory/companies/{company.Id()}", new { name = "Уходящему", responsibleId = leaverId, version = 1 }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("responsibleId"));
        Assert.Equal([Refused], (await (await admin.PostCompanyAsync(new { name = DirectoryKit.Unique("Уходящему"), responsibleId = leaverId }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("responsibleId"));

        // Sent back unchanged, the responsible who left is no change and the card saves.
        var saved = await (await admin.PutAsync($"/api/directory/contacts/{theirs.Id()}", new { fullName = "Их, исправлено", responsibleId = leaverId, version = 1 }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(leaverId, saved.GetProperty("responsibleId").GetGuid());
    }

    [Fact]
    public async Task A_manager_still_may_not_give_a_record_to_someone_else_even_an_unknown_id()
    {
        var (manager, _) = await app.UserAsync();
        await (await manager.PostCompanyAsync(new { name = DirectoryKit.Unique("Чужому"), responsibleId = Guid.NewGuid() }))
            .ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_user_created_a_moment_ago_is_waited_for_and_given_the_contact()
    {
        using var admin = await app.SignedInAsync();

        // Directory's copy of users lags: the new user's UserCreated stays pending until the hold goes.
        await using var held = await HeldCopy.HoldAsync(app, "directory.users");
        var (_, newcomerId) = await app.UserAsync();
        await using (var db = await app.OpenDatabaseAsync())
        {
            Assert.False(await db.ExecuteScalarAsync<bool>("select exists (select 1 from directory.users where id = @newcomerId)", new { newcomerId }));
        }

        var since = await held.NowAsync();
        var creating = admin.PostAsync("/api/directory/contacts", new { fullName = DirectoryKit.Unique("Новичку"), responsibleId = newcomerId });
        var contact = await (await held.ReleaseOnceWaitedForAsync(creating, since)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(newcomerId, contact.GetProperty("responsibleId").GetGuid());
    }

    /// <summary>What a refused change must leave as it was: the records and Directory's events.</summary>
    private async Task<(long Companies, long Contacts, long Outbox)> SnapshotAsync()
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.QuerySingleAsync<(long, long, long)>(
            """
            select (select count(*) from directory.companies), (select count(*) from directory.contacts),
                   (select count(*) from bus.outbox where event_type like 'Crm.Modules.Directory.%')
            """);
    }
}

using Crm.BuildingBlocks.Modules;
using Crm.Modules.Deals;
using Crm.Modules.Directory;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// Deals' and Directory's copies of users are new in an existing database (Deals' migration 15,
/// Directory's 8): the first start fills them from Identity's current state (Republishing.FillNewCopy, in the background,
/// Identity's RepublishAsync), and a copy that has rows, or events on their way, asks for nothing.
/// </summary>
public sealed class UserCopiesTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task Empty_new_copies_are_filled_from_Identity_on_start_and_a_filled_one_asks_for_nothing()
    {
        var (_, leaverId) = await app.UserAsync();
        using var admin = await app.SignedInAsync();
        await (await admin.PostAsync($"/api/identity/users/{leaverId}/deactivate")).EnsureSuccessStatusCode().Content.ReadAsStringAsync();
        await using var db = await app.OpenDatabaseAsync();
        await Eventually.TrueAsync(() => BusState.AllDeliveredAsync(db), "every event delivered");

        // As right after the migrations that created them: empty, nothing on its way.
        await db.ExecuteAsync("truncate deals.users; truncate directory.users");
        await new DealsModule().InitializeAsync(app.Factory.Services, CancellationToken.None);
        await new DirectoryModule().InitializeAsync(app.Factory.Services, CancellationToken.None);

        const string Expected = "select id, version, is_active from identity.users order by id";
        var users = (await db.QueryAsync<(Guid, int, bool)>(Expected)).ToList();
        Assert.Contains(users, u => u.Item1 == leaverId && !u.Item3);
        foreach (var copy in new[] { "deals.users", "directory.users" })
        {
            await Eventually.TrueAsync(async () =>
                (await db.QueryAsync<(Guid, int, bool)>($"select id, version, active from {copy} order by id")).SequenceEqual(users),
                $"{copy} equal to Identity's users");
        }

        var republished = await RepublishedAsync(db);
        await new DealsModule().InitializeAsync(app.Factory.Services, CancellationToken.None);
        await new DirectoryModule().InitializeAsync(app.Factory.Services, CancellationToken.None);
        await app.Factory.Services.GetRequiredService<CopyFills>().WhenIdleAsync(); // both fills have looked and ended
        Assert.Equal(republished, await RepublishedAsync(db));
    }

    private static Task<long> RepublishedAsync(Npgsql.NpgsqlConnection db) =>
        db.ExecuteScalarAsync<long>("select count(*) from bus.outbox where event_type = 'Crm.Modules.Identity.Contracts.UserRepublished'");
}

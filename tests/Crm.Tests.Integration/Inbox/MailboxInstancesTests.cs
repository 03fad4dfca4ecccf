using Crm.Modules.Inbox.Mail;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integration.Inbox;

/// <summary>
/// Two app instances on one database reading one shared mailbox, and an instance replaced by a new one:
/// every mail is one request, however the instances meet.
/// </summary>
public sealed class MailboxInstancesTests
{
    [Fact]
    public async Task Two_instances_whose_leases_run_out_at_once_still_take_each_mail_exactly_once()
    {
        // A lease of zero lets both instances read the mailbox at the same time, page for page: what is left
        // to keep each mail once is the fence on every page's commit and the unique UID and Message-ID.
        var settings = new Dictionary<string, string>(MailApp.Settings) { ["Inbox:Mail:Lease"] = "00:00:00" };
        var database = await TestDatabase.CreateAsync();
        var clock = new TestClock();
        var first = new CrmApp(database, clock, settings);
        var second = new CrmApp(database, clock, settings);
        await first.InitializeAsync();
        await second.InitializeAsync();
        try
        {
            using var admin = await first.SignedInAsync();
            var pipeline = await first.SalesPipelineAsync();
            var user = TestImap.NewUser();
            const int Mails = 120; // pages of 50: three pages, each a transaction both instances race for
            for (var n = 1; n <= Mails; n++)
            {
                await TestImap.Server.AppendAsync(user, MailboxKit.Mail($"Письмо {n:000}"));
            }
            var mailbox = await admin.MailboxAsync(pipeline, user);
            var pollers = new[] { first, second }.Select(app => app.Factory.Services.GetRequiredService<MailboxPoller>()).ToArray();
            // Besides both instances' own jobs, both poll together a few times more.
            for (var round = 0; round < 3; round++)
            {
                await Task.WhenAll(pollers.Select(p => p.PollDueAsync(CancellationToken.None)));
            }

            await admin.WaitForRequestAsync(pipeline, $"Письмо {Mails:000}");
            await using var db = await first.OpenDatabaseAsync();
            Assert.Equal(Mails, await db.QuerySingleAsync<int>("select count(*) from inbox.requests where pipeline_id = @Id", new { pipeline.Id }));
            Assert.Equal(Mails, await db.QuerySingleAsync<int>("select count(*) from inbox.mails where mailbox_id = @Id", new { Id = mailbox.IdOf("id") }));
            Assert.Equal(Mails, await db.QuerySingleAsync<int>("select count(distinct subject) from inbox.requests where pipeline_id = @Id", new { pipeline.Id }));
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
            await TestDatabase.DropAsync(database);
        }
    }

    [Fact]
    public async Task A_new_instance_after_the_old_one_stopped_goes_on_where_it_left_off()
    {
        var database = await TestDatabase.CreateAsync();
        var clock = new TestClock();
        var user = TestImap.NewUser();
        InboxPipeline pipeline;
        var before = new CrmApp(database, clock, MailApp.Settings);
        await before.InitializeAsync();
        try
        {
            using var admin = await before.SignedInAsync();
            pipeline = await before.SalesPipelineAsync();
            await admin.MailboxAsync(pipeline, user);
            await TestImap.Server.AppendAsync(user, MailboxKit.Mail("До перезапуска 1"));
            await TestImap.Server.AppendAsync(user, MailboxKit.Mail("До перезапуска 2"));
            await admin.WaitForRequestAsync(pipeline, "До перезапуска 2");
        }
        finally
        {
            await before.DisposeAsync();
        }

        await TestImap.Server.AppendAsync(user, MailboxKit.Mail("Пока приложение стояло"));
        var after = new CrmApp(database, clock, MailApp.Settings);
        await after.InitializeAsync();
        try
        {
            using var admin = await after.SignedInAsync();
            await admin.WaitForRequestAsync(pipeline, "Пока приложение стояло");
            Assert.Equal(
                ["Пока приложение стояло", "До перезапуска 2", "До перезапуска 1"],
                (await admin.NewRequestsAsync(pipeline)).Select(r => r.Str("subject")));
        }
        finally
        {
            await after.DisposeAsync();
            await TestDatabase.DropAsync(database);
        }
    }
}

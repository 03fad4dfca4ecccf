using System.Net;
using Crm.Modules.Tasks.Contracts;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Inbox;
using Crm.Tests.Integration.Infrastructure;
using Crm.Tests.Integration.Tasks;

namespace Crm.Tests.Integration.Messaging;

/// <summary>The bell: mentions, a deal given to you, task reminders and overdue notices; read one or all; kinds turned off.</summary>
public sealed class NotificationsTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_colleague_named_with_at_is_notified_once_live_with_a_link_to_the_card_and_reads_it()
    {
        var pipeline = await app.PipelineAsync();
        var (author, authorId) = await app.UserAsync();
        var (colleague, colleagueId) = await app.UserAsync();
        var deal = (await author.CreateDealAsync(pipeline, new { name = "Упоминание" })).Id();
        await using var bell = await app.ListenAsync(colleague, "notification");

        var message = await (await author.PostAsync($"/api/messaging/feed/deal/{deal}", new
        {
            type = "message", text = "Посмотри условия", mentions = new[] { colleagueId, colleagueId, authorId },
        })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal([colleagueId, authorId], message.GetProperty("mentions").EnumerateArray().Select(m => m.GetGuid()));

        var pushed = await bell.NextAsync(m => m.GetProperty("notification").GetProperty("kind").GetString() == "mention");
        Assert.Equal(1, pushed.GetProperty("unread").GetInt32());
        var notification = pushed.GetProperty("notification");
        Assert.Equal(("deal", deal), (notification.GetProperty("linkKind").GetString(), notification.GetProperty("linkId").GetGuid()));
        Assert.Equal("Упоминание", notification.Data().GetProperty("subjectName").GetString());
        Assert.Equal("Посмотри условия", notification.Data().GetProperty("text").GetString());
        Assert.Empty((await author.NotificationsAsync()).GetProperty("items").EnumerateArray());

        var list = await colleague.NotificationsAsync(unread: true);
        Assert.Equal(1, list.GetProperty("unread").GetInt32());
        var id = Assert.Single(list.GetProperty("items").EnumerateArray()).Id();
        await (await author.PostAsync("/api/messaging/notifications/read", new { ids = new[] { id } })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (await colleague.NotificationsAsync()).GetProperty("unread").GetInt32());
        var read = await (await colleague.PostAsync("/api/messaging/notifications/read", new { ids = new[] { id } })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, read.GetProperty("unread").GetInt32());
        Assert.Empty((await colleague.NotificationsAsync(unread: true)).GetProperty("items").EnumerateArray());
        await (await colleague.PostAsync("/api/messaging/notifications/read", new { })).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_deal_given_by_a_colleague_and_a_tasks_reminder_and_overdue_notice_reach_their_manager_unless_turned_off()
    {
        var pipeline = await app.PipelineAsync();
        var (giver, _) = await app.UserAsync();
        var (manager, managerId) = await app.UserAsync();
        var deal = await giver.CreateDealAsync(pipeline, new { name = "Передача" });
        await (await giver.PostAsync($"/api/deals/{deal.Id()}/assign", new { responsibleId = managerId, version = deal.Version() })).JsonAsync(HttpStatusCode.OK);
        var given = await manager.WaitForNotificationAsync("dealAssigned");
        Assert.Equal("Передача", given.Data().GetProperty("dealName").GetString());
        Assert.Equal(deal.Id(), given.GetProperty("linkId").GetGuid());

        var task = TasksKit.StateOf(Guid.NewGuid(), 1, app.Clock.GetUtcNow().AddMinutes(30), managerId, dealId: deal.Id(), text: "Позвонить");
        await app.PublishAsync(new TaskReminderDue(task));
        var reminder = await manager.WaitForNotificationAsync("taskReminder");
        Assert.Equal("Позвонить", reminder.Data().GetProperty("text").GetString());
        Assert.Equal("Передача", reminder.Data().GetProperty("subjectName").GetString());

        var settings = await (await manager.PutAsync("/api/messaging/notifications/settings", new { kinds = new { taskOverdue = false } })).JsonAsync(HttpStatusCode.OK);
        Assert.False(settings.GetProperty("kinds").GetProperty("taskOverdue").GetBoolean());
        Assert.True(settings.GetProperty("kinds").GetProperty("mention").GetBoolean());
        await (await manager.PutAsync("/api/messaging/notifications/settings", new { kinds = new { birthday = true } })).ProblemAsync(HttpStatusCode.BadRequest);
        await app.PublishAsync(new TaskOverdue(task));
        // The sentinel: a reminder of the same task published after the overdue notice arrives, so the notice
        // was handled before it (one task's events reach the handler in order).
        var later = task with { Version = 2, DueAt = task.DueAt.AddDays(1), Text = "Отправить КП" };
        await app.PublishAsync(new TaskReminderDue(later));
        await manager.WaitForNotificationAsync("taskReminder", n => n.Data().GetProperty("text").GetString() == "Отправить КП");
        var kinds = (await manager.NotificationsAsync()).GetProperty("items").EnumerateArray().Select(n => n.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["taskReminder", "taskReminder", "dealAssigned"], kinds);
    }

    [Fact]
    public async Task A_reminder_or_overdue_notice_delivered_after_its_task_was_done_is_not_left_unread()
    {
        var (manager, managerId) = await app.UserAsync();
        var task = TasksKit.StateOf(Guid.NewGuid(), 1, app.Clock.GetUtcNow().AddMinutes(-5), managerId, text: "Позвонить поздно");
        var completed = new TaskCompleted(task with { Version = 2, Status = TaskStatuses.Completed }, "Дозвонился", app.Clock.GetUtcNow(), null, managerId);
        await app.PublishAsync(completed);
        await DeliveredAsync(completed.Id);

        // Raised before the completion (version 1), delivered after it.
        var reminder = new TaskReminderDue(task);
        var overdue = new TaskOverdue(task);
        await app.PublishAsync(reminder, overdue);
        await DeliveredAsync(reminder.Id, overdue.Id);

        var unread = await manager.NotificationsAsync(unread: true);
        Assert.Equal(0, unread.GetProperty("unread").GetInt32());
        Assert.Empty(unread.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_kept_reminder_is_read_once_its_task_is_rescheduled_reassigned_or_deleted_and_every_tab_hears_the_count()
    {
        var (manager, managerId) = await app.UserAsync();
        var (colleague, colleagueId) = await app.UserAsync();
        var due = app.Clock.GetUtcNow().AddMinutes(30);
        var task = TasksKit.StateOf(Guid.NewGuid(), 1, due, managerId, text: "Отправить договор");
        await app.PublishAsync(new TaskCreated(task, managerId), new TaskReminderDue(task));
        var first = await manager.WaitForNotificationAsync("taskReminder");
        await using var bell = await app.ListenAsync(manager, "notificationsRead");

        // Moved: the reminder of the old time is read, and the bell hears its new count.
        var moved = task with { Version = 2, DueAt = due.AddDays(1) };
        await app.PublishAsync(new TaskRescheduled(moved, due, managerId));
        var read = await bell.NextAsync();
        Assert.Equal([first.Id()], read.GetProperty("ids").EnumerateArray().Select(i => i.GetGuid()));
        Assert.Equal(0, read.GetProperty("unread").GetInt32());
        Assert.Equal(0, (await manager.NotificationsAsync()).GetProperty("unread").GetInt32());

        // The moved time's reminder holds, and an edit of the text alone leaves it unread.
        await app.PublishAsync(new TaskReminderDue(moved));
        var second = await manager.WaitForNotificationAsync("taskReminder", n => n.Id() != first.Id());
        var edited = moved with { Version = 3, Text = "Отправить договор и счёт" };
        var update = new TaskUpdated(edited, managerId);
        await app.PublishAsync(update);
        await DeliveredAsync(update.Id);
        Assert.Equal([second.Id()], (await manager.NotificationsAsync(unread: true)).GetProperty("items").EnumerateArray().Select(n => n.Id()));

        // Given to a colleague: the manager's reminder is read; the colleague's own, of the new state, holds.
        var given = edited with { Version = 4, ResponsibleId = colleagueId };
        await app.PublishAsync(new TaskReassigned(given, managerId, managerId), new TaskReminderDue(given));
        read = await bell.NextAsync();
        Assert.Equal([second.Id()], read.GetProperty("ids").EnumerateArray().Select(i => i.GetGuid()));
        var theirs = await colleague.WaitForNotificationAsync("taskReminder");

        // Deleted: nobody is left with an unread reminder of it.
        var deleted = new TaskDeleted(given with { Version = 5, Status = TaskStatuses.Deleted }, true, managerId);
        await app.PublishAsync(deleted);
        await DeliveredAsync(deleted.Id);
        Assert.Equal(0, (await colleague.NotificationsAsync()).GetProperty("unread").GetInt32());
        Assert.NotNull(Assert.Single((await colleague.NotificationsAsync()).GetProperty("items").EnumerateArray(), n => n.Id() == theirs.Id()).GetProperty("readAt").GetString());
        Assert.Equal(0, (await manager.NotificationsAsync()).GetProperty("unread").GetInt32());
    }

    /// <summary>Waits until every module's handlers are done with the events.</summary>
    private async Task DeliveredAsync(params Guid[] eventIds)
    {
        foreach (var id in eventIds)
        {
            await Eventually.TrueAsync(async () =>
            {
                await using var db = await app.OpenDatabaseAsync();
                return await BusState.DeliveredAsync(db, id);
            }, $"event {id} delivered");
        }
    }

    [Fact]
    public async Task A_new_request_is_kept_as_a_notification_of_the_managers_of_its_region_only()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await app.SalesPipelineAsync();
        var (covering, coveringId) = await app.UserAsync();
        var (elsewhere, elsewhereId) = await app.UserAsync();
        var region = $"Регион {Guid.NewGuid():N}"[..30];
        await (await admin.PutAsync($"/api/inbox/regions/{coveringId}", new { regions = new[] { region } })).JsonAsync(HttpStatusCode.OK);
        await (await admin.PutAsync($"/api/inbox/regions/{elsewhereId}", new { regions = new[] { "Камчатский край" } })).JsonAsync(HttpStatusCode.OK);

        var request = await covering.SubmitAsync(pipeline, new { region, subject = "Кресла для филиала" });
        var notice = await covering.WaitForNotificationAsync("inboxRequest");
        Assert.Equal(("request", request.IdOf("id")), (notice.GetProperty("linkKind").GetString(), notice.GetProperty("linkId").GetGuid()));
        Assert.Equal("Кресла для филиала", notice.Data().GetProperty("subject").GetString());
        Assert.True(notice.Data().GetProperty("inYourRegion").GetBoolean());
        // One event made both users' notifications in one transaction: the other's absence is final.
        Assert.DoesNotContain((await elsewhere.NotificationsAsync()).GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "inboxRequest");
    }

    [Fact]
    public async Task A_request_nobody_covers_is_kept_for_everyone_but_those_who_turned_requests_off()
    {
        var pipeline = await app.SalesPipelineAsync();
        var (quiet, _) = await app.UserAsync();
        var (first, _) = await app.UserAsync();
        var (second, _) = await app.UserAsync();
        await (await quiet.PutAsync("/api/messaging/notifications/settings", new { kinds = new { inboxRequest = false } })).JsonAsync(HttpStatusCode.OK);

        var request = await first.SubmitAsync(pipeline, new { region = "Регион, которого нет ни у кого", subject = "Стулья для офиса" });
        var notices = new[] { await first.WaitForNotificationAsync("inboxRequest"), await second.WaitForNotificationAsync("inboxRequest") };
        Assert.All(notices, n => Assert.Equal(request.IdOf("id"), n.GetProperty("linkId").GetGuid()));
        Assert.All(notices, n => Assert.False(n.Data().GetProperty("inYourRegion").GetBoolean()));
        // All of them were made by one statement in one transaction: the quiet user's absence is final.
        Assert.DoesNotContain((await quiet.NotificationsAsync()).GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "inboxRequest");
    }
}

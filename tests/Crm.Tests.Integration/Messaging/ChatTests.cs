using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Crm.Tests.Integration.Tasks;

namespace Crm.Tests.Integration.Messaging;

/// <summary>The team chat: «Отдел продаж», private channels and direct conversations, unread counts, live, rights.</summary>
public sealed class ChatTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static readonly Guid SalesDepartment = Guid.Parse("0193a000-0000-7000-8000-00000000c001");

    [Fact]
    public async Task Messages_in_the_sales_department_reach_colleagues_live_count_as_unread_and_clear_on_reading()
    {
        var (a, _) = await app.UserAsync();
        var (b, _) = await app.UserAsync();
        var bUnreadBefore = await UnreadAsync(b, SalesDepartment);
        await using var live = await app.ListenAsync(b, "chatMessage");

        var text = $"Кто возьмёт звонок? {Guid.NewGuid():N}";
        var posted = await (await a.PostAsync($"/api/messaging/channels/{SalesDepartment}/messages", new { text })).JsonAsync(HttpStatusCode.Created);
        var pushed = await live.NextAsync(m => m.GetProperty("message").GetProperty("id").GetGuid() == posted.Id());
        Assert.Equal(text, pushed.GetProperty("message").GetProperty("text").GetString());

        Assert.Equal(Math.Min(bUnreadBefore + 1, 100), await UnreadAsync(b, SalesDepartment));
        Assert.Equal(0, await UnreadAsync(a, SalesDepartment));
        var read = await (await b.PostAsync($"/api/messaging/channels/{SalesDepartment}/read")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, read.GetProperty("items").EnumerateArray().Single(c => c.Id() == SalesDepartment).GetProperty("unread").GetInt32());
        Assert.Equal(0, await UnreadAsync(b, SalesDepartment));
        var sales = (await ChannelsAsync(b)).Single(c => c.Id() == SalesDepartment);
        Assert.Equal(("public", "Отдел продаж"), (sales.GetProperty("kind").GetString(), sales.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Only_members_read_and_write_a_private_channel_admins_included_and_members_are_notified()
    {
        var (a, _) = await app.UserAsync();
        var (b, bId) = await app.UserAsync();
        var (c, _) = await app.UserAsync();
        using var admin = await app.SignedInAsync();
        var channel = await (await a.PostAsync("/api/messaging/channels", new { name = "Тендер РЖД", kind = "private", members = new[] { bId } }))
            .JsonAsync(HttpStatusCode.Created);
        var id = channel.Id();
        await (await a.PostAsync($"/api/messaging/channels/{id}/messages", new { text = "Цены не разглашаем" })).JsonAsync(HttpStatusCode.Created);

        Assert.Contains(id, (await ChannelsAsync(b)).Select(x => x.Id()));
        Assert.DoesNotContain(id, (await ChannelsAsync(c)).Select(x => x.Id()));
        Assert.DoesNotContain(id, (await ChannelsAsync(admin)).Select(x => x.Id()));
        foreach (var outsider in new[] { c, admin })
        {
            await (await outsider.GetAsync($"/api/messaging/channels/{id}/messages")).ProblemAsync(HttpStatusCode.Forbidden);
            await (await outsider.PostAsync($"/api/messaging/channels/{id}/messages", new { text = "Можно?" })).ProblemAsync(HttpStatusCode.Forbidden);
            await (await outsider.PostAsync($"/api/messaging/channels/{id}/read")).ProblemAsync(HttpStatusCode.Forbidden);
        }
        var notice = await b.WaitForNotificationAsync("chatMessage");
        Assert.Equal(("channel", id), (notice.GetProperty("linkKind").GetString(), notice.GetProperty("linkId").GetGuid()));
        Assert.Equal("Цены не разглашаем", notice.Data().GetProperty("text").GetString());
        Assert.Equal(1, await UnreadAsync(b, id));
        await (await a.PostAsync("/api/messaging/channels", new { name = " ", kind = "secret", members = new[] { Guid.NewGuid() } })).ProblemAsync(HttpStatusCode.BadRequest);
        var unknown = await (await a.PostAsync("/api/messaging/channels", new { name = "x", kind = "private", members = new[] { Guid.NewGuid() } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("members[0]", out _));
    }

    [Fact]
    public async Task A_pair_has_one_direct_conversation_however_often_it_is_opened_and_nobody_else_reads_it()
    {
        var (a, aId) = await app.UserAsync();
        var (b, bId) = await app.UserAsync();
        var (c, _) = await app.UserAsync();
        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
            await (await (i % 2 == 0 ? a : b).PostAsync($"/api/messaging/direct/{(i % 2 == 0 ? bId : aId)}")).JsonAsync(HttpStatusCode.OK)));
        var id = Assert.Single(opened.Select(o => o.Id()).Distinct());
        Assert.Equal(bId, opened[0].GetProperty("userId").GetGuid());

        await (await b.PostAsync($"/api/messaging/channels/{id}/messages", new { text = "Привет" })).JsonAsync(HttpStatusCode.Created);
        var inA = (await ChannelsAsync(a)).Single(x => x.Id() == id);
        Assert.Equal(("direct", 1), (inA.GetProperty("kind").GetString(), inA.GetProperty("unread").GetInt32()));
        Assert.StartsWith("Manager", inA.GetProperty("name").GetString());
        await (await c.GetAsync($"/api/messaging/channels/{id}/messages")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await a.PostAsync($"/api/messaging/direct/{aId}")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await a.PostAsync($"/api/messaging/direct/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Only_the_author_edits_or_deletes_a_message_its_text_stays_text_and_a_deal_link_is_named()
    {
        var (a, aId) = await app.UserAsync();
        var (b, _) = await app.UserAsync();
        var pipeline = await app.PipelineAsync();
        var deal = await a.CreateDealAsync(pipeline, new { name = "Поставка кресел" });
        await a.WaitForEntryAsync("deal", deal.Id(), "deal.created");
        var direct = (await (await b.PostAsync($"/api/messaging/direct/{aId}")).JsonAsync(HttpStatusCode.OK)).Id();
        var text = $"<img src=x onerror=alert(1)> смотри http://crm.local/deals/{deal.Id()}";

        var message = await (await b.PostAsync($"/api/messaging/channels/{direct}/messages", new { text })).JsonAsync(HttpStatusCode.Created);
        var page = await (await a.GetAsync($"/api/messaging/channels/{direct}/messages")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(text, page.GetProperty("items")[0].GetProperty("text").GetString());
        Assert.Equal("Поставка кресел", page.GetProperty("deals").GetProperty(deal.Id().ToString()).GetString());

        await (await a.PutAsync($"/api/messaging/messages/{message.Id()}", new { text = "чужое", version = 1 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await a.DeleteAsync($"/api/messaging/messages/{message.Id()}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await b.PutAsync($"/api/messaging/messages/{message.Id()}", new { text = "x", version = 7 })).ProblemAsync(HttpStatusCode.Conflict);
        var edited = await (await b.PutAsync($"/api/messaging/messages/{message.Id()}", new { text = "Исправил", version = 1 })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Исправил", edited.GetProperty("text").GetString());
        await (await b.DeleteAsync($"/api/messaging/messages/{message.Id()}")).JsonAsync(HttpStatusCode.NoContent);
        Assert.Empty((await (await a.GetAsync($"/api/messaging/channels/{direct}/messages")).JsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task History_pages_neither_skip_nor_repeat_while_new_messages_arrive()
    {
        var (a, _) = await app.UserAsync();
        var channel = (await (await a.PostAsync("/api/messaging/channels", new { name = "История", kind = "private" })).JsonAsync(HttpStatusCode.Created)).Id();
        for (var n = 1; n <= 45; n++)
        {
            await (await a.PostAsync($"/api/messaging/channels/{channel}/messages", new { text = $"№{n}" })).JsonAsync(HttpStatusCode.Created);
        }
        var first = await (await a.GetAsync($"/api/messaging/channels/{channel}/messages?limit=20")).JsonAsync(HttpStatusCode.OK);
        await (await a.PostAsync($"/api/messaging/channels/{channel}/messages", new { text = "№46" })).JsonAsync(HttpStatusCode.Created);
        var seen = first.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()!).ToList();
        var cursor = first.GetProperty("nextCursor").GetString();
        while (cursor is not null)
        {
            var page = await (await a.GetAsync($"/api/messaging/channels/{channel}/messages?limit=20&after={Uri.EscapeDataString(cursor)}")).JsonAsync(HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        Assert.Equal(Enumerable.Range(1, 45).Reverse().Select(n => $"№{n}"), seen);
    }

    private static async Task<IReadOnlyList<JsonElement>> ChannelsAsync(CrmClient client) =>
        (await (await client.GetAsync("/api/messaging/channels")).JsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();

    private static async Task<int> UnreadAsync(CrmClient client, Guid channel) =>
        (await ChannelsAsync(client)).Single(c => c.Id() == channel).GetProperty("unread").GetInt32();
}

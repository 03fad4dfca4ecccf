using System.Net;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Messaging;

/// <summary>Notes and messages in a card's feed: plain text, only your own changed, pins, mentions notified, pages stable.</summary>
public sealed class FeedWritingTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_note_is_kept_as_plain_text_edited_and_deleted_by_its_author_only_and_pinned_by_anyone()
    {
        var pipeline = await app.PipelineAsync();
        var (author, authorId) = await app.UserAsync();
        var (other, _) = await app.UserAsync();
        using var admin = await app.SignedInAsync();
        var deal = (await author.CreateDealAsync(pipeline, new { name = "Примечания" })).Id();
        const string Script = "Цена <b>5000</b>\r\n<script>alert(1)</script> https://example.ru";

        var note = await (await author.PostAsync($"/api/messaging/feed/deal/{deal}", new { type = "note", text = "  " + Script + "  " })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("Цена <b>5000</b>\n<script>alert(1)</script> https://example.ru", note.GetProperty("text").GetString());
        Assert.Equal(authorId, note.GetProperty("authorId").GetGuid());
        var noteId = note.Id();

        await (await other.PutAsync($"/api/messaging/feed/entries/{noteId}", new { text = "чужое", version = 1 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.DeleteAsync($"/api/messaging/feed/entries/{noteId}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await author.PutAsync($"/api/messaging/feed/entries/{noteId}", new { text = "Цена 5000", version = 9 })).ProblemAsync(HttpStatusCode.Conflict);
        var edited = await (await author.PutAsync($"/api/messaging/feed/entries/{noteId}", new { text = "Цена 5000", version = 1 })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Цена 5000", edited.GetProperty("text").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, edited.GetProperty("editedAt").ValueKind);

        var pinned = await (await other.PostAsync($"/api/messaging/feed/entries/{noteId}/pin")).JsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, pinned.GetProperty("pinnedAt").ValueKind);
        var page = await author.FeedAsync("deal", deal);
        Assert.Equal(noteId, Assert.Single(page.GetProperty("pinned").EnumerateArray()).Id());
        await (await other.PostAsync($"/api/messaging/feed/entries/{noteId}/pin", new { pinned = false })).JsonAsync(HttpStatusCode.OK);
        Assert.Empty((await author.FeedAsync("deal", deal)).GetProperty("pinned").EnumerateArray());

        var created = await author.WaitForEntryAsync("deal", deal, "deal.created");
        await (await author.PutAsync($"/api/messaging/feed/entries/{created.Id()}", new { text = "x", version = 1 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await author.PostAsync($"/api/messaging/feed/entries/{created.Id()}/pin")).ProblemAsync(HttpStatusCode.BadRequest);

        await (await author.DeleteAsync($"/api/messaging/feed/entries/{noteId}")).JsonAsync(HttpStatusCode.NoContent);
        Assert.DoesNotContain("note", await author.TypesAsync("deal", deal));
        Assert.Equal(["deal.created"], await author.TypesAsync("deal", deal));
        Assert.Equal(["deal.created"], (await author.FeedAsync("deal", deal, "?filter=system")).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Bad_writes_are_refused_field_by_field_and_a_card_nobody_knows_is_404()
    {
        var pipeline = await app.PipelineAsync();
        var (author, _) = await app.UserAsync();
        var deal = (await author.CreateDealAsync(pipeline)).Id();

        var problem = await (await author.PostAsync($"/api/messaging/feed/deal/{deal}", new { type = "message", text = " " })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("mentions", out _));
        var unknown = await (await author.PostAsync($"/api/messaging/feed/deal/{deal}", new { type = "message", text = "Глянь", mentions = new[] { Guid.NewGuid() } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("mentions[0]", out _));
        await (await author.PostAsync($"/api/messaging/feed/deal/{deal}", new { type = "memo", text = "x" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await author.PostAsync($"/api/messaging/feed/deal/{deal}", new { type = "note", text = new string('я', 10_001) })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await author.PostAsync($"/api/messaging/feed/deal/{Guid.NewGuid()}", new { type = "note", text = "x" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await author.GetAsync($"/api/messaging/feed/invoice/{deal}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await author.GetAsync($"/api/messaging/feed/deal/{deal}?filter=all")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await author.GetAsync($"/api/messaging/feed/deal/{deal}?after=nonsense")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["deal.created"], await author.TypesAsync("deal", deal));
    }

    [Fact]
    public async Task Pages_go_on_where_they_stopped_while_new_notes_arrive()
    {
        var pipeline = await app.PipelineAsync();
        var (author, _) = await app.UserAsync();
        var deal = (await author.CreateDealAsync(pipeline)).Id();
        await author.WaitForEntryAsync("deal", deal, "deal.created");
        for (var n = 1; n <= 60; n++)
        {
            await (await author.PostAsync($"/api/messaging/feed/deal/{deal}", new { type = "note", text = $"Запись {n}" })).JsonAsync(HttpStatusCode.Created);
        }

        var first = await author.FeedAsync("deal", deal, "?filter=notes&limit=25");
        for (var n = 61; n <= 65; n++)
        {
            await (await author.PostAsync($"/api/messaging/feed/deal/{deal}", new { type = "note", text = $"Запись {n}" })).JsonAsync(HttpStatusCode.Created);
        }
        var seen = first.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("text").GetString()!).ToList();
        var cursor = first.GetProperty("nextCursor").GetString();
        while (cursor is not null)
        {
            var page = await author.FeedAsync("deal", deal, $"?filter=notes&limit=25&after={Uri.EscapeDataString(cursor)}");
            Assert.Empty(page.GetProperty("pinned").EnumerateArray());
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("text").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        Assert.Equal(Enumerable.Range(1, 60).Reverse().Select(n => $"Запись {n}"), seen);
    }
}

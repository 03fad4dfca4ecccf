using System.Net;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Pipelines;

public sealed class UpdatePipelineTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static object Body(string name, int position, bool archived, int version) => new { name, position, archived, version };

    [Fact]
    public async Task A_rename_bumps_the_version_and_publishes_PipelineUpdated()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Оптовики");
        var position = pipeline.GetProperty("position").GetInt32();

        var renamed = await (await admin.PutAsync($"/api/pipelines/{pipeline.Id()}", Body(" Крупный опт ", position, false, pipeline.Version())))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Крупный опт", renamed.GetProperty("name").GetString());
        Assert.Equal(pipeline.Version() + 1, renamed.Version());
        Assert.Equal(pipeline.StageNames(), renamed.StageNames());

        var updated = Assert.Single(await app.OutboxAsync("PipelineUpdated", "pipelineId", pipeline.Id()));
        Assert.Equal("Крупный опт", updated.State().GetProperty("name").GetString());
        Assert.Equal(position, updated.State().GetProperty("position").GetInt32());
        Assert.False(updated.State().GetProperty("archived").GetBoolean());
        Assert.Equal(renamed.Version(), updated.State().GetProperty("version").GetInt32());
        Assert.Equal(pipeline.StageNames(), updated.State().GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Moving_a_pipeline_up_the_list_shifts_the_others_down()
    {
        using var admin = await app.SignedInAsync();
        var moving = await admin.CreatePipelineAsync("Срочные");
        var before = (await admin.ListAsync(includeArchived: true)).Select(p => p.Id()).ToList();

        var moved = await (await admin.PutAsync($"/api/pipelines/{moving.Id()}", Body("Срочные", 1, false, moving.Version())))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, moved.GetProperty("position").GetInt32());

        var after = await admin.ListAsync(includeArchived: true);
        before.Remove(moving.Id());
        before.Insert(1, moving.Id());
        Assert.Equal(before, after.Select(p => p.Id()));
        Assert.Equal(Enumerable.Range(0, after.Length), after.Select(p => p.GetProperty("position").GetInt32()));

        // The pipeline that stood at 1 now stands at 2, and says so to the other modules.
        var shifted = await app.OutboxAsync("PipelineUpdated", "pipelineId", after[2].Id());
        Assert.Equal(2, shifted[^1].State().GetProperty("position").GetInt32());
        Assert.Equal(after[2].Version(), shifted[^1].State().GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Moving_a_pipeline_past_the_end_puts_it_last_and_the_others_move_up()
    {
        using var admin = await app.SignedInAsync();
        var first = (await admin.ListAsync(includeArchived: true))[0];
        var moved = await (await admin.PutAsync($"/api/pipelines/{first.Id()}",
            Body(first.GetProperty("name").GetString()!, 1_000, false, first.Version()))).JsonAsync(HttpStatusCode.OK);

        var after = await admin.ListAsync(includeArchived: true);
        Assert.Equal(first.Id(), after[^1].Id());
        Assert.Equal(after.Length - 1, moved.GetProperty("position").GetInt32());
        Assert.Equal(Enumerable.Range(0, after.Length), after.Select(p => p.GetProperty("position").GetInt32()));
    }

    [Fact]
    public async Task An_archived_pipeline_leaves_the_list_until_it_is_restored()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Сезонные");
        var position = pipeline.GetProperty("position").GetInt32();

        var archived = await (await admin.PutAsync($"/api/pipelines/{pipeline.Id()}", Body("Сезонные", position, true, pipeline.Version())))
            .JsonAsync(HttpStatusCode.OK);
        Assert.True(archived.GetProperty("archived").GetBoolean());
        Assert.DoesNotContain(await admin.ListAsync(), p => p.Id() == pipeline.Id());
        var withArchived = (await admin.ListAsync(includeArchived: true)).Single(p => p.Id() == pipeline.Id());
        Assert.Equal(pipeline.StageNames(), withArchived.StageNames());

        await (await admin.PutAsync($"/api/pipelines/{pipeline.Id()}", Body("Сезонные", position, false, archived.Version())))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Contains(await admin.ListAsync(), p => p.Id() == pipeline.Id());
        var events = await app.OutboxAsync("PipelineUpdated", "pipelineId", pipeline.Id());
        Assert.Equal([true, false], events.Select(e => e.State().GetProperty("archived").GetBoolean()));
    }

    [Fact]
    public async Task Delete_archives_the_pipeline_and_keeps_it_with_its_stages()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Ликвидация");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/pipelines/{pipeline.Id()}")).StatusCode);
        Assert.DoesNotContain(await admin.ListAsync(), p => p.Id() == pipeline.Id());
        var kept = await admin.PipelineAsync(pipeline.Id());
        Assert.True(kept.GetProperty("archived").GetBoolean());
        Assert.Equal(pipeline.Version() + 1, kept.Version());
        Assert.Equal(4, kept.Stages().Length);
        var updated = Assert.Single(await app.OutboxAsync("PipelineUpdated", "pipelineId", pipeline.Id()));
        Assert.True(updated.State().GetProperty("archived").GetBoolean());

        // Again: nothing changes, nothing is published.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/pipelines/{pipeline.Id()}")).StatusCode);
        Assert.Single(await app.OutboxAsync("PipelineUpdated", "pipelineId", pipeline.Id()));
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_and_an_unknown_pipeline_is_not_found()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Версии");
        var position = pipeline.GetProperty("position").GetInt32();
        await (await admin.PutAsync($"/api/pipelines/{pipeline.Id()}", Body("Версии 2", position, false, pipeline.Version()))).JsonAsync(HttpStatusCode.OK);

        var stale = await (await admin.PutAsync($"/api/pipelines/{pipeline.Id()}", Body("Версии 3", position, false, pipeline.Version())))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Обновите страницу", stale.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Версии 2", (await admin.PipelineAsync(pipeline.Id())).GetProperty("name").GetString());

        await (await admin.PutAsync($"/api/pipelines/{Guid.NewGuid()}", Body("Призрак", 0, false, 1))).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/api/pipelines/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_names_a_taken_name_and_a_negative_position_are_refused()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Проверки");
        var url = $"/api/pipelines/{pipeline.Id()}";

        var empty = await (await admin.PutAsync(url, Body("", -1, false, pipeline.Version()))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Введите название"], empty.FieldErrors("name"));
        Assert.NotEmpty(empty.FieldErrors("position"));
        var overlong = await (await admin.PutAsync(url, Body(new string('x', 10_000), 0, false, pipeline.Version()))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(overlong.FieldErrors("name"));
        var taken = await (await admin.PutAsync(url, Body("постоянные клиенты", 0, false, pipeline.Version()))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Воронка с таким названием уже есть"], taken.FieldErrors("name"));

        // Its own name in another case is no clash.
        var recased = await (await admin.PutAsync(url, Body("ПРОВЕРКИ", pipeline.GetProperty("position").GetInt32(), false, pipeline.Version())))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal("ПРОВЕРКИ", recased.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_rename_that_leaves_out_position_and_archived_keeps_them()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Только имя");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/pipelines/{pipeline.Id()}")).StatusCode);
        var archived = await admin.PipelineAsync(pipeline.Id());

        var renamed = await (await admin.PutAsync($"/api/pipelines/{pipeline.Id()}", new { name = "Только новое имя", version = archived.Version() }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Только новое имя", renamed.GetProperty("name").GetString());
        Assert.Equal(pipeline.GetProperty("position").GetInt32(), renamed.GetProperty("position").GetInt32());
        Assert.True(renamed.GetProperty("archived").GetBoolean());
    }

    [Fact]
    public async Task Managers_cannot_edit_or_archive_pipelines()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Чужая");
        using var manager = await app.SignedInAsAsync("Manager");

        await (await manager.PutAsync($"/api/pipelines/{pipeline.Id()}", Body("Моя", 0, false, pipeline.Version()))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.DeleteAsync($"/api/pipelines/{pipeline.Id()}")).ProblemAsync(HttpStatusCode.Forbidden);
        var unchanged = await admin.PipelineAsync(pipeline.Id());
        Assert.Equal("Чужая", unchanged.GetProperty("name").GetString());
        Assert.False(unchanged.GetProperty("archived").GetBoolean());
    }
}

using System.Net;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integration.Host;

public sealed class HostTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_without_sign_in(string url)
    {
        using var client = app.Client();
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_identity_routes()
    {
        using var client = app.Client();
        var document = await (await client.GetAsync("/openapi/v1.json")).JsonAsync(HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        foreach (var route in new[] { "/api/identity/sign-in", "/api/identity/sign-out", "/api/identity/me", "/api/identity/me/settings",
                     "/api/identity/me/tokens", "/api/identity/users", "/api/identity/users/{id}", "/api/identity/users/{id}/deactivate" })
        {
            Assert.True(paths.TryGetProperty(route, out _), $"{route} is missing from the OpenAPI document");
        }
        Assert.True(paths.GetProperty("/api/identity/users").TryGetProperty("post", out _));
    }

    [Fact]
    public async Task The_api_reference_page_is_served_with_its_script_from_this_server()
    {
        using var client = app.Client();
        var page = await client.GetAsync("/api-reference/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("src=\"scalar.js\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api-reference/scalar.js")).StatusCode); // no CDN: works offline
    }

    [Fact]
    public async Task An_unknown_api_route_is_a_404_problem_not_the_app_page()
    {
        using var client = await app.SignedInAsync();
        var problem = await (await client.GetAsync("/api/nothing/here")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Не найдено", problem.GetProperty("title").GetString());
        using var anonymous = app.Client();
        await (await anonymous.GetAsync("/api/nothing/here")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_record_is_a_404_problem_in_the_callers_language()
    {
        using var client = await app.SignedInAsync();
        client.Http.DefaultRequestHeaders.Add("Accept-Language", "en");
        var problem = await (await client.PostAsync($"/api/identity/users/{Guid.NewGuid()}/activate")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("User not found", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_admin_sees_a_dead_delivery_to_a_handler_the_build_lacks_and_discards_it_but_cannot_retry_it()
    {
        var eventId = Guid.NewGuid();
        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync(
                """
                insert into bus.outbox (id, event_type, payload, occurred_at, aggregate_id, aggregate_version)
                values (@eventId, 'Crm.Modules.Deals.Contracts.DealCreated', '{}', now(), @eventId, 1);
                insert into bus.deliveries (event_id, handler, event_type, aggregate_id, attempts, dead, last_error, last_failed_at)
                values (@eventId, 'Gone.RemovedHandler', 'Crm.Modules.Deals.Contracts.DealCreated', @eventId, 1, true, 'No handler', now());
                """,
                new { eventId });
        }
        using var client = await app.SignedInAsync();
        var failures = await (await client.GetAsync("/api/admin/bus/failures?dead=true")).JsonAsync(HttpStatusCode.OK);
        var listed = failures.EnumerateArray().Single(f => f.GetProperty("eventId").GetGuid() == eventId);
        Assert.False(listed.GetProperty("handlerKnown").GetBoolean());

        var url = $"/api/admin/bus/failures/{eventId}/Gone.RemovedHandler";
        var refused = await (await client.PostAsync(url + "/retry")).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("В этой версии нет такого обработчика", refused.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(url)).StatusCode);
    }

    [Fact]
    public void Every_modules_handlers_are_known_to_the_mediator()
    {
        // The module list (Modules.cs) and the Mediator generator's assembly list (Program.cs) must agree:
        // a module left out of the latter compiles, but its slices would fail at run time.
        var handlerInterfaces = new[] { typeof(Mediator.ICommandHandler<,>), typeof(Mediator.IQueryHandler<,>) };
        var isService = app.Factory.Services.GetRequiredService<IServiceProviderIsService>();
        var handlers = Crm.Host.Modules.Catalog().Assemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsInterface: false } && t.GetInterfaces()
                .Any(i => i.IsGenericType && handlerInterfaces.Contains(i.GetGenericTypeDefinition())))
            .ToList();
        Assert.NotEmpty(handlers);
        Assert.All(handlers, h => Assert.True(isService.IsService(h), $"{h.FullName} is not registered: add its module to options.Assemblies in Program.cs"));
    }
}

using Carter;
using Crm.BuildingBlocks;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Mediation;
using Crm.BuildingBlocks.Realtime;
using Crm.BuildingBlocks.Web;
using Crm.Host;
using Crm.Host.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Scalar.AspNetCore;

var catalog = Modules.Catalog();
// The content root is where the app and its wwwroot (the built Angular app) are, whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.Services.AddBuildingBlocks(builder.Configuration, catalog);
builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.GenerateTypesAsInternal = true;
    options.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>), typeof(PasswordTurnBehavior<,>), typeof(TransactionBehavior<,>)];
});
builder.Services.AddCarter(
    new DependencyContextAssemblyCatalog([.. catalog.Assemblies]),
    carter => carter.WithModules(catalog.EndpointTypes()).WithEmptyValidators());
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemTitles.Localize);
builder.Services.AddXsrf();
builder.Services.AddInputChecks();
builder.Services.AddEdges(builder.Configuration);
builder.Services.AddAbuseLimits(builder.Configuration);
builder.Services.AddCrossOrigin();
builder.Services.AddRequestLog();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
{
    document.Info.Title = "CRM API";
    document.Info.Description = "REST API of the CRM: one section per module. Browser calls use the session cookie and the X-XSRF-TOKEN header; scripts use a personal API token as a Bearer token.";
    return Task.CompletedTask;
}));
// Metrics (the bus's "Crm.Bus" meter, ASP.NET Core's, the runtime's) go to an OTLP collector when
// OTEL_EXPORTER_OTLP_ENDPOINT is set; without it nothing is exported.
if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
{
    builder.Services.AddOpenTelemetry()
        .ConfigureResource(r => r.AddService("crm"))
        .WithMetrics(m => m.AddMeter(Crm.BuildingBlocks.Events.BusMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "System.Runtime").AddOtlpExporter());
}
builder.Services.AddHealthChecks()
    .AddCheck<DatabaseReadyCheck>("database", tags: ["ready"])
    .AddCheck<CopyFillsCheck>("copies", tags: ["ready"]);

var app = builder.Build();

var migrateOnly = args.Contains("migrate");
await app.Services.GetRequiredService<Migrator>().MigrateAsync(BuildingBlocksServices.Schemas(catalog));
foreach (var module in catalog.Modules)
{
    await module.InitializeAsync(app.Services, CancellationToken.None);
}
if (migrateOnly)
{
    return;
}
// `republish <module>`: the module publishes its records' current state for copies that are new or
// being rebuilt; the running instances deliver the events (NOTIFY), this process only writes them.
if (args.Length >= 2 && args[0] == "republish")
{
    var module = catalog.Modules.FirstOrDefault(m => string.Equals(m.Name, args[1], StringComparison.OrdinalIgnoreCase));
    if (module is null)
    {
        Console.Error.WriteLine($"No module named '{args[1]}'. Modules: {string.Join(", ", catalog.Modules.Select(m => m.Name))}");
        Environment.ExitCode = 2;
        return;
    }
    var published = await module.RepublishAsync(app.Services, CancellationToken.None);
    Console.WriteLine($"{module.Name}: {published} events published");
    return;
}

// The request log first: its scope covers every line logged while a request runs.
app.UseRequestLog();
// Localization next, so that error responses too speak the caller's language.
app.UseRequestLocalization(o =>
{
    o.SetDefaultCulture("ru");
    o.AddSupportedCultures("ru", "en");
    o.AddSupportedUICultures("ru", "en");
});
app.UseEdges();
app.UseHubOrigin();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseMissingFilesAs404();
app.UseCrossOrigin();
app.UseAuthentication();
app.UseXsrf();
app.UseAuthorization();
app.UseAbuseLimits();
app.UseBodyLimits();
app.UseInputChecks();

app.MapCarter();
app.MapBusAdmin();
app.MapHub<CrmHub>("/hubs/crm");
if (Edges.ApiReference(app.Configuration, app.Environment))
{
    app.MapOpenApi().AllowAnonymous();
    app.MapScalarApiReference("/api-reference").AllowAnonymous();
}
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = ReadyResponse.WriteAsync })
    .AllowAnonymous();
app.Map("/api/{**rest}", () => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: T.Pick("Не найдено", "Not found"),
        detail: T.Pick("Такого адреса API нет.", "There is no such API route.")))
    .AllowAnonymous()
    .ExcludeFromDescription();
app.MapFallbackToFile("index.html").AllowAnonymous();

await app.RunAsync();

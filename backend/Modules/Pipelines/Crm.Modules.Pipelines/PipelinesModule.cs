using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Pipelines.Contracts;
using Crm.Modules.Pipelines.Features;
using Crm.Modules.Pipelines.Model;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Modules.Pipelines;

/// <summary>
/// Pipelines and their ordered stages (kind, colour, win probability), and how many deals stand in
/// each stage, learnt from Deals' events (for display). A stage is removed only once Deals, which
/// owns the deals, has vacated it (ADR 0007). Admins and heads of sales edit them; everyone reads them.
/// </summary>
public sealed class PipelinesModule : IModule
{
    public string Name => "Pipelines";

    public string Schema => "pipelines";

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScoped<NewPipeline>();

    public void Subscribe(EventSubscriptions subscriptions) =>
        subscriptions
            .OnStateOf<DealState, KeepStageOccupancy>()
            .On<StageVacated, FinishStageRemoval>()
            .On<StageRemovalRefused, FinishStageRemoval>();

    /// <summary>Publishes every pipeline's current state with its stages (archived ones too) as PipelineRepublished, in id order.</summary>
    public Task<int> RepublishAsync(IServiceProvider services, CancellationToken ct) =>
        Republishing.PublishAllAsync<PipelineStates.Row>(
            services,
            $"{PipelineStates.Select} where p.id > @After order by p.id limit @Limit",
            row => row.PipelineId,
            row => new PipelineRepublished(row.ToState()),
            ct);

    /// <summary>Seeds the company's pipelines on first start (none exist yet).</summary>
    public async Task InitializeAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var seeded = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SeedPipelines.Command(), ct);
        if (seeded)
        {
            scope.ServiceProvider.GetRequiredService<ILogger<PipelinesModule>>().LogInformation("Seeded the default pipelines");
        }
    }
}

using Crm.BuildingBlocks.Data;
using Crm.Modules.Pipelines.Contracts;
using Crm.Modules.Pipelines.Model;
using Dapper;
using Mediator;

namespace Crm.Modules.Pipelines.Features;

/// <summary>
/// On first start, with no pipelines at all, creates the company's pipelines (in Russian). Once any
/// pipeline exists it does nothing, so pipelines the admin renamed or archived are never recreated.
/// </summary>
internal static class SeedPipelines
{
    public sealed record Command : ICommand<bool>;

    internal static readonly IReadOnlyList<(string Name, string Kind, IReadOnlyList<StageSpec> Stages)> Pipelines =
    [
        ("Новые дилеры", PipelineKinds.Sales,
        [
            new("Неразобранное", "#C0C0C0", StageKinds.Unsorted, 10),
            new("Первичный контакт", "#99CCFF", StageKinds.Open, 20),
            new("Переговоры", "#FFFF99", StageKinds.Open, 40),
            new("Коммерческое предложение", "#FFCC66", StageKinds.Open, 60),
            new("Выставлен счёт", "#FF9966", StageKinds.Open, 80),
            new("Успешно реализовано", "#66CC66", StageKinds.Won, 100),
            new("Закрыто и не реализовано", "#FF6666", StageKinds.Lost, 0),
        ]),
        ("Постоянные клиенты", PipelineKinds.Sales,
        [
            new("Новый заказ", "#99CCFF", StageKinds.Open, 30),
            new("Согласование", "#FFFF99", StageKinds.Open, 50),
            new("Счёт выставлен", "#FFCC66", StageKinds.Open, 70),
            new("Отгрузка", "#FF9966", StageKinds.Open, 90),
            new("Успешно реализовано", "#66CC66", StageKinds.Won, 100),
            new("Закрыто и не реализовано", "#FF6666", StageKinds.Lost, 0),
        ]),
        ("To-Do", PipelineKinds.Todo, NewPipeline.DefaultStages(PipelineKinds.Todo)),
    ];

    internal sealed class Handler(DbSession db, NewPipeline newPipeline) : ICommandHandler<Command, bool>
    {
        public async ValueTask<bool> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            // Two instances starting together: the second waits here, then sees the first's pipelines.
            await PipelineGuards.LockPipelineListAsync(conn);
            if (await conn.ExecuteScalarAsync<bool>("select exists (select 1 from pipelines.pipelines)"))
            {
                return false;
            }
            foreach (var (name, kind, stages) in Pipelines)
            {
                await newPipeline.CreateAsync(name, kind, stages, ct);
            }
            return true;
        }
    }
}

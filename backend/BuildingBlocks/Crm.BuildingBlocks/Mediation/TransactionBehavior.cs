using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Crm.BuildingBlocks.Mediation;

/// <summary>
/// A command runs in one transaction with the outbox rows of the events it publishes (every instance
/// is notified by PostgreSQL on commit); what the command asked to do after the commit runs then.
/// </summary>
public sealed class TransactionBehavior<TMessage, TResponse>(DbSession db, ILogger<TransactionBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : ICommand<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        await db.BeginAsync(cancellationToken);
        TResponse response;
        try
        {
            response = await next(message, cancellationToken);
            await db.CommitAsync(cancellationToken);
        }
        catch
        {
            await db.RollbackAsync(CancellationToken.None);
            throw;
        }
        await AfterCommitActions.RunAsync(db.TakeAfterCommit(), logger);
        return response;
    }
}

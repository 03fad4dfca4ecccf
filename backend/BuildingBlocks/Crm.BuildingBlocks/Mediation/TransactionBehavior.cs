using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Mediator;

namespace Crm.BuildingBlocks.Mediation;

/// <summary>
/// A command runs in one transaction with the outbox rows of the events it publishes; after the
/// commit the dispatcher is told, so subscribers hear of it at once.
/// </summary>
public sealed class TransactionBehavior<TMessage, TResponse>(DbSession db, OutboxSignal signal)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : ICommand<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        await db.BeginAsync(cancellationToken);
        try
        {
            var response = await next(message, cancellationToken);
            var published = await db.CommitAsync(cancellationToken);
            signal.Committed(published);
            return response;
        }
        catch
        {
            await db.RollbackAsync(CancellationToken.None);
            throw;
        }
    }
}

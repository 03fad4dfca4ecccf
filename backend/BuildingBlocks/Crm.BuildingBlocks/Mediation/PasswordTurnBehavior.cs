using Crm.BuildingBlocks.Web;
using Mediator;

namespace Crm.BuildingBlocks.Mediation;

/// <summary>
/// Runs a command that hashes a password (<see cref="IHashesPasswords"/>) in its turn at the hashing
/// gate, taken before <see cref="TransactionBehavior{TMessage, TResponse}"/> opens the connection:
/// waiting for the gate holds nothing but a place in its queue.
/// </summary>
public sealed class PasswordTurnBehavior<TMessage, TResponse>(PasswordTurn turn) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : ICommand<TResponse>, IHashesPasswords
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        using var held = await turn.TakeAsync(cancellationToken);
        return await next(message, cancellationToken);
    }
}

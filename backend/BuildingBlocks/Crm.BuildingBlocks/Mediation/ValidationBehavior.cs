using FluentValidation;
using Mediator;

namespace Crm.BuildingBlocks.Mediation;

/// <summary>Checks the version rule (<see cref="Errors.RequiredVersion"/>), then runs every validator of the message before its handler; failures become a 400 with field messages.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        Errors.RequiredVersion.Check(message);
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            failures.AddRange(result.Errors);
        }
        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }
        return await next(message, cancellationToken);
    }
}

using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Crm.BuildingBlocks.Mediation;

/// <summary>One structured log line per message: its name, outcome and duration.</summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            logger.LogInformation("{Message} handled in {ElapsedMs:0.0} ms", MessageName, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception ex)
        {
            logger.LogInformation("{Message} failed in {ElapsedMs:0.0} ms: {Error}", MessageName, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.GetType().Name);
            throw;
        }
    }

    private static string MessageName => typeof(TMessage).FullName!.Replace('+', '.');
}

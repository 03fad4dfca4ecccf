using Microsoft.Extensions.Logging;

namespace Crm.BuildingBlocks.Events;

/// <summary>Runs what a transaction asked to do after its commit (<c>DbSession.AfterCommit</c>); a failure is logged, the commit stands.</summary>
public static class AfterCommitActions
{
    public static async Task RunAsync(IEnumerable<Func<ValueTask>> actions, ILogger logger)
    {
        foreach (var action in actions)
        {
            try
            {
                await action();
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "An action after a commit failed");
            }
        }
    }
}

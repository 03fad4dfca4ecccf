using Microsoft.Extensions.Configuration;
using Quartz;

namespace Crm.Modules.Tasks.Jobs;

/// <summary>
/// Polls for reminders and overdue tasks every <c>Tasks:Reminders:Interval</c>, <see cref="DefaultInterval"/>
/// unless configured (see <see cref="TaskReminders"/>).
/// </summary>
[DisallowConcurrentExecution]
internal sealed class TaskRemindersJob(TaskReminders reminders) : IJob
{
    public static readonly JobKey Key = new("task-reminders", "tasks");

    public const string IntervalKey = "Tasks:Reminders:Interval";

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(15);

    /// <summary>The configured interval: a positive time span, else the default.</summary>
    public static TimeSpan IntervalOf(IConfiguration configuration) =>
        configuration.GetValue<TimeSpan?>(IntervalKey) is { } interval && interval > TimeSpan.Zero
            ? interval
            : DefaultInterval;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await reminders.RunAsync(cancellationToken);
}

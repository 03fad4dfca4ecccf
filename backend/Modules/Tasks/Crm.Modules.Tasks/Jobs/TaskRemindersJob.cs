using Quartz;

namespace Crm.Modules.Tasks.Jobs;

/// <summary>Polls for reminders and overdue tasks every <see cref="Interval"/> (see <see cref="TaskReminders"/>).</summary>
[DisallowConcurrentExecution]
internal sealed class TaskRemindersJob(TaskReminders reminders) : IJob
{
    public static readonly JobKey Key = new("task-reminders", "tasks");

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await reminders.RunAsync(cancellationToken);
}

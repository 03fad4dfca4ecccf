namespace Crm.Modules.Deals.Jobs;

/// <summary>
/// Settings of the bulk change worker (<c>Deals:BulkJobs</c>): whether this instance runs the jobs, how many
/// deals go through BulkChangeDeals at a time (the progress is committed after each chunk), how long a claim
/// on a job lasts without progress (another instance takes over a job whose worker died), and how often to
/// look for work when not woken.
/// </summary>
internal sealed class BulkJobOptions
{
    public const string Section = "Deals:BulkJobs";

    public bool Worker { get; set; } = true;

    public int ChunkSize { get; set; } = 50;

    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

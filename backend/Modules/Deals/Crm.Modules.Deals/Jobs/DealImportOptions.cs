namespace Crm.Modules.Deals.Jobs;

/// <summary>
/// Settings of the deals import worker (<c>Deals:Imports</c>): whether this instance runs imports, how many rows
/// go in one transaction (with the progress that covers them and one DealsImported for their clients), how long a
/// claim on an import lasts without a commit (another instance takes over an import whose worker died), and how
/// often to look for work when not woken.
/// </summary>
internal sealed class DealImportOptions
{
    public const string Section = "Deals:Imports";

    public bool Worker { get; set; } = true;

    public int BatchSize { get; set; } = 500;

    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

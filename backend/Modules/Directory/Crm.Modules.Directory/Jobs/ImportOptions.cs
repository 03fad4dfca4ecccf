namespace Crm.Modules.Directory.Jobs;

/// <summary>
/// Settings of the import worker (<c>Directory:Imports</c>): whether this instance runs imports, how many rows
/// go in one transaction (with the progress that covers them), how long a claim on an import lasts without
/// a commit (another instance takes over an import whose worker died), and how often to look for work when
/// not woken.
/// </summary>
internal sealed class ImportOptions
{
    public const string Section = "Directory:Imports";

    public bool Worker { get; set; } = true;

    public int BatchSize { get; set; } = 1_000;

    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

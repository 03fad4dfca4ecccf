namespace Crm.Modules.Directory.Jobs;

/// <summary>
/// How long a final task or deal fact is kept (section "Directory:Facts"). A fact is the only thing
/// that stops an older event of its task or deal from counting it open again, so it must outlive
/// every event still on its way. Events reach a handler within seconds; a failing handler is retried
/// for a little over an hour (Bus: 12 attempts, doubling from 2 s) and then left dead; a delivered
/// event is redelivered only while its outbox row exists (Bus:Retention, 7 days), and its inbox row
/// stops it anyway. 30 days is well past all of these. The one way an older event can come later is
/// an admin retrying a dead event by hand: KeepTaskCounts and KeepCompanyDealCounts ignore an event
/// that occurred before the retention and finds no fact, since its fact may have been removed.
/// </summary>
internal sealed class FactsOptions
{
    public const string Section = "Directory:Facts";

    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Rows deleted per statement, so a cleanup never holds many locks or a long transaction.</summary>
    public int BatchSize { get; set; } = 1000;
}

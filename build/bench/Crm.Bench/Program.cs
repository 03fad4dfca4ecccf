using Crm.Bench;
using Crm.Bench.EventLag;

// Crm.Bench: benchmarks of the building blocks against a real PostgreSQL. See build/bench/README.md.
//
//   dotnet run -c Release --project build/bench/Crm.Bench -- event-lag [options]
//
// Never a test: it prints figures and writes them to build/bench/results/; nothing fails on a time.

const string Usage = """
    usage: Crm.Bench <benchmark> [options]     (--help after a benchmark lists its options)

      event-lag   our bus: commit -> subscriber lag, steady and burst, with a board push throughout
      board       the deals board over HTTP
      suggest     the Directory's suggestions over HTTP
      tasks       the organizer and the board's task filters over HTTP
      endurance   the long runs: kill -9 loops, a soak with flat memory, two instances (never in CI)
      abuse       the abuse limits as shipped: huge bodies, password guessing, the hashing gate, API tokens (never in CI)
      inbox       «Неразобранное» over HTTP: the board's column, managers accepting at once, a burst of mail in the shared mailbox
      tables      the deals table of 1,000,000 deals over all pipelines (without tasks, custom field filters) and the global search
      messaging   the feed of a card among millions of entries, the chat's unread counts, a chat message reaching a colleague
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}
if (args[0] == "board")
{
    return await Crm.Bench.Board.BoardCommand.RunAsync(args[1..], EventLagCommand.RepoRoot());
}
if (args[0] == "suggest")
{
    return await Crm.Bench.Suggest.SuggestCommand.RunAsync(args[1..], EventLagCommand.RepoRoot());
}
if (args[0] == "tasks")
{
    return await Crm.Bench.Tasks.TasksCommand.RunAsync(args[1..], EventLagCommand.RepoRoot());
}
if (args[0] == "endurance")
{
    return await Crm.Bench.Endurance.EnduranceCommand.RunAsync(args[1..], EventLagCommand.RepoRoot());
}
if (args[0] == "abuse")
{
    return await Crm.Bench.Abuse.AbuseCommand.RunAsync(args[1..], EventLagCommand.RepoRoot());
}
if (args[0] == "inbox")
{
    return await Crm.Bench.Inbox.InboxCommand.RunAsync(args[1..], EventLagCommand.RepoRoot());
}
if (args[0] == "tables")
{
    return await Crm.Bench.Tables.TablesCommand.RunAsync(args[1..], EventLagCommand.RepoRoot());
}
if (args[0] == "messaging")
{
    return await Crm.Bench.Messaging.MessagingCommand.RunAsync(args[1..], EventLagCommand.RepoRoot());
}
if (args[0] != "event-lag")
{
    Console.Error.WriteLine($"unknown benchmark: {args[0]}");
    Console.Error.WriteLine(Usage);
    return 2;
}

return await EventLagCommand.RunAsync(args[1..], EventLagCommand.RepoRoot(), new CrmBus());

using Crm.Bench.EventLag;
using Crm.Bench.Wolverine;

// Crm.Bench.Wolverine: the event-lag benchmark against WolverineFx, for ADR 0006. See build/bench/README.md.
//
//   bash build/bench/alternatives.sh wolverine [event-lag options]
//   dotnet run -c Release --project build/bench/Alternatives/Crm.Bench.Wolverine -- event-lag [options]
//   dotnet run -c Release --project build/bench/Alternatives/Crm.Bench.Wolverine -- crash-check [--pg <server>]
//
// Never a test: it prints figures and writes them to build/bench/results/; nothing fails on a time.

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("""
        usage: Crm.Bench.Wolverine <command> [options]

          event-lag     the event-lag benchmark (event-lag --help lists its options)
          crash-check   kill the bus mid-burst, restart it: is every committed event handled exactly once? (CrashCheck.cs)
        """);
    return args.Length == 0 ? 2 : 0;
}
if (args[0] == "crash-check")
{
    return await CrashCheck.RunAsync(args[1..]);
}
if (args[0] == "crash-child")
{
    return await CrashCheck.ChildAsync(args[1]);
}
if (args[0] != "event-lag")
{
    Console.Error.WriteLine($"unknown command: {args[0]}");
    return 2;
}

return await EventLagCommand.RunAsync(args[1..], EventLagCommand.RepoRoot(), new WolverineBus());

using Crm.Bench.EventLag;
using Crm.Bench.Wolverine;

// Crm.Bench.Wolverine: the event-lag benchmark against WolverineFx, for ADR 0006. See build/bench/README.md.
//
//   bash build/bench/alternatives.sh wolverine [event-lag options]
//   dotnet run -c Release --project build/bench/Alternatives/Crm.Bench.Wolverine -- event-lag [options]
//
// Never a test: it prints figures and writes them to build/bench/results/; nothing fails on a time.

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("usage: Crm.Bench.Wolverine event-lag [options]     (event-lag --help lists them)");
    return args.Length == 0 ? 2 : 0;
}
if (args[0] != "event-lag")
{
    Console.Error.WriteLine($"unknown benchmark: {args[0]} (only event-lag)");
    return 2;
}

return await EventLagCommand.RunAsync(args[1..], EventLagCommand.RepoRoot(), new WolverineBus());

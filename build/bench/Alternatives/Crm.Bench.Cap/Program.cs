using Crm.Bench.Cap;
using Crm.Bench.EventLag;

// Crm.Bench.Cap: DotNetCore.CAP on the event-lag benchmark (build/bench/Crm.Bench.Kit), for
// ADR 0006's comparison with our bus. See CapBus for how CAP is wired and what it guarantees.
//
//   dotnet run -c Release --project build/bench/Alternatives/Crm.Bench.Cap -- event-lag [options]
//
// Never a test: it prints figures and writes them to build/bench/results/ (or --out).

const string Usage = """
    usage: Crm.Bench.Cap event-lag [options]     (event-lag --help lists the options)

      event-lag   DotNetCore.CAP: commit -> subscriber lag, steady and burst, with a board push throughout
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}
if (args[0] != "event-lag")
{
    Console.Error.WriteLine($"unknown benchmark: {args[0]}");
    Console.Error.WriteLine(Usage);
    return 2;
}

return await EventLagCommand.RunAsync(args[1..], EventLagCommand.RepoRoot(), new CapBus());

namespace Crm.Bench;

/// <summary>A check of what the host did (never of a time): a failed one makes the run exit 1.</summary>
public sealed record Check(string What, string Seen, bool Passed);

/// <summary>One of an issue's targets against what was measured: printed and kept, never failed on.</summary>
public sealed record Target(string What, string Seen, bool Met);

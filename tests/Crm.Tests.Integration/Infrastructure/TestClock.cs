namespace Crm.Tests.Integration.Infrastructure;

/// <summary>The real clock, which a test can move forward (e.g. past a lockout).</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;

    public void Advance(TimeSpan by) => offset += by;
}

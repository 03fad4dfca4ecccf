namespace Crm.Tests.Integration.Infrastructure;

/// <summary>Waits for something asynchronous (an event landing) without fixed sleeps.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }
            await Task.Delay(50);
        }
    }
}

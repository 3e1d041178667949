namespace CheckIns.Processor.Tests.Support;

/// <summary>Waits for asynchronous work by polling a condition with a bounded timeout; never a fixed sleep.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not become true in time.");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}

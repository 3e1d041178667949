namespace DaprEmulator.Runner;

public static class EmulatorCommandLine
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("usage: DaprEmulator run -f <dapr.yaml>");
        return Task.FromResult(args.Length == 0 ? 2 : 2);
    }
}

using DaprEmulator.Runner;

namespace DaprEmulator;

/// <summary>The emulator's command line; a named entry point keeps a global <c>Program</c> free for the apps tested beside it.</summary>
public static class EmulatorProgram
{
    public static Task<int> Main(string[] args) => EmulatorCommandLine.RunAsync(args);
}

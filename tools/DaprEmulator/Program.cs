using DaprEmulator.Runner;

return await EmulatorCommandLine.RunAsync(args);

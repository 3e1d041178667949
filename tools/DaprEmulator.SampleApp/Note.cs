namespace DaprEmulator.SampleApp;

/// <summary>What the sample app publishes and receives.</summary>
public sealed record Note(string Text);

namespace DaprEmulator.Tests.Support;

public sealed record Order(string Key, int Sequence, string? Note = null);

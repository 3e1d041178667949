using CheckIns.Domain.Model;

namespace CheckIns.Domain.Config;

/// <summary>The merged config, or the errors; the owner string taken out of the config first (R46).</summary>
internal sealed record ConfigValidation(MonitorConfig? Config, IReadOnlyDictionary<string, IReadOnlyList<string>>? Errors, string? Owner);

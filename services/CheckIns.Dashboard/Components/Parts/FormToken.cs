namespace CheckIns.Dashboard.Components.Parts;

/// <summary>
/// The antiforgery field a form of a refreshed fragment carries: computed by the page or the fragment endpoint, so
/// that the forms stay valid whichever of the two rendered them.
/// </summary>
public sealed record FormToken(string FieldName, string Value);

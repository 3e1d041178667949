namespace CheckIns.ServiceDefaults.Auth;

/// <summary>Endpoint metadata: the route needs a project auth token (read by the OpenAPI document).</summary>
public sealed class ProjectTokenRequirement;

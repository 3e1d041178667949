using System.Net;
using Grpc.Core;

namespace DaprEmulator.Core;

/// <summary>An error daprd would answer with: an error code, an HTTP status and a gRPC status.</summary>
public sealed class DaprApiException(DaprErrorCode code, string message) : Exception(message)
{
    public DaprErrorCode Code { get; } = code;
}

public sealed record DaprErrorCode(string Name, HttpStatusCode HttpStatus, StatusCode GrpcStatus);

/// <summary>The error codes of daprd's API that the emulator answers with (dapr/dapr pkg/messages).</summary>
public static class DaprErrorCodes
{
    public static readonly DaprErrorCode BadRequest = new("ERR_MALFORMED_REQUEST", HttpStatusCode.BadRequest, StatusCode.InvalidArgument);
    public static readonly DaprErrorCode PubSubNotConfigured = new("ERR_PUBSUB_NOT_CONFIGURED", HttpStatusCode.BadRequest, StatusCode.FailedPrecondition);
    public static readonly DaprErrorCode PubSubNotFound = new("ERR_PUBSUB_NOT_FOUND", HttpStatusCode.NotFound, StatusCode.InvalidArgument);
    public static readonly DaprErrorCode PubSubForbidden = new("ERR_PUBSUB_FORBIDDEN", HttpStatusCode.Forbidden, StatusCode.PermissionDenied);
    public static readonly DaprErrorCode PubSubPublishFailed = new("ERR_PUBSUB_PUBLISH_MESSAGE", HttpStatusCode.InternalServerError, StatusCode.Internal);
    public static readonly DaprErrorCode StateStoreNotConfigured = new("ERR_STATE_STORE_NOT_CONFIGURED", HttpStatusCode.InternalServerError, StatusCode.FailedPrecondition);
    public static readonly DaprErrorCode StateStoreNotFound = new("ERR_STATE_STORE_NOT_FOUND", HttpStatusCode.BadRequest, StatusCode.InvalidArgument);
    public static readonly DaprErrorCode StateETagMismatch = new("ERR_STATE_SAVE", HttpStatusCode.Conflict, StatusCode.Aborted);
    public static readonly DaprErrorCode StateSaveFailed = new("ERR_STATE_SAVE", HttpStatusCode.InternalServerError, StatusCode.Internal);
    public static readonly DaprErrorCode ReminderSaveFailed = new("ERR_ACTOR_REMINDER_CREATE", HttpStatusCode.InternalServerError, StatusCode.Internal);
    public static readonly DaprErrorCode StateETagInvalid = new("ERR_STATE_SAVE", HttpStatusCode.BadRequest, StatusCode.InvalidArgument);
    public static readonly DaprErrorCode ActorRuntimeNotFound = new("ERR_ACTOR_RUNTIME_NOT_FOUND", HttpStatusCode.InternalServerError, StatusCode.Internal);
    public static readonly DaprErrorCode ActorStateTransactionSave = new("ERR_ACTOR_STATE_TRANSACTION_SAVE", HttpStatusCode.InternalServerError, StatusCode.Internal);
    public static readonly DaprErrorCode ActorInvoke = new("ERR_ACTOR_INVOKE_METHOD", HttpStatusCode.InternalServerError, StatusCode.Internal);
    public static readonly DaprErrorCode ActorReminder = new("ERR_ACTOR_REMINDER_NON_HOSTED", HttpStatusCode.BadRequest, StatusCode.InvalidArgument);
    public static readonly DaprErrorCode ActorTimer = new("ERR_ACTOR_TIMER_CREATE", HttpStatusCode.InternalServerError, StatusCode.Internal);
    public static readonly DaprErrorCode SecretStoreNotConfigured = new("ERR_SECRET_STORES_NOT_CONFIGURED", HttpStatusCode.InternalServerError, StatusCode.FailedPrecondition);
    public static readonly DaprErrorCode SecretStoreNotFound = new("ERR_SECRET_STORE_NOT_FOUND", HttpStatusCode.Unauthorized, StatusCode.InvalidArgument);
    public static readonly DaprErrorCode SecretGet = new("ERR_SECRET_GET", HttpStatusCode.InternalServerError, StatusCode.Internal);
    public static readonly DaprErrorCode DirectInvoke = new("ERR_DIRECT_INVOKE", HttpStatusCode.InternalServerError, StatusCode.Internal);
}

using System.Collections.Concurrent;
using System.Text.Json;
using CheckIns.Contracts;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace CheckIns.Ingest.Publishing;

/// <summary>
/// Publishes through the Dapr sidecar, each check-in keyed by its monitor (<c>partitionKey</c> per entry), so that
/// one monitor's check-ins stay in order on one partition. Requests that arrive together share bulk publish calls:
/// each request queues its check-ins, and up to <see cref="IngestOptions.PublishConcurrency"/> senders take whatever
/// is queued (up to <see cref="IngestOptions.PublishBatchMaxEntries"/>) into one call, so a busy ingest makes few
/// large calls and an idle one sends at once. A request returns only when the sidecar has taken all of its
/// check-ins; otherwise it throws <see cref="CheckInPublishException"/> naming those it did not take.
/// </summary>
public sealed partial class DaprCheckInPublisher : ICheckInPublisher, IAsyncDisposable
{
    private readonly SidecarBulkPublisher _sidecar;
    private readonly TimeProvider _time;
    private readonly ILogger<DaprCheckInPublisher> _logger;

    // A lock-free queue and a count of running senders, started on demand: a channel's lock, taken by every request
    // and every sender, was where a loaded ingest spent a quarter of its CPU (bench/README.md, ingest).
    private readonly ConcurrentQueue<PendingCheckIns> _queue = new();
    private readonly TaskCompletionSource _sendersDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _maxEntries;
    private readonly int _maxSenders;
    private readonly TimeSpan _timeout;
    private int _activeSenders;
    private int _closed;

    public DaprCheckInPublisher(SidecarBulkPublisher sidecar, IOptions<IngestOptions> options, TimeProvider time, ILogger<DaprCheckInPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _sidecar = sidecar;
        _time = time;
        _logger = logger;
        _maxEntries = Math.Max(1, options.Value.PublishBatchMaxEntries);
        _maxSenders = Math.Max(1, options.Value.PublishConcurrency);
        _timeout = TimeSpan.FromSeconds(Math.Max(1, options.Value.PublishTimeoutSeconds));
    }

    public async Task PublishAsync(IReadOnlyList<CheckInMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        if (Volatile.Read(ref _closed) != 0)
        {
            throw new CheckInPublishException("The publisher is shutting down.") { UnpublishedMessageIds = [.. messages.Select(m => m.MessageId)] };
        }

        // Serialised here, on the request's own thread, so that the senders only batch and send.
        var pending = new PendingCheckIns(messages);
        _queue.Enqueue(pending);
        if (TryClaimSender())
        {
            // The sender outlives this request: it drains what other requests queue too, so it takes no request token.
            _ = Task.Run(SendWhileQueuedAsync, CancellationToken.None);
        }

        await pending.Completion.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Whatever is queued is still sent; the requests waiting for it get their answer. Either this sees no sender
        // running, or the last sender to stop sees the publisher closed and says so (both sides fence).
        Interlocked.Exchange(ref _closed, 1);
        if (Volatile.Read(ref _activeSenders) > 0)
        {
            await _sendersDone.Task;
        }
    }

    private bool TryClaimSender()
    {
        var active = Volatile.Read(ref _activeSenders);
        while (active < _maxSenders)
        {
            var seen = Interlocked.CompareExchange(ref _activeSenders, active + 1, active);
            if (seen == active)
            {
                return true;
            }

            active = seen;
        }

        return false;
    }

    /// <summary>Sends what is queued, call after call, and stops when the queue is empty.</summary>
    private async Task SendWhileQueuedAsync()
    {
        var batch = new List<PendingCheckIns>();
        PendingCheckIns? carried = null;
        while (true)
        {
            batch.Clear();
            var entries = 0;
            if (carried is not null)
            {
                batch.Add(carried);
                entries = carried.Entries.Count;
                carried = null;
            }

            while (entries < _maxEntries && _queue.TryDequeue(out var next))
            {
                if (batch.Count > 0 && entries + next.Entries.Count > _maxEntries)
                {
                    // A request is never split: it opens the next call.
                    carried = next;
                    break;
                }

                batch.Add(next);
                entries += next.Entries.Count;
            }

            if (batch.Count > 0)
            {
                await SendAsync(batch, entries);
                continue;
            }

            // Released before the last look, so that a request queued meanwhile either is seen here or starts a sender.
            Interlocked.Decrement(ref _activeSenders);
            if (_queue.IsEmpty || !TryClaimSender())
            {
                if (Volatile.Read(ref _activeSenders) == 0 && Volatile.Read(ref _closed) != 0)
                {
                    _sendersDone.TrySetResult();
                }

                return;
            }
        }
    }

    private async Task SendAsync(List<PendingCheckIns> batch, int entries)
    {
        var request = new Autogen.BulkPublishRequest { PubsubName = DaprNames.CheckInsPubSub, Topic = Topics.IngestMonitors };
        foreach (var pending in batch)
        {
            foreach (var entry in pending.Entries)
            {
                // Entry ids number the call's entries, so a failed id leads back to its request.
                entry.EntryId = request.Entries.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                request.Entries.Add(entry);
            }
        }

        HashSet<string> failed;
        string? error;
        Exception? exception = null;
        var started = _time.GetTimestamp();
        try
        {
            using var timeout = new CancellationTokenSource(_timeout, _time);
            var response = await _sidecar.PublishAsync(request, timeout.Token);
            failed = [.. response.FailedEntries.Select(f => f.EntryId)];
            error = response.FailedEntries.Count > 0 ? response.FailedEntries[0].Error : null;
        }
        catch (Exception e)
        {
            // A sidecar that is down, refuses or times out: every check-in of the call is unpublished, and each
            // request answers 503 so that its client retries.
            LogPublishFailed(_logger, e, entries, batch.Count);
            exception = e;
            failed = [.. request.Entries.Select(x => x.EntryId)];
            error = e.Message;
        }

        if (failed.Count > 0 && exception is null)
        {
            LogBulkPartialFailure(_logger, failed.Count, entries, error ?? "unknown");
        }
        else if (failed.Count == 0)
        {
            // One line per call rather than per request: a busy ingest answers thousands of requests a second.
            LogPublished(_logger, entries, batch.Count, (long)_time.GetElapsedTime(started).TotalMilliseconds);
        }

        foreach (var pending in batch)
        {
            pending.Complete(failed, error, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published {Count} check-ins of {Requests} requests in {ElapsedMs} ms")]
    private static partial void LogPublished(ILogger logger, int count, int requests, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} check-ins of {Requests} requests failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, int count, int requests);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bulk publish left {Failed} of {Count} check-ins unpublished: {Error}")]
    private static partial void LogBulkPartialFailure(ILogger logger, int failed, int count, string error);

    /// <summary>One request's check-ins, as bulk entries, and the request waiting for them.</summary>
    private sealed class PendingCheckIns
    {
        private readonly IReadOnlyList<CheckInMessage> _messages;
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PendingCheckIns(IReadOnlyList<CheckInMessage> messages)
        {
            _messages = messages;
            Entries = [.. messages.Select(ToEntry)];
        }

        public List<Autogen.BulkPublishRequestEntry> Entries { get; }

        public Task Completion => _done.Task;

        public void Complete(HashSet<string> failedEntryIds, string? error, Exception? exception)
        {
            var unpublished = new List<string>();
            for (var i = 0; i < Entries.Count; i++)
            {
                if (failedEntryIds.Contains(Entries[i].EntryId))
                {
                    unpublished.Add(_messages[i].MessageId);
                }
            }

            if (unpublished.Count == 0)
            {
                _done.TrySetResult();
                return;
            }

            _done.TrySetException(new CheckInPublishException($"{unpublished.Count} of {_messages.Count} check-ins were not published: {error}", exception)
            {
                UnpublishedMessageIds = unpublished,
            });
        }

        private static Autogen.BulkPublishRequestEntry ToEntry(CheckInMessage message)
        {
            // Serialised with the contracts' context (snake_case); the sidecar wraps each entry in a CloudEvent.
            var entry = new Autogen.BulkPublishRequestEntry
            {
                Event = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(message, ContractsJsonContext.Default.CheckInMessage)),
                ContentType = "application/json",
            };
            entry.Metadata.Add(PubSubMetadata.PartitionKey, message.MonitorKey);
            return entry;
        }
    }
}

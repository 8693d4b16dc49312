using System.Text.Json;
using Tracking.Contracts;
using Tracking.Contracts.Api;
using Tracking.Contracts.Validation;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Storage;
using Tracking.Ingest.Retry;

namespace Tracking.Ingest;

/// <summary>The write routes: one update, or a batch of up to 100. <c>All</c> is generated from openapi.json.</summary>
[RouteHandlers(ApiRoutes.IngestFunction)]
public sealed partial class IngestRoutes(AcceptingWriter writer, EventRules rules)
{
    public const int MaxBatchSize = 100;

    /// <summary>Batch items are written concurrently, bounded so one batch cannot monopolise the table's partitions.</summary>
    private const int BatchConcurrency = 8;

    public async ValueTask PostEventAsync(ApiRequest request, ResponseBuilder response, CancellationToken cancellationToken)
    {
        if (!JsonBody.TryRead(request.Event, ResponseBuilder.Context.TrackingEventRequest, response, EventFields.Describe, out var body)) return;

        var errors = new List<FieldError>();
        var trackingId = request.Event.GetPathParameter("trackingId");
        if (body!.TrackingId is not null && !string.Equals(body.TrackingId, trackingId, StringComparison.Ordinal))
        {
            errors.Add(new FieldError("trackingId", "must match the tracking id in the path, or be left out"));
        }
        var validated = EventValidator.Validate(body, trackingId, rules, errors);
        if (validated is null || errors.Count > 0)
        {
            response.ValidationProblem(errors, request.Path);
            return;
        }

        var queueFirst = writer.CanQueue && PreferHeader.WantsRespondAsync(request.Event.GetHeader(PreferHeader.Name));
        var attempt = await writer.WriteAsync(body, validated, request, queueFirst, cancellationToken).ConfigureAwait(false);
        if (attempt.Result is not { } result)
        {
            RetryResponses.AcceptedOrUnavailable(response, attempt, validated, EventLocation(request, validated), queueFirst);
            if (attempt.Accepted) writer.RecordAccepted(1, request.Event.RequestContext?.RequestId);
            return;
        }
        switch (result.Outcome)
        {
            case AppendOutcome.Created:
                response.WriteJson(201, result.Stored, ResponseBuilder.Context.TrackingEventResponse);
                response.Header("location", EventLocation(request, validated));
                break;
            case AppendOutcome.Duplicate:
                result.Stored.Duplicate = true;
                response.WriteJson(200, result.Stored, ResponseBuilder.Context.TrackingEventResponse);
                response.Header("location", EventLocation(request, validated));
                break;
            case AppendOutcome.Gone:
                response.Problem(ProblemTypes.PackageErased, GoneDetail(validated.TrackingId), instance: request.Path);
                break;
            default:
                response.Problem(ProblemTypes.EventConflict, ConflictDetail(validated.EventId), instance: EventLocation(request, validated));
                break;
        }
    }

    public async ValueTask PostBatchAsync(ApiRequest request, ResponseBuilder response, CancellationToken cancellationToken)
    {
        if (!JsonBody.TryRead(request.Event, ResponseBuilder.Context.BatchRequest, response, BatchField, out var body)) return;

        var events = body!.Events;
        if (events is null || events.Count == 0 || events.Count > MaxBatchSize)
        {
            response.ValidationProblem([new FieldError("events", events is null ? "is required" : $"must hold 1 to {MaxBatchSize} events, not {events.Count}")], request.Path);
            return;
        }

        var items = new TrackingEventRequest?[events.Count];
        var results = new BatchItemResult[events.Count];
        var valid = ValidateItems(events, items, results);
        var queueFirst = writer.CanQueue && PreferHeader.WantsRespondAsync(request.Event.GetHeader(PreferHeader.Name));
        var unavailable = 0;

        // Items sharing an event id are written one after another in request order, so the first one is the one
        // created and the outcome never depends on timing; distinct events are written concurrently.
        var options = new ParallelOptions { MaxDegreeOfParallelism = BatchConcurrency, CancellationToken = cancellationToken };
        if (HasRepeatedEventIds(valid))
        {
            var groups = valid.GroupBy(v => (v.Event.TrackingId, v.Event.EventId)).ToList();
            await Parallel.ForEachAsync(groups, options, async (group, ct) =>
            {
                foreach (var entry in group) await WriteOneAsync(entry, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        else
        {
            await Parallel.ForEachAsync(valid, options, WriteOneAsync).ConfigureAwait(false);
        }

        async ValueTask WriteOneAsync((int Index, ValidatedEvent Event) entry, CancellationToken ct)
        {
            var attempt = await writer.WriteAsync(items[entry.Index]!, entry.Event, request, queueFirst, ct).ConfigureAwait(false);
            if (attempt.Unavailable) Interlocked.Increment(ref unavailable);
            results[entry.Index] = attempt.Result is { } written ? ToBatchResult(entry.Index, entry.Event, written) : RetryResponses.AcceptedItem(entry.Index, entry.Event);
        }

        // An item neither written nor queued: the whole batch is 503, and safe to resend (what was written is a duplicate then).
        if (unavailable > 0)
        {
            RetryResponses.Unavailable(response);
            return;
        }

        var summary = Summarize(results);
        writer.RecordAccepted(summary.Accepted, request.Event.RequestContext?.RequestId);
        // respond-async is applied when something was queued at the client's request; a queue that failed left the items written.
        var applied = queueFirst && summary.Accepted > 0;
        response.WriteJson(applied ? 202 : 200, summary, ResponseBuilder.Context.BatchResponse);
        if (applied) response.Header(PreferHeader.AppliedName, PreferHeader.RespondAsync);
    }

    /// <summary>Each item through the single-update rules: invalid ones get their result now, valid ones are returned to write.</summary>
    private List<(int Index, ValidatedEvent Event)> ValidateItems(List<JsonElement> events, TrackingEventRequest?[] items, BatchItemResult[] results)
    {
        var valid = new List<(int Index, ValidatedEvent Event)>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var errors = new List<FieldError>();
            var item = JsonBody.TryConvert(events[i], ResponseBuilder.Context.TrackingEventRequest, EventFields.Describe, errors);
            var validated = item is null ? null : EventValidator.Validate(item, item.TrackingId, rules, errors);
            items[i] = item;
            if (validated is null)
            {
                results[i] = new BatchItemResult
                {
                    Index = i,
                    TrackingId = item?.TrackingId,
                    EventId = item?.EventId,
                    Result = BatchOutcome.Invalid,
                    Status = 400,
                    Errors = errors,
                };
                continue;
            }
            valid.Add((i, validated));
        }
        return valid;
    }

    private static BatchResponse Summarize(BatchItemResult[] results)
    {
        var summary = new BatchResponse { Items = [.. results] };
        foreach (var r in results)
        {
            switch (r.Result)
            {
                case BatchOutcome.Created: summary.Created++; break;
                case BatchOutcome.Duplicate: summary.Duplicates++; break;
                case BatchOutcome.Conflict: summary.Conflicts++; break;
                case BatchOutcome.Gone: summary.Gone++; break;
                case BatchOutcome.Accepted: summary.Accepted++; break;
                default: summary.Invalid++; break;
            }
        }
        return summary;
    }

    private static bool HasRepeatedEventIds(List<(int Index, ValidatedEvent Event)> items)
    {
        var seen = new HashSet<(string, string)>(items.Count);
        foreach (var (_, e) in items)
        {
            if (!seen.Add((e.TrackingId, e.EventId))) return true;
        }
        return false;
    }

    private static BatchItemResult ToBatchResult(int index, ValidatedEvent e, AppendResult written) => written.Outcome switch
    {
        AppendOutcome.Created => new BatchItemResult
        {
            Index = index, TrackingId = e.TrackingId, EventId = e.EventId, Result = BatchOutcome.Created, Status = 201,
            Event = written.Stored,
        },
        AppendOutcome.Duplicate => new BatchItemResult
        {
            Index = index, TrackingId = e.TrackingId, EventId = e.EventId, Result = BatchOutcome.Duplicate, Status = 200,
            Event = written.Stored,
        },
        AppendOutcome.Gone => new BatchItemResult
        {
            Index = index, TrackingId = e.TrackingId, EventId = e.EventId, Result = BatchOutcome.Gone, Status = 410,
            Detail = GoneDetail(e.TrackingId),
        },
        _ => new BatchItemResult
        {
            Index = index, TrackingId = e.TrackingId, EventId = e.EventId, Result = BatchOutcome.Conflict, Status = 409,
            Detail = ConflictDetail(e.EventId),
        },
    };

    private static string GoneDetail(string trackingId)
        => $"package '{trackingId}' was erased; updates for it are refused and nothing was stored";

    private static string ConflictDetail(string eventId)
        => $"event '{eventId}' is already stored with different content; an event id identifies one update, so send a new eventId for a new update";

    private static string EventLocation(ApiRequest request, ValidatedEvent e)
        => $"{request.BasePath}/v1/tracking/{e.TrackingId}/events/{Uri.EscapeDataString(e.EventId)}";

    private static string BatchField(string field) => field == "events" ? "must be an array of event objects" : "is not a known field (the body is {\"events\": [...]})";
}

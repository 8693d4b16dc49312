using System.Text;
using Tracking.LocalStack.Faults;
using Xunit.Abstractions;

namespace Tracking.Integration.Tests.Faults;

/// <summary>
/// Every fault the proxy can inject, on each DynamoDB operation the write path uses, for each write case: afterwards
/// (and after the client's retry when the answer was a 5xx) no event is lost or stored twice, eventCount equals
/// the events stored, the state is the newest by event time, and what the client was told is true. The outcome of
/// every cell goes to artifacts/faults/fault-matrix.md.
/// </summary>
[Collection(DynaliteCollection.Name)]
public sealed class FaultMatrixTests(DynaliteFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Always = 1000;
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(2.5);

    public static readonly (string Name, Fault Fault, int Times)[] Faults =
    [
        ("delay 2.5 s", Fault.Delay(Stall), 1),
        ("withhold response 2.5 s", Fault.Withhold(Stall), 1),
        ("drop response", Fault.Drop, 1),
        ("connection reset", Fault.Reset, 1),
        ("ThrottlingException", Fault.Throttling, Always),
        ("ProvisionedThroughputExceeded", Fault.ProvisionedThroughputExceeded, Always),
        ("500 InternalServerError", Fault.InternalServerError, Always),
        ("503 ServiceUnavailable", Fault.ServiceUnavailable, Always),
    ];

    public static readonly string[] Operations = ["PutItem", "UpdateItem", "Query"];

    private DynamoDbFaultProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await DynamoDbFaultProxy.StartAsync(fixture.Endpoint);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task EveryFaultOnEveryWriteCaseKeepsTheInvariantsAndTellsTheTruth()
    {
        using var api = new Api(fixture, endpoint: _proxy.Endpoint.ToString()) { Deadline = TimeSpan.FromSeconds(10) };
        var violations = new List<string>();
        var table = new StringBuilder("| fault | operation | " + string.Join(" | ", WriteCase.All.Select(c => c.Name)) + " |\n|---|---|" + string.Concat(WriteCase.All.Select(_ => "---|")) + "\n");

        foreach (var (faultName, fault, times) in Faults)
        {
            foreach (var operation in Operations)
            {
                table.Append($"| {faultName} | {operation} |");
                foreach (var writeCase in WriteCase.All)
                {
                    var (cell, problems) = await RunAsync(api, writeCase, operation, fault, times);
                    table.Append($" {cell} |");
                    violations.AddRange(problems.Select(p => $"{faultName} on {operation}, {writeCase.Name}: {p}"));
                }
                table.Append('\n');
            }
        }

        output.WriteLine(table.ToString());
        Directory.CreateDirectory(ArtifactsDirectory);
        await File.WriteAllTextAsync(Path.Combine(ArtifactsDirectory, "fault-matrix.md"), table.ToString());
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    private async Task<(string Cell, List<string> Problems)> RunAsync(Api api, WriteCase writeCase, string operation, Fault fault, int times)
    {
        var trackingId = Events.NewTrackingId("FLT");
        _proxy.Clear();
        await writeCase.ArrangeAsync(api, trackingId);
        _proxy.Inject(operation, fault, times: times);

        var first = await writeCase.ActAsync(api, trackingId);
        var told = WriteCase.Describe(first);
        var cell = told;
        var problems = new List<string>();
        _proxy.Clear();
        if (first.Status >= 500)
        {
            if (first.Status != 503 || first.Header("retry-after") is null) problems.Add($"a {first.Status} without Retry-After: {first}");
            var retry = await writeCase.ActAsync(api, trackingId);
            told = WriteCase.Describe(retry);
            cell += " → " + told;
            if (!writeCase.IsTrueAfterRetry(told)) problems.Add($"the retry was told {told}: {retry}");
        }
        else if (told != writeCase.Told)
        {
            problems.Add($"told {told}, but {writeCase.Told} is what happened: {first}");
        }

        var ledger = await PackageLedger.ReadAsync(fixture, trackingId);
        var stored = ledger.EventIds.Order(StringComparer.Ordinal).ToArray();
        if (!stored.SequenceEqual(writeCase.Stored)) problems.Add($"stored [{string.Join(",", stored)}], expected [{string.Join(",", writeCase.Stored)}]");
        if (ledger.EventCount != stored.Length) problems.Add($"eventCount {ledger.EventCount?.ToString() ?? "missing"} for {stored.Length} stored events");
        if (writeCase.Name == "conflict" && ledger.Events.Single()["status"].S != "in_transit") problems.Add("the conflicting update replaced the stored event");
        if (ledger.StateEventId != writeCase.Newest) problems.Add($"state shows {ledger.StateEventId ?? "nothing"}, newest is {writeCase.Newest}");
        return (cell, problems);
    }

    private static string ArtifactsDirectory => Path.Combine(Tracking.LocalStack.RepoRoot.Find() ?? ".", "artifacts", "faults");
}

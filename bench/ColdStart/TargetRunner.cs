namespace Tracking.Bench.ColdStart;

/// <summary>
/// Cold starts then warm invocations of one target (function × build) over every transport. The cold starts are
/// interleaved (run 1 of each transport, then run 2, ..., rotating which goes first), so load from other work on the
/// machine falls on every transport alike and the differences between them stay readable on a busy machine.
/// </summary>
public sealed class TargetRunner(Target target, IReadOnlyList<(Transport Transport, IReadOnlyDictionary<string, string> Environment)> transports,
    HarnessOptions options, TextWriter log)
{
    public async Task<IReadOnlyList<TargetResult>> RunAsync(CancellationToken cancellationToken)
    {
        var runs = transports.Select(t => new TransportRun(target, t.Transport, t.Environment, options, log)).ToList();
        try
        {
            for (var run = 0; run < target.ColdRuns; run++)
            {
                for (var k = 0; k < runs.Count; k++) await runs[(run + k) % runs.Count].ColdStartAsync(cancellationToken);
            }
            var results = new List<TargetResult>(runs.Count);
            foreach (var transportRun in runs) results.Add(await transportRun.WarmAsync(cancellationToken));
            return results;
        }
        finally
        {
            foreach (var transportRun in runs) await transportRun.DisposeAsync();
        }
    }
}
